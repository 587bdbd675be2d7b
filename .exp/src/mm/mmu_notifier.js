/*
 * Classic mmu notifiers (mm/mmu_notifier.c): registration on mm->notifier_subscriptions,
 * release at exit_mmap, invalidate_range_start/end (blockable and the OOM reaper's
 * non-blockable variant), unregister (a fence) and unregister_no_release + call_srcu, and the
 * refcounted get/put API of Linux 5.4+.
 *
 * Locking and lifetime:
 *   srcu (one per execution, like the kernel's global `srcu`)  every callback runs inside a
 *        read section of it; unregister and release synchronize_srcu(); notifiers freed by
 *        mmu_notifier_put go through call_srcu.
 *   subscriptions->lock (spinlock)  protects the hlist of notifiers (add/remove); readers walk
 *        it under SRCU without the lock (a snapshot of the array, like an RCU list walk).
 *   mmap_lock (write)  held to allocate mm->notifier_subscriptions and to register.
 *   The subscriptions object lives until __mmdrop (mmu_notifier_subscriptions_destroy).
 *
 * Interval notifiers (v6) plug in through `subscriptions.itree`: a hooks object that
 * src/mm/interval_notifier.ts installs; start calls itree first and stops on its error, end
 * calls itree first, release calls itree first, as in the kernel.
 *
 * Bracket tracking: every invalidation is recorded in mm.active_ranges from start to end (the
 * page-table code asserts it covers what it changes). After the end callbacks ran, the
 * per-execution invalidate-end observers (hook 4b for simulated devices) are called.
 *
 * The rules follow the execution's kernel release (src/mm/release.ts):
 *   5.4+   lockdep: the start callbacks and the end callbacks run under the pseudo-lock
 *          __mmu_notifier_invalidate_range_start_map (class "mmu_notifier_invalidate_range_start"),
 *          and every registration primes the order fs_reclaim -> that map, as reclaim
 *          invalidates. So a lock a callback takes, held across an allocation that may reclaim
 *          (or across mmu_interval_read_begin / _remove, which also take the map), is a
 *          lock-order report on every execution where both paths run, not only where they
 *          deadlock. Callbacks of a non-blockable range (start and end) run inside
 *          non_block_start(). Before 5.4 neither: only the start callback is told, by the
 *          range's flag, that it must not sleep (the model still reports a sleep there: that
 *          was the contract), and an end callback may sleep.
 *   5.13+  a failed non-blockable start calls invalidate_range_end on every classic notifier
 *          that has one (so one that started is ended), and a notifier whose start failed must
 *          have no end callback (WARN). Before 5.13 none is ended: whatever a start took is
 *          held until the next invalidation.
 */
