import { type Thread, type Waitable } from './sched.js';
export interface LockBase extends Waitable {
    /** Lock class, e.g. "mm->mmap_lock". */
    readonly cls: string;
}
export interface HeldLock {
    lock: LockBase;
    read: boolean;
    step: number;
}
/** Called when a thread starts to acquire `lock` (before it may block). */
export declare function lock_acquire(lock: LockBase, trylock: boolean): void;
export declare function lock_acquired(t: Thread, lock: LockBase, read: boolean): void;
export declare function lock_release(t: Thread, lock: LockBase): void;
export declare function lock_is_held(lock: LockBase, t?: Thread): boolean;
/** lockdep_assert_held(): the current thread holds `lock` (in any mode). */
export declare function lockdep_assert_held(lock: LockBase, where: string): void;
/** lockdep_assert_held_write(): held, and not for read. */
export declare function lockdep_assert_held_write(lock: LockBase, where: string): void;
/**
 * might_sleep(): the current thread is about to sleep. Holding a spinlock, or being inside a
 * non_block_start() section (a non-blockable mmu notifier invalidation), makes that a bug.
 */
export declare function might_sleep(where: string): void;
/**
 * struct lockdep_map: a lock class with no lock behind it (a pseudo-lock), for dependencies
 * the kernel annotates by hand: reclaim (fs_reclaim), the mmu notifier invalidation
 * (mmu_notifier_invalidate_range_start). Acquiring one never blocks; it records the order
 * against the locks the thread holds, and while held, the locks taken under it.
 */
export declare class LockdepMap implements LockBase {
    readonly cls: string;
    readonly label: string;
    constructor(cls: string);
    holders(): string;
}
/** lock_map_acquire(): take the pseudo-lock (exclusive, so taking it twice is recursion). */
export declare function lock_map_acquire(map: LockdepMap): void;
/** lock_map_release(). */
export declare function lock_map_release(map: LockdepMap): void;
/** non_block_start()/non_block_end(): the OOM reaper's "must not sleep" section. */
export declare function non_block_start(): void;
export declare function non_block_end(): void;
