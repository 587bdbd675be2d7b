import { KObj, LockdepMap, Spinlock, SrcuStruct, type Sched, type Thread } from '../kernel/index.js';
import { type MmStruct } from './mm_struct.js';
import type { VmAreaStruct } from './vma.js';
export declare const enum MmuNotifyEvent {
    UNMAP = 0,
    CLEAR = 1,
    PROTECTION_VMA = 2,
    PROTECTION_PAGE = 3,
    SOFT_DIRTY = 4,
    RELEASE = 5,
    MIGRATE = 6,
    EXCLUSIVE = 7
}
export declare const MMU_NOTIFY_UNMAP = MmuNotifyEvent.UNMAP;
export declare const MMU_NOTIFY_CLEAR = MmuNotifyEvent.CLEAR;
export declare const MMU_NOTIFY_PROTECTION_VMA = MmuNotifyEvent.PROTECTION_VMA;
export declare const MMU_NOTIFY_PROTECTION_PAGE = MmuNotifyEvent.PROTECTION_PAGE;
export declare const MMU_NOTIFY_SOFT_DIRTY = MmuNotifyEvent.SOFT_DIRTY;
export declare const MMU_NOTIFY_RELEASE = MmuNotifyEvent.RELEASE;
export declare const MMU_NOTIFY_MIGRATE = MmuNotifyEvent.MIGRATE;
export declare const MMU_NOTIFY_EXCLUSIVE = MmuNotifyEvent.EXCLUSIVE;
export declare const MMU_NOTIFY_EVENT_NAMES: readonly ['MMU_NOTIFY_UNMAP', 'MMU_NOTIFY_CLEAR', 'MMU_NOTIFY_PROTECTION_VMA', 'MMU_NOTIFY_PROTECTION_PAGE', 'MMU_NOTIFY_SOFT_DIRTY', 'MMU_NOTIFY_RELEASE', 'MMU_NOTIFY_MIGRATE', 'MMU_NOTIFY_EXCLUSIVE'];
export declare const MMU_NOTIFIER_RANGE_BLOCKABLE: number;
/** struct mmu_notifier_range. `end` is exclusive. */
export declare class MmuNotifierRange {
    event: MmuNotifyEvent;
    flags: number;
    vma: VmAreaStruct | null;
    mm: MmStruct;
    start: number;
    end: number;
    /** range->owner (migrate_pgmap_owner before ~5.14). */
    owner: unknown;
    /** The thread between start and end (set by start; for the bracket check). */
    thread: Thread;
    constructor(event: MmuNotifyEvent, flags: number, vma: VmAreaStruct | null, mm: MmStruct, start: number, end: number, 
    /** range->owner (migrate_pgmap_owner before ~5.14). */
    owner?: unknown);
    toString(): string;
}
/** mmu_notifier_range_init(): ranges start blockable; the nonblock start clears the flag. */
export declare function mmu_notifier_range_init(event: MmuNotifyEvent, flags: number, vma: VmAreaStruct | null, mm: MmStruct, start: number, end: number): MmuNotifierRange;
/** mmu_notifier_range_init_owner(): for MIGRATE / EXCLUSIVE events started by a driver. */
export declare function mmu_notifier_range_init_owner(event: MmuNotifyEvent, flags: number, vma: VmAreaStruct | null, mm: MmStruct, start: number, end: number, owner: unknown): MmuNotifierRange;
export declare function mmu_notifier_range_blockable(range: MmuNotifierRange): boolean;
/** struct mmu_notifier_ops. Callbacks are model code (generators); start returns 0 or -EAGAIN. */
export interface MmuNotifierOps {
    release?(sub: MmuNotifier, mm: MmStruct): Sched;
    invalidate_range_start?(sub: MmuNotifier, range: MmuNotifierRange): Sched<number>;
    invalidate_range_end?(sub: MmuNotifier, range: MmuNotifierRange): Sched;
    /** mmu_notifier_get: allocate the driver's notifier (a MmuNotifier or a negative errno). */
    alloc_notifier?(mm: MmStruct): Sched<MmuNotifier | number>;
    /** mmu_notifier_put: free it after the SRCU grace period. */
    free_notifier?(sub: MmuNotifier): Sched;
}
/**
 * struct mmu_notifier. A driver embeds it: pass the embedding structure as `container` so a
 * callback on a freed container is reported as use-after-free, or subclass MmuNotifier.
 */