import { BUG_ON, call_srcu, callback_sched, cur, kasan_check, fs_reclaim_acquire, fs_reclaim_release, GFP_KERNEL, kfree, kmalloc, KObj, lock_map_acquire, lock_map_release, LockdepMap, non_block_end, non_block_start, might_sleep, spin_lock, spin_unlock, Spinlock, SrcuStruct, srcu_read_lock, srcu_read_unlock, synchronize_srcu, WARN_ON, footprint, observing, POISON, } from '../kernel/index.js';
import { PAGE_SIZE } from './constants.js';
import { EAGAIN, ENOMEM } from './errno.js';
import { per_execution } from './exec_state.js';
import { KERNEL_5_13, KERNEL_5_4, kernel_since } from './release.js';
import { bug_on } from './bug_switch.js';
import { mmap_assert_write_locked, mmap_write_lock, mmap_write_unlock, mmdrop, mmgrab } from './mm_struct.js';
export const MMU_NOTIFY_UNMAP = 0 /* MmuNotifyEvent.UNMAP */;
export const MMU_NOTIFY_CLEAR = 1 /* MmuNotifyEvent.CLEAR */;
export const MMU_NOTIFY_PROTECTION_VMA = 2 /* MmuNotifyEvent.PROTECTION_VMA */;
export const MMU_NOTIFY_PROTECTION_PAGE = 3 /* MmuNotifyEvent.PROTECTION_PAGE */;
export const MMU_NOTIFY_SOFT_DIRTY = 4 /* MmuNotifyEvent.SOFT_DIRTY */;
export const MMU_NOTIFY_RELEASE = 5 /* MmuNotifyEvent.RELEASE */;
export const MMU_NOTIFY_MIGRATE = 6 /* MmuNotifyEvent.MIGRATE */;
export const MMU_NOTIFY_EXCLUSIVE = 7 /* MmuNotifyEvent.EXCLUSIVE */;
export const MMU_NOTIFY_EVENT_NAMES = ['MMU_NOTIFY_UNMAP', 'MMU_NOTIFY_CLEAR', 'MMU_NOTIFY_PROTECTION_VMA', 'MMU_NOTIFY_PROTECTION_PAGE', 'MMU_NOTIFY_SOFT_DIRTY', 'MMU_NOTIFY_RELEASE', 'MMU_NOTIFY_MIGRATE', 'MMU_NOTIFY_EXCLUSIVE'];
export const MMU_NOTIFIER_RANGE_BLOCKABLE = 1 << 0;
/** struct mmu_notifier_range. `end` is exclusive. */
export class MmuNotifierRange {
    event;
    flags;
    vma;
    mm;
    start;
    end;
    owner;
    /** The thread between start and end (set by start; for the bracket check). */
    thread = null;
    constructor(event, flags, vma, mm, start, end, 
    /** range->owner (migrate_pgmap_owner before ~5.14). */
    owner = null) {
        this.event = event;
        this.flags = flags;
        this.vma = vma;
        this.mm = mm;
        this.start = start;
        this.end = end;
        this.owner = owner;
    }
    toString() {
        return `${MMU_NOTIFY_EVENT_NAMES[this.event]} [0x${this.start.toString(16)}, 0x${this.end.toString(16)})${this.flags & MMU_NOTIFIER_RANGE_BLOCKABLE ? '' : ' nonblock'}`;
    }
}
/** mmu_notifier_range_init(): ranges start blockable; the nonblock start clears the flag. */
export function mmu_notifier_range_init(event, flags, vma, mm, start, end) {
    return new MmuNotifierRange(event, flags | MMU_NOTIFIER_RANGE_BLOCKABLE, vma, mm, start, end, null);
}
/** mmu_notifier_range_init_owner(): for MIGRATE / EXCLUSIVE events started by a driver. */
export function mmu_notifier_range_init_owner(event, flags, vma, mm, start, end, owner) {
    return new MmuNotifierRange(event, flags | MMU_NOTIFIER_RANGE_BLOCKABLE, vma, mm, start, end, owner);
}
export function mmu_notifier_range_blockable(range) {
    return (range.flags & MMU_NOTIFIER_RANGE_BLOCKABLE) !== 0;
}
/**
 * struct mmu_notifier. A driver embeds it: pass the embedding structure as `container` so a
 * callback on a freed container is reported as use-after-free, or subclass MmuNotifier.
 */
export class MmuNotifier extends KObj {
    ops;
    container;
    mm = null;
    /** users (get/put API). */
    users = 0;
    /**
     * hlist_node.pprev: HLIST_LINKED while on the list, null once unlinked with the init variant
     * (or never linked), POISON once unlinked with hlist_del_rcu (LIST_POISON2).
     */
    pprev = null;
    /** !hlist_unhashed(): true on the list, and still true after hlist_del_rcu (poisoned). */
    get hashed() {
        return this.pprev !== null;
    }
    constructor(ops, container = null) {
        super('mmu_notifier');
        this.ops = ops;
        this.container = container;
    }
}
function mn_obj(sub) {
    return sub.container ?? sub;
}
/** struct mmu_notifier_subscriptions (struct mmu_notifier_mm before ~5.7). */
export class MmuNotifierSubscriptions extends KObj {
    /** The hlist of classic notifiers. */
    list = [];
    lock;
    /** Interval-notifier part: hooks and its state, both owned by interval_notifier.ts. */
    itree = null;
    itree_state = null;
    has_itree = false;
    constructor() {
        super('mmu_notifier_subscriptions');
        this.lock = new Spinlock('subscriptions->lock', this);
    }
}
const globals = per_execution('mm.notifier', () => ({ srcu: new SrcuStruct('srcu'), endObservers: [], startObservers: [] }));
/** The pseudo-lock every invalidation callback runs under (Linux 5.4+). */
export const __mmu_notifier_invalidate_range_start_map = new LockdepMap('mmu_notifier_invalidate_range_start');
/** Whether this execution's notifier core has the 5.4+ lockdep annotations. */
function maps() {
    return kernel_since(KERNEL_5_4);
}
/** The global SRCU of mm/mmu_notifier.c. */
export function mmu_notifier_srcu() {
    return globals().srcu;
}
/**
 * Hook 4b for simulated devices: `fn(range)` runs after every invalidate_range_end of this
 * execution, once all notifiers' end callbacks ran and the range is no longer active.
 */
