import type { Sched } from '../../kernel/index.js';
import { type HmmSelf } from './hmm_fixture.js';
/** Exclusive access, taken back by CPU read-modify-writes; no ATOMIC entry survives. */
export declare function exclusive(self: HmmSelf): Sched;
/** Exclusive access, then mprotect PROT_READ: a device write is refused (-EPERM). */
export declare function exclusive_mprotect(self: HmmSelf): Sched;
/** Exclusive access, then fork: each process takes its own copy back and increments it. */
export declare function exclusive_cow(self: HmmSelf): Sched;
