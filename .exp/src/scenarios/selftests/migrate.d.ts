import type { Sched } from '../../kernel/index.js';
import { type HmmBuffer, type HmmSelf } from './hmm_fixture.js';
import { type Proc } from './libc.js';
/** hmm_migrate_sys_to_dev(): MIGRATE_TO_DEV of npages from buffer->ptr. */
export declare function hmm_migrate_sys_to_dev(p: Proc, fd: number, buffer: HmmBuffer, npages: number): Sched<number>;
/** hmm_migrate_dev_to_sys(): MIGRATE_TO_SYS of npages from buffer->ptr. */
export declare function hmm_migrate_dev_to_sys(p: Proc, fd: number, buffer: HmmBuffer, npages: number): Sched<number>;
/** Migrate anonymous memory to device memory: all of it moves and reads back intact. */
export declare function migrate(self: HmmSelf): Sched;
/** Migrate a private file mapping (its pages COW-copied into anonymous memory by the writes). */
export declare function migrate_file_private(self: HmmSelf): Sched;
/** Migrate, fault half back with CPU reads, migrate the mix of system and device pages again. */
export declare function migrate_fault(self: HmmSelf): Sched;
/** Migrate, RELEASE all device memory (evicted back to system memory), read half on the CPU. */
export declare function migrate_release(self: HmmSelf): Sched;
/** Shared anonymous memory (shmem) cannot move to device memory: -ENOENT from the read-back. */
export declare function migrate_shared(self: HmmSelf): Sched;
/** NTIMES rounds of migrate to the device and back (CPU faults, or MIGRATE_TO_SYS for coherent). */
export declare function migrate_multiple(self: HmmSelf): Sched;