export function register_invalidate_end_observer(fn) {
    globals().endObservers.push(fn);
}
/** Runs at every invalidate_range_start, before any callback (tracing, tests). */
export function register_invalidate_start_observer(fn) {
    globals().startObservers.push(fn);
}
export function mm_has_notifiers(mm) {
    return mm.notifier_subscriptions !== null;
}
/* ---- invalidation -------------------------------------------------------------------- */
/** The dependency key of the classic notifiers' RCU list (readers traverse it without a lock). */
function list_key(subs) {
    return `${subs.__label}->list`;
}
/*
 * The hlist of classic notifiers, with the kernel's node states (include/linux/rculist.h): an
 * unlink writes through the node's pprev, so unlinking a node that is no longer on the list
 * dereferences what the earlier unlink left there: NULL after the init variant, LIST_POISON2
 * after hlist_del_rcu. hlist_del_init_rcu does nothing to an unhashed node (pprev NULL). All
 * run under subscriptions->lock, in the step of the lock's holder.
 */
/** The pprev of a node on the list (any non-NULL, non-poison value). */
const HLIST_LINKED = Object.freeze({ __label: 'hlist' });
function hlist_add_head_rcu(subs, sub) {
    subs.list.push(sub);
    footprint('hlist_add_head_rcu', list_key(subs));
    sub.pprev = HLIST_LINKED;
}
/** __hlist_del through the node's pprev; a node not on the list is a NULL or poison dereference. */
function __hlist_del(subs, sub, op) {
    if (sub.pprev !== HLIST_LINKED)
        kasan_check(sub.pprev, `${op}: __hlist_del(*pprev = next) on a node no longer on the list`, 'Write');
    const i = subs.list.indexOf(sub);
    if (i >= 0)
        subs.list.splice(i, 1);
    footprint(op, list_key(subs));
}
/** hlist_del_init_rcu(): unlink and mark unhashed; a no-op on an unhashed node. */
function hlist_del_init_rcu(subs, sub) {
    if (sub.pprev === null)
        return;
    __hlist_del(subs, sub, 'hlist_del_init_rcu');
    sub.pprev = null;
}
/** hlist_del_rcu(): unlink and poison pprev (the node still tests hashed). */
function hlist_del_rcu(subs, sub) {
    __hlist_del(subs, sub, 'hlist_del_rcu');
    sub.pprev = POISON;
}
function* __mmu_notifier_invalidate_range_start(range) {
    const subs = kasan_check(range.mm.notifier_subscriptions, '__mmu_notifier_invalidate_range_start');
    const itree = subs.itree !== null && subs.has_itree;
    if (itree) {
        const r = yield* subs.itree.invalidate_start(subs, range);
        if (r !== 0)
            return r;
    }
    footprint('READ_ONCE', list_key(subs));
    if (subs.list.length === 0)
        return 0;
    const r = yield* mn_hlist_invalidate_range_start(subs, range);
    // Today's kernel returns the classic notifiers' error here and leaves the interval tree
    // counting this range (its caller calls no end); the proposed fix ends it.
    if (r !== 0 && itree && bug_on('itree-oom-end-itree'))
        yield* subs.itree.invalidate_end(subs, range);
    return r;
}
function* mn_hlist_invalidate_range_start(subs, range) {
    const srcu = mmu_notifier_srcu();
    const idx = yield* srcu_read_lock(srcu);
    let ret = 0;
    const blockable = mmu_notifier_range_blockable(range);
    const nb = !blockable && kernel_since(KERNEL_5_4);
    const since_5_13 = kernel_since(KERNEL_5_13) && !bug_on('mn-unpaired-end');
    footprint('READ_ONCE', list_key(subs));
    for (const sub of subs.list.slice()) {
        kasan_check(mn_obj(sub), 'mn_hlist_invalidate_range_start');
        const op = sub.ops.invalidate_range_start;
        if (op === undefined)
            continue;
        if (nb)
            non_block_start();
        let r;
        try {
            r = yield* callback_sched(op.call(sub.ops, sub, range), `${sub.__label}: invalidate_range_start`, op);
        }
        finally {
            if (nb)
                non_block_end();
        }
        if (r !== 0) {
            WARN_ON(blockable || r !== -EAGAIN, `${sub.__label}: invalidate_range_start returned ${r} for a ${blockable ? 'blockable' : 'non-blockable'} range`);
            // Every notifier is ended after a failure, so a start that can fail has nothing to end.
            if (since_5_13)
                WARN_ON(sub.ops.invalidate_range_end !== undefined, `${sub.__label}: invalidate_range_start failed with ${r} but the notifier has invalidate_range_end, which the core now calls for it`);
            ret = r;
        }
    }
    if (ret !== 0 && since_5_13) {
        // The caller will call no end: end every notifier now, so those whose start succeeded
        // release what they took. (The kernel does not wrap these in non_block_start.)
        footprint('READ_ONCE', list_key(subs));
        for (const sub of subs.list.slice()) {
            kasan_check(mn_obj(sub), 'mn_hlist_invalidate_range_start');
            const op = sub.ops.invalidate_range_end;
            if (op !== undefined)
                yield* callback_sched(op.call(sub.ops, sub, range), `${sub.__label}: invalidate_range_end`, op);
        }
    }
    yield* srcu_read_unlock(srcu, idx);
    return ret;
}
function* __mmu_notifier_invalidate_range_end(range) {
    const subs = kasan_check(range.mm.notifier_subscriptions, '__mmu_notifier_invalidate_range_end');
    const m = maps();
    if (m)
        lock_map_acquire(__mmu_notifier_invalidate_range_start_map);
    try {
        yield* invalidate_range_end_callbacks(subs, range);
    }
    finally {
        if (m)
            lock_map_release(__mmu_notifier_invalidate_range_start_map);
    }
}
function* invalidate_range_end_callbacks(subs, range) {
    if (subs.itree !== null && subs.has_itree)
        yield* subs.itree.invalidate_end(subs, range);
    footprint('READ_ONCE', list_key(subs));
    if (subs.list.length === 0)
        return;
    const srcu = mmu_notifier_srcu();
    const idx = yield* srcu_read_lock(srcu);
    const nb = !mmu_notifier_range_blockable(range) && kernel_since(KERNEL_5_4);
    footprint('READ_ONCE', list_key(subs));
    for (const sub of subs.list.slice()) {
        kasan_check(mn_obj(sub), 'mn_hlist_invalidate_end');
        const op = sub.ops.invalidate_range_end;
        if (op === undefined)
            continue;
        if (nb)
            non_block_start();
        try {
            yield* callback_sched(op.call(sub.ops, sub, range), `${sub.__label}: invalidate_range_end`, op);
        }
        finally {
            if (nb)
                non_block_end();
        }
    }
    yield* srcu_read_unlock(srcu, idx);
}
function begin_range(range) {
    kasan_check(range.mm, 'mmu_notifier_invalidate_range_start');
    range.thread = cur.current;
    ranges_footprint(range);
    range.mm.active_ranges.push(range);
    const obs = globals().startObservers;
    for (let i = 0; i < obs.length; i++)
        obs[i](range);
}
/**
 * For the dependency relation (dep_keys.ts): a start or end changes mm.active_ranges, which the
 * device checks read by address. A range of a few pages is keyed page by page, a longer one
 * whole.
 */
