import { KObj, WaitQueueHead, type LockBase, type Sched, type Thread } from '../kernel/index.js';
import { type MmStruct } from './mm_struct.js';
import { type MmuNotifierRange, type MmuNotifierSubscriptions } from './mmu_notifier.js';
/** struct interval_tree_node: [start, last], last inclusive. */
export declare class IntervalTreeNode<T = unknown> {
    readonly owner: T;
    start: number;
    last: number;
    subtree_last: number;
    left: IntervalTreeNode<T> | null;
    right: IntervalTreeNode<T> | null;
    /** 0 while not in a tree (the kernel's RB_EMPTY_NODE). */
    height: number;
    /** Tie-break between equal starts: creation order. */
    readonly id: number;
    constructor(owner: T);
}
export declare class IntervalTree<T = unknown> {
    root: IntervalTreeNode<T> | null;
    size: number;
    /** Bumped by every insert/remove (the I1 check compares it). */
    gen: number;
}
/** interval_tree_insert(). */
export declare function interval_tree_insert<T>(node: IntervalTreeNode<T>, tree: IntervalTree<T>): void;
/** interval_tree_remove(). */
export declare function interval_tree_remove<T>(node: IntervalTreeNode<T>, tree: IntervalTree<T>): void;
/** interval_tree_iter_first(): the leftmost node intersecting [start, last], or null. */
export declare function interval_tree_iter_first<T>(tree: IntervalTree<T>, start: number, last: number): IntervalTreeNode<T> | null;
/** Every node intersecting [start, last], in order (the whole iter_first/iter_next walk). */
export declare function interval_tree_collect<T>(tree: IntervalTree<T>, start: number, last: number, out: IntervalTreeNode<T>[]): IntervalTreeNode<T>[];
/** Depth and balance check for tests: returns the height, throws on a broken tree. */
export declare function interval_tree_validate(tree: IntervalTree): number;
/** struct mmu_interval_notifier_ops. */
export interface MmuIntervalNotifierOps {
    /**
     * Called for every invalidation intersecting the subscription, with `cur_seq` (odd) to store
     * through mmu_interval_set_seq() under the driver lock. Return false only when the range is
     * not blockable and the callback would have to sleep.
     */
    invalidate(mni: MmuIntervalNotifier, range: MmuNotifierRange, cur_seq: number): Sched<boolean>;
}
interface ReadSection {
    seq: number;
    /** mni.set_seq_count when read_begin returned. */
    sets: number;
    /** Set by a read_retry that returned false (for the I5 check). */
    retryOk: boolean;
}
export declare class MmuIntervalNotifier extends KObj {
    readonly container: KObj | null;
    /** interval_sub->interval_tree. */
    readonly interval_tree: IntervalTreeNode<MmuIntervalNotifier>;
    ops: MmuIntervalNotifierOps;
    mm: MmStruct | null;
    invalidate_seq: number;
    /** On subscriptions->deferred_list (hlist_unhashed(&deferred_item) is false). */
    deferred: boolean;
    /** Callbacks of this subscription running now. */
    running: number;
    /** remove() has returned. */
    removed: boolean;
    set_seq_count: number;
    /** Open read sections, per thread (I4/I5). */
    sections: Map<Thread, ReadSection> | null;
    /** The lock a driver declared with mmu_interval_check_program (I5). */
    driver_lock: LockBase | null;
    /**
     * @param container the driver structure embedding this subscription: a callback or API call
     *        on it after it was freed is a KASAN report.
     */
    constructor(ops: MmuIntervalNotifierOps, container?: KObj | null);
}
/** mmu_interval_notifier_start()/last(): the subscribed interval (last inclusive). */
export declare function mmu_interval_notifier_start(mni: MmuIntervalNotifier): number;
export declare function mmu_interval_notifier_last(mni: MmuIntervalNotifier): number;
/** Process-wide counters of the rarer paths (tests check that scenarios reach them). */
export declare const itree_stats: {
    deferred_inserts: number;
    deferred_removes: number;
    cancelled_inserts: number;
    eagain: number;
};
/** The interval-notifier fields of struct mmu_notifier_subscriptions. */
export declare class MmuItree {
    readonly subs: MmuNotifierSubscriptions;
    invalidate_seq: number;
    active_invalidate_ranges: number;
    readonly itree: IntervalTree<MmuIntervalNotifier>;
    readonly deferred_list: MmuIntervalNotifier[];
    readonly wq: WaitQueueHead;
    /** Ranges whose start went through mn_itree_inv_start_range (see modelling notes). */
    readonly counted: Set<MmuNotifierRange>;
    /** Applying the deferred list in mn_itree_inv_end (the only legal tree change while odd). */
    applying: boolean;
    constructor(subs: MmuNotifierSubscriptions);
}
/** The itree state of an mm, or null when no interval notifier was ever inserted. */
export declare function mm_itree(mm: MmStruct): MmuItree | null;
/**
 * mmu_interval_notifier_insert(): subscribe `mni` to [start, start + length) of `mm`. The
 * caller holds an mmget and must NOT hold the mmap_lock (the first insertion on an mm takes it
 * for write). Returns 0, -EOVERFLOW, -EINVAL or -ENOMEM. The subscription may only be queued
 * when this returns; read_begin() still gives the right answer.
 */
