import type { Sched } from '../../kernel/index.js';
import { type HmmSelf } from './hmm_fixture.js';
/** Opening and closing the device, nothing more: the fixture does all the work. */
export declare function open_close(_self: HmmSelf): Sched;
/** Read private anonymous memory (pte_none, zero page and populated pages). */
export declare function anon_read(self: HmmSelf): Sched;
/** Read private anonymous memory protected with PROT_NONE: -EFAULT, nothing copied out. */
export declare function anon_read_prot(self: HmmSelf): Sched;
/** The device writes a private anonymous buffer; the CPU sees its bytes. */
export declare function anon_write(self: HmmSelf): Sched;
/** Write private anonymous memory mapped PROT_READ: -EPERM, then OK after mprotect RW. */
export declare function anon_write_prot(self: HmmSelf): Sched;
/** NTIMES rounds of: map a fresh anonymous buffer, have the device read it. */
export declare function anon_read_multiple(self: HmmSelf): Sched;