function ranges_footprint(range) {
    if (!observing())
        return;
    const n = (range.end - range.start) / PAGE_SIZE;
    if (n > 0 && n <= 16)
        for (let a = range.start; a < range.end; a += PAGE_SIZE)
            footprint('ranges', range.mm, a);
    else
        footprint('ranges', range.mm);
}
function drop_range(range) {
    ranges_footprint(range);
    const rs = range.mm.active_ranges;
    const i = rs.lastIndexOf(range);
    if (i < 0) {
        cur.report('bug', 'BUG: mmu_notifier_invalidate_range_end without a matching start', `end of ${range} in ${range.mm.__label} that is not active`, [
            `thread ${cur.current.name} at step ${cur.steps}`,
        ]);
    }
    rs.splice(i, 1);
}
/** mmu_notifier_invalidate_range_start(): blockable; callbacks may sleep; must not fail. */
export function* mmu_notifier_invalidate_range_start(range) {
    might_sleep('mmu_notifier_invalidate_range_start');
    const m = maps();
    if (m)
        lock_map_acquire(__mmu_notifier_invalidate_range_start_map);
    try {
        begin_range(range);
        if (mm_has_notifiers(range.mm)) {
            const r = yield* __mmu_notifier_invalidate_range_start(range);
            WARN_ON(r !== 0, `blockable mmu_notifier_invalidate_range_start failed with ${r}`);
        }
    }
    finally {
        if (m)
            lock_map_release(__mmu_notifier_invalidate_range_start_map);
    }
}
/**
 * mmu_notifier_invalidate_range_start_nonblock(): the OOM reaper's variant. Returns 0 or
 * -EAGAIN; after -EAGAIN the range is not active and no end must be called.
 */
