/*
 * What a driver's copy_to_user / copy_from_user reach: the user memory of the task that made
 * the system call. The process layer of the caller implements it (the selftests' libc); the
 * driver never touches user memory any other way. Owns no state.
 */

import type { Sched } from '../../kernel/index.js';

export interface UserAccess {
  /** Copy `src` to user address `addr`; returns the number of bytes NOT copied (0 on success). */
  copy_to_user(addr: number, src: Uint8Array): Sched<number>;
  /** Fill `dst` from user address `addr`; returns the number of bytes NOT copied. */
  copy_from_user(dst: Uint8Array, addr: number): Sched<number>;
}