export declare class MmuNotifier extends KObj {
    ops: MmuNotifierOps;
    readonly container: KObj | null;
    mm: MmStruct | null;
    /** users (get/put API). */
    users: number;
    /**
     * hlist_node.pprev: HLIST_LINKED while on the list, null once unlinked with the init variant
     * (or never linked), POISON once unlinked with hlist_del_rcu (LIST_POISON2).
     */
    pprev: unknown;
    /** !hlist_unhashed(): true on the list, and still true after hlist_del_rcu (poisoned). */
    get hashed(): boolean;
    constructor(ops: MmuNotifierOps, container?: KObj | null);
}
/** Hooks through which interval notifiers (src/mm/interval_notifier.ts) join the core. */
export interface ItreeHooks {
    /** mn_itree_invalidate: 0 or -EAGAIN (non-blockable range only). */
    invalidate_start(subs: MmuNotifierSubscriptions, range: MmuNotifierRange): Sched<number>;
    /** mn_itree_inv_end. */
    invalidate_end(subs: MmuNotifierSubscriptions, range: MmuNotifierRange): Sched;
    /** mn_itree_release: invalidate everything with MMU_NOTIFY_RELEASE at exit_mmap. */
    release(subs: MmuNotifierSubscriptions, mm: MmStruct): Sched;
}
/** struct mmu_notifier_subscriptions (struct mmu_notifier_mm before ~5.7). */
export declare class MmuNotifierSubscriptions extends KObj {
    /** The hlist of classic notifiers. */
    readonly list: MmuNotifier[];
    readonly lock: Spinlock;
    /** Interval-notifier part: hooks and its state, both owned by interval_notifier.ts. */
    itree: ItreeHooks | null;
    itree_state: unknown;
    has_itree: boolean;
    constructor();
}
/** The pseudo-lock every invalidation callback runs under (Linux 5.4+). */
export declare const __mmu_notifier_invalidate_range_start_map: LockdepMap;
/** The global SRCU of mm/mmu_notifier.c. */
export declare function mmu_notifier_srcu(): SrcuStruct;
/**
 * Hook 4b for simulated devices: `fn(range)` runs after every invalidate_range_end of this
 * execution, once all notifiers' end callbacks ran and the range is no longer active.
 */
export declare function register_invalidate_end_observer(fn: (range: MmuNotifierRange) => void): void;
/** Runs at every invalidate_range_start, before any callback (tracing, tests). */
export declare function register_invalidate_start_observer(fn: (range: MmuNotifierRange) => void): void;
export declare function mm_has_notifiers(mm: MmStruct): boolean;
/** mmu_notifier_invalidate_range_start(): blockable; callbacks may sleep; must not fail. */
export declare function mmu_notifier_invalidate_range_start(range: MmuNotifierRange): Sched;
/**
 * mmu_notifier_invalidate_range_start_nonblock(): the OOM reaper's variant. Returns 0 or
 * -EAGAIN; after -EAGAIN the range is not active and no end must be called.
 */
export declare function mmu_notifier_invalidate_range_start_nonblock(range: MmuNotifierRange): Sched<number>;
/** mmu_notifier_invalidate_range_end(). */
export declare function mmu_notifier_invalidate_range_end(range: MmuNotifierRange): Sched;
/** mmu_notifier_release(): first thing exit_mmap does. */
export declare function mmu_notifier_release(mm: MmStruct): Sched;
/** Allocate mm->notifier_subscriptions if needed (caller holds mmap_lock for write). */
export declare function mmu_notifier_subscriptions_alloc(mm: MmStruct): MmuNotifierSubscriptions;
/**
 * __mmu_notifier_register(): with mmap_lock held for write. `sub` null only allocates the
 * subscriptions (what interval-notifier insertion does). Takes an mmgrab for the notifier.
 */
export declare function __mmu_notifier_register(sub: MmuNotifier | null, mm: MmStruct): Sched<number>;
/** mmu_notifier_register(): takes the mmap_lock for write itself. */
export declare function mmu_notifier_register(sub: MmuNotifier, mm: MmStruct): Sched<number>;
/**
 * mmu_notifier_unregister(): calls ->release if exit_mmap has not, unhooks, and waits for
 * every SRCU reader (a fence: no callback of `sub` runs after it returns). Drops the mmgrab.
 */
export declare function mmu_notifier_unregister(sub: MmuNotifier, mm: MmStruct): Sched;
/**
 * mmu_notifier_unregister_no_release() (up to 5.3): unhook without ->release and WITHOUT
 * waiting for readers; the caller must free its memory via mmu_notifier_call_srcu().
 */
export declare function mmu_notifier_unregister_no_release(sub: MmuNotifier, mm: MmStruct): Sched;
/** mmu_notifier_call_srcu(): run `cb` after an SRCU grace period (its own thread). */
export declare function mmu_notifier_call_srcu(cb: () => Sched): Sched;
/**
 * mmu_notifier_synchronize() (5.4+): a synchronize_srcu() on the notifier SRCU, as the kernel's
 * is. It waits for every callback already running under SRCU (an invalidation inside its walk
 * of the list, a release), so memory a notifier unhooked before it can be freed after it. It
 * does not wait for queued call_srcu callbacks (mmu_notifier_put's free_notifier) to have run:
 * that is srcu_barrier(mmu_notifier_srcu()). (An older function of the same name, an
 * srcu_barrier, was removed before 5.2; 5.2 and 5.3 have neither.)
 */
export declare function mmu_notifier_synchronize(): Sched;
/** mmu_notifier_get_locked() (5.4+): the single notifier for (ops, mm), refcounted. */
export declare function mmu_notifier_get_locked(ops: MmuNotifierOps, mm: MmStruct): Sched<MmuNotifier | number>;
export declare function mmu_notifier_get(ops: MmuNotifierOps, mm: MmStruct): Sched<MmuNotifier | number>;
/**
 * mmu_notifier_put(): drop a users reference; the last one unhooks the notifier and frees it
 * through call_srcu (ops->free_notifier, then mmdrop). Does not wait: callbacks may still run
 * until the grace period ends, so the driver's memory stays valid until free_notifier.
 */
export declare function mmu_notifier_put(sub: MmuNotifier): Sched;
/** Called by __mmdrop: free the subscriptions object. */
export declare function mmu_notifier_subscriptions_destroy(mm: MmStruct): void;