export function* mmu_notifier_invalidate_range_start_nonblock(range) {
    range.flags &= ~MMU_NOTIFIER_RANGE_BLOCKABLE;
    const m = maps();
    if (m)
        lock_map_acquire(__mmu_notifier_invalidate_range_start_map);
    let r = 0;
    try {
        begin_range(range);
        if (mm_has_notifiers(range.mm))
            r = yield* __mmu_notifier_invalidate_range_start(range);
    }
    finally {
        if (m)
            lock_map_release(__mmu_notifier_invalidate_range_start_map);
    }
    if (r !== 0)
        drop_range(range);
    return r;
}
/** mmu_notifier_invalidate_range_end(). */
export function* mmu_notifier_invalidate_range_end(range) {
    if (mmu_notifier_range_blockable(range))
        might_sleep('mmu_notifier_invalidate_range_end');
    kasan_check(range.mm, 'mmu_notifier_invalidate_range_end');
    if (mm_has_notifiers(range.mm))
        yield* __mmu_notifier_invalidate_range_end(range);
    drop_range(range);
    const obs = globals().endObservers;
    for (let i = 0; i < obs.length; i++)
        obs[i](range);
}
/* ---- release (exit_mmap) ------------------------------------------------------------- */
/** mmu_notifier_release(): first thing exit_mmap does. */
export function* mmu_notifier_release(mm) {
    if (mm_has_notifiers(mm))
        yield* __mmu_notifier_release(mm);
}
function* __mmu_notifier_release(mm) {
    const subs = kasan_check(mm.notifier_subscriptions, '__mmu_notifier_release');
    if (subs.itree !== null && subs.has_itree)
        yield* subs.itree.release(subs, mm);
    footprint('READ_ONCE', list_key(subs));
    if (subs.list.length > 0)
        yield* mn_hlist_release(subs, mm);
}
function* mn_hlist_release(subs, mm) {
    const srcu = mmu_notifier_srcu();
    if (bug_on('mn-release-unlink-first')) {
        // Before 3.6: each notifier comes off the list first, its release is called after.
        yield* spin_lock(subs.lock);
        while (subs.list.length > 0) {
            const sub = subs.list[0];
            hlist_del_init_rcu(subs, sub);
            const id = yield* srcu_read_lock(srcu);
            yield* spin_unlock(subs.lock);
            kasan_check(mn_obj(sub), 'mn_hlist_release');
            if (sub.ops.release)
                yield* sub.ops.release.call(sub.ops, sub, mm);
            yield* srcu_read_unlock(srcu, id);
            yield* spin_lock(subs.lock);
        }
        yield* spin_unlock(subs.lock);
        yield* synchronize_srcu(srcu);
        return;
    }
    const idx = yield* srcu_read_lock(srcu);
    footprint('READ_ONCE', list_key(subs));
    for (const sub of subs.list.slice()) {
        kasan_check(mn_obj(sub), 'mn_hlist_release');
        if (sub.ops.release)
            yield* callback_sched(sub.ops.release.call(sub.ops, sub, mm), `${sub.__label}: release`, sub.ops.release);
    }
    yield* spin_lock(subs.lock);
    while (subs.list.length > 0)
        hlist_del_init_rcu(subs, subs.list[0]);
    yield* spin_unlock(subs.lock);
    yield* srcu_read_unlock(srcu, idx);
    // Wait for every callback still running elsewhere before exit_mmap tears pages down.
    yield* synchronize_srcu(srcu);
}
/* ---- registration -------------------------------------------------------------------- */
/** Allocate mm->notifier_subscriptions if needed (caller holds mmap_lock for write). */
export function mmu_notifier_subscriptions_alloc(mm) {
    mmap_assert_write_locked(mm, '__mmu_notifier_register');
    if (mm.notifier_subscriptions === null)
        mm.notifier_subscriptions = kmalloc(new MmuNotifierSubscriptions());
    return mm.notifier_subscriptions;
}
/**
 * __mmu_notifier_register(): with mmap_lock held for write. `sub` null only allocates the
 * subscriptions (what interval-notifier insertion does). Takes an mmgrab for the notifier.
 */