export declare function mmu_interval_notifier_insert(mni: MmuIntervalNotifier, mm: MmStruct, start: number, length: number, ops: MmuIntervalNotifierOps): Sched<number>;
/** mmu_interval_notifier_insert_locked(): the same with the mmap_lock held for write. */
export declare function mmu_interval_notifier_insert_locked(mni: MmuIntervalNotifier, mm: MmStruct, start: number, length: number, ops: MmuIntervalNotifierOps): Sched<number>;
/**
 * mmu_interval_notifier_remove(): unsubscribe. May sleep until the invalidation that may still
 * call `mni` has ended, so it must not be called from an invalidate callback (it would wait for
 * itself: deadlock) nor with a lock such a callback takes. On return no callback of `mni`
 * runs or will run (I3). Drops the mmgrab taken by insert.
 */
export declare function mmu_interval_notifier_remove(mni: MmuIntervalNotifier): Sched;
/**
 * mmu_interval_read_begin(): open a collision-retry section and return its sequence. Sleeps if
 * an invalidation that already called this subscription is still running.
 */
export declare function mmu_interval_read_begin(mni: MmuIntervalNotifier): Sched<number>;
/**
 * mmu_interval_read_retry(): true when the sequence read_begin returned is no longer the
 * current one, i.e. some invalidation overlapped the section since. Call it under the driver
 * lock its invalidate callback takes around set_seq; when it returns false the device may be
 * programmed before that lock is dropped. Reading the
 * sequence is a step of its own (`yield* mmu_interval_read_retry(...)`): a callback that sets
 * it without the driver lock can run between this check and the programming.
 */
export declare function mmu_interval_read_retry(mni: MmuIntervalNotifier, seq: number): Sched<boolean>;
/** mmu_interval_check_retry(): the lockless hint (a READ_ONCE); true is reliable, false is not. */
export declare function mmu_interval_check_retry(mni: MmuIntervalNotifier, seq: number): Sched<boolean>;
/**
 * mmu_interval_set_seq(): from the invalidate callback, unconditionally, under the driver
 * lock, with the cur_seq it was given (odd). A WRITE_ONCE in the kernel: its own step here.
 */
export declare function mmu_interval_set_seq(mni: MmuIntervalNotifier, cur_seq: number): Sched;
/**
 * The I5 check, for drivers that opt in: call it right before programming device PTEs from a
 * read section of `mni` opened with `seq`, holding `lock` (the lock the invalidate callback
 * takes around set_seq). From then on set_seq without that lock is also reported.
 */
export declare function mmu_interval_check_program(mni: MmuIntervalNotifier, seq: number, lock: LockBase): void;
/** For tests and reports: the sequence state of `mm`'s itree. */
export declare function mmu_itree_state(mm: MmStruct): {
    invalidate_seq: number;
    active_invalidate_ranges: number;
    deferred: number;
    registered: number;
} | null;
export {};
