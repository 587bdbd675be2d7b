import { type Sched } from '../kernel/index.js';
import { type MmStruct } from './mm_struct.js';
import { type VmAreaStruct } from './vma.js';
/** The mremap(2) system call for `mm`'s process. Returns the (new) address or a negative errno. */
export declare function do_mremap(mm: MmStruct, addr: number, old_len: number, new_len: number, flags: number, new_addr?: number): Sched<number>;
/**
 * move_page_tables(): carry the entries of [old_addr, old_addr+len) to new_addr, inside an
 * MMU_NOTIFY_UNMAP invalidation of the old range.
 */
export declare function move_page_tables(vma: VmAreaStruct, old_addr: number, new_addr: number, len: number): Sched;
