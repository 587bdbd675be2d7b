import type { Sched } from '../../kernel/index.js';
import { type HmmSelf } from './hmm_fixture.js';
/** The device reads a file through a shared mapping of it. */
export declare function file_read(self: HmmSelf): Sched;
/** The device writes through a shared file mapping; the bytes must land in the page cache. */
export declare function file_write(self: HmmSelf): Sched;
/** Snapshot of the driver's own mapping (vm_insert_page: VM_MIXEDMAP) without faulting. */
export declare function mixedmap(self: HmmSelf): Sched;