export function* __mmu_notifier_register(sub, mm) {
    mmap_assert_write_locked(mm, '__mmu_notifier_register');
    BUG_ON(mm.mm_users.v <= 0, 'mmu_notifier_register on an mm with mm_users == 0');
    // Reclaim may invalidate: tell lockdep once, whether or not it happens in this execution.
    if (maps()) {
        const r = fs_reclaim_acquire(GFP_KERNEL);
        lock_map_acquire(__mmu_notifier_invalidate_range_start_map);
        lock_map_release(__mmu_notifier_invalidate_range_start_map);
        fs_reclaim_release(r);
    }
    const subs = mmu_notifier_subscriptions_alloc(mm);
    if (sub === null)
        return 0;
    yield* mmgrab(mm);
    sub.mm = mm;
    sub.users = 1;
    yield* spin_lock(subs.lock);
    hlist_add_head_rcu(subs, sub);
    yield* spin_unlock(subs.lock);
    return 0;
}
/** mmu_notifier_register(): takes the mmap_lock for write itself. */
export function* mmu_notifier_register(sub, mm) {
    yield* mmap_write_lock(mm);
    const r = yield* __mmu_notifier_register(sub, mm);
    yield* mmap_write_unlock(mm);
    return r;
}
/** Unlink `sub` under the list lock: the init variant (3.10+), or hlist_del_rcu (3.6 to 3.9). */
function* unhook(sub, mm, init = true) {
    const subs = kasan_check(mm.notifier_subscriptions, 'mmu_notifier_unregister');
    yield* spin_lock(subs.lock);
    if (init)
        hlist_del_init_rcu(subs, sub);
    else
        hlist_del_rcu(subs, sub);
    yield* spin_unlock(subs.lock);
}
/**
 * mmu_notifier_unregister(): calls ->release if exit_mmap has not, unhooks, and waits for
 * every SRCU reader (a fence: no callback of `sub` runs after it returns). Drops the mmgrab.
 */
export function* mmu_notifier_unregister(sub, mm) {
    might_sleep('mmu_notifier_unregister');
    kasan_check(mn_obj(sub), 'mmu_notifier_unregister');
    // An unlocked hlist_unhashed() test, in the step of the last operation before it.
    if (mm.notifier_subscriptions !== null)
        footprint('READ_ONCE', list_key(mm.notifier_subscriptions));
    if (sub.hashed) {
        const srcu = mmu_notifier_srcu();
        const idx = yield* srcu_read_lock(srcu);
        if (sub.ops.release)
            yield* callback_sched(sub.ops.release.call(sub.ops, sub, mm), `${sub.__label}: release`, sub.ops.release);
        yield* srcu_read_unlock(srcu, idx);
        // 3.6 to 3.9 unlinked with hlist_del_rcu, which exit_mmap's hlist_del_init_rcu may have
        // done already since the test above (fixed in 3.10 by the init variant here).
        yield* unhook(sub, mm, !bug_on('mn-unregister-del-rcu'));
    }
    yield* synchronize_srcu(mmu_notifier_srcu());
    BUG_ON(mm.mm_count.v <= 0, 'mmu_notifier_unregister: mm_count <= 0');
    yield* mmdrop(mm);
}
/**
 * mmu_notifier_unregister_no_release() (up to 5.3): unhook without ->release and WITHOUT
 * waiting for readers; the caller must free its memory via mmu_notifier_call_srcu().
 */
