import type { Sched } from '../../kernel/index.js';
export interface UserAccess {
    /** Copy `src` to user address `addr`; returns the number of bytes NOT copied (0 on success). */
    copy_to_user(addr: number, src: Uint8Array): Sched<number>;
    /** Fill `dst` from user address `addr`; returns the number of bytes NOT copied. */
    copy_from_user(dst: Uint8Array, addr: number): Sched<number>;
}