export function* mmu_notifier_unregister_no_release(sub, mm) {
    kasan_check(mn_obj(sub), 'mmu_notifier_unregister_no_release');
    yield* unhook(sub, mm);
    BUG_ON(mm.mm_count.v <= 0, 'mmu_notifier_unregister_no_release: mm_count <= 0');
    yield* mmdrop(mm);
}
/** mmu_notifier_call_srcu(): run `cb` after an SRCU grace period (its own thread). */
export function* mmu_notifier_call_srcu(cb) {
    yield* call_srcu(mmu_notifier_srcu(), cb);
}
/**
 * mmu_notifier_synchronize() (5.4+): a synchronize_srcu() on the notifier SRCU, as the kernel's
 * is. It waits for every callback already running under SRCU (an invalidation inside its walk
 * of the list, a release), so memory a notifier unhooked before it can be freed after it. It
 * does not wait for queued call_srcu callbacks (mmu_notifier_put's free_notifier) to have run:
 * that is srcu_barrier(mmu_notifier_srcu()). (An older function of the same name, an
 * srcu_barrier, was removed before 5.2; 5.2 and 5.3 have neither.)
 */
export function* mmu_notifier_synchronize() {
    yield* synchronize_srcu(mmu_notifier_srcu());
}
/** mmu_notifier_get_locked() (5.4+): the single notifier for (ops, mm), refcounted. */
export function* mmu_notifier_get_locked(ops, mm) {
    mmap_assert_write_locked(mm, 'mmu_notifier_get_locked');
    const subs = mm.notifier_subscriptions;
    if (subs !== null) {
        yield* spin_lock(subs.lock);
        footprint('READ_ONCE', list_key(subs));
        for (const sub of subs.list) {
            if (sub.ops === ops && sub.users !== 0) {
                sub.users++;
                yield* spin_unlock(subs.lock);
                return sub;
            }
        }
        yield* spin_unlock(subs.lock);
    }
    if (!ops.alloc_notifier)
        return -ENOMEM;
    const sub = yield* ops.alloc_notifier(mm);
    if (typeof sub === 'number')
        return sub;
    sub.ops = ops;
    const r = yield* __mmu_notifier_register(sub, mm);
    if (r !== 0) {
        if (ops.free_notifier)
            yield* ops.free_notifier(sub);
        return r;
    }
    return sub;
}
export function* mmu_notifier_get(ops, mm) {
    yield* mmap_write_lock(mm);
    const r = yield* mmu_notifier_get_locked(ops, mm);
    yield* mmap_write_unlock(mm);
    return r;
}
/**
 * mmu_notifier_put(): drop a users reference; the last one unhooks the notifier and frees it
 * through call_srcu (ops->free_notifier, then mmdrop). Does not wait: callbacks may still run
 * until the grace period ends, so the driver's memory stays valid until free_notifier.
 */
export function* mmu_notifier_put(sub) {
    kasan_check(mn_obj(sub), 'mmu_notifier_put');
    const mm = kasan_check(sub.mm, 'mmu_notifier_put');
    const subs = kasan_check(mm.notifier_subscriptions, 'mmu_notifier_put');
    yield* spin_lock(subs.lock);
    if (WARN_ON(sub.users <= 0, 'mmu_notifier_put with users == 0') || --sub.users > 0) {
        yield* spin_unlock(subs.lock);
        return;
    }
    hlist_del_init_rcu(subs, sub);
    yield* spin_unlock(subs.lock);
    yield* call_srcu(mmu_notifier_srcu(), function* mmu_notifier_free_rcu() {
        if (sub.ops.free_notifier)
            yield* sub.ops.free_notifier(sub);
        yield* mmdrop(mm);
    });
}
/** Called by __mmdrop: free the subscriptions object. */
export function mmu_notifier_subscriptions_destroy(mm) {
    const subs = mm.notifier_subscriptions;
    if (subs === null)
        return;
    WARN_ON(subs.list.length > 0, `${mm.__label} freed with registered mmu notifiers`);
    kfree(subs, 'mmu_notifier_subscriptions_destroy');
    mm.notifier_subscriptions = null;
}
