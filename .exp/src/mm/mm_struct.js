/*
 * struct mm_struct: the address space object, its two reference counts and the mmap_lock.
 *
 *   mm_users (atomic)  users of the address space; the last mmput() runs exit_mmap()
 *                      (notifier release, then every VMA torn down) and then mmdrop()s.
 *   mm_count (atomic)  references to the struct itself (all users together hold one); the
 *                      last mmdrop() runs __mmdrop(): the mmdrop hooks (v5.2's hmm_mm_destroy),
 *                      the notifier subscriptions are freed, then the struct (kfree). Any later
 *                      use is a KASAN use-after-free report (MmStruct is a KObj).
 *   mmap_lock (rwsem)  protects the VMA list and the page-table tree (read for faults and
 *                      walks, write for mmap/munmap/mprotect/fork/notifier registration).
 *   page_table_lock    spinlock; the model does not need it for entries (see pgtable.ts) but
 *                      v5.2/v5.3 HMM "abuse" it to protect mm->hmm, so it exists.
 *   active_ranges      invalidate ranges between start and end, per thread (bracket checks);
 *                      plain JS state changed only by mmu_notifier.ts.
 */
import { Atomic, atomic_dec_and_test, atomic_inc, atomic_inc_not_zero, cur, down_read, down_read_killable, down_read_trylock, down_write, downgrade_write, kasan_check, kfree, KObj, kmalloc, lockdep_assert_held, lockdep_assert_held_write, might_sleep, RwSemaphore, Spinlock, up_read, up_write, WaitQueueHead, } from '../kernel/index.js';
import { TASK_UNMAPPED_BASE } from './constants.js';
import { per_execution } from './exec_state.js';
import { exit_mmap } from './mmap.js';
import { mmu_notifier_subscriptions_destroy } from './mmu_notifier.js';
import { PmdMap, PudMap } from './pgtable.js';
export class MmStruct extends KObj {
    mm_users;
    mm_count;
    mmap_lock;
    page_table_lock;
    /** VMAs sorted by vm_start, non-overlapping (the kernel's maple tree). */
    mmap = [];
    /** Page tables: PMD index -> PTE table or PMD leaf; PUD index -> PUD leaf. */
    pmd = new PmdMap();
    pud = new PudMap();
    /** mm->notifier_subscriptions (mm->mmu_notifier_mm before ~5.7): allocated on first registration. */
    notifier_subscriptions = null;
    /** mm->hmm (v5.2/v5.3 only): owned by src/hmm, opaque here. */
    hmm = null;
    /** MMF_* bits. */
    flags = 0;
    /** Invalidations between start and end (for the bracket check and observers). */
    active_ranges = [];
    /** Per-mm hooks run by __mmdrop before the struct is freed. */
    mmdrop_hooks = [];
    mmap_base = TASK_UNMAPPED_BASE;
    /** Woken when a migration entry of this mm is removed (migration_entry_wait). */
    migration_wq;
    /** Name of the owning task, for reports. */
    owner_name = '';
    constructor() {
        super('mm');
        this.pmd.owner = this;
        this.mm_users = new Atomic(1, 'mm_users', this);
        this.mm_count = new Atomic(1, 'mm_count', this);
        this.mmap_lock = new RwSemaphore('mm->mmap_lock', this);
        this.page_table_lock = new Spinlock('mm->page_table_lock', this);
        this.migration_wq = new WaitQueueHead('migration_wq', this);
    }
}
const globals = per_execution('mm.mms', () => ({ live: new Set(), mmdropHooks: [] }));
/** mm_alloc(): a new, empty address space with mm_users = mm_count = 1. */
export function mm_alloc() {
    const mm = kmalloc(new MmStruct());
    globals().live.add(mm);
    return mm;
}
/** Every mm_struct of this execution not yet freed (for invariant checks). */
export function live_mms() {
    return [...globals().live];
}
/** Hook 3: run `fn(mm)` from every __mmdrop of this execution (v5.2 hmm_mm_destroy). */
export function register_mmdrop_hook(fn) {
    globals().mmdropHooks.push(fn);
}
/** mmget(): the caller must already hold a user reference (mm_users > 0). */
export function* mmget(mm) {
    yield* atomic_inc(mm.mm_users);
    if (mm.mm_users.v <= 1) {
        cur.report('bug', 'BUG: mmget() on an mm with mm_users == 0 (use mmget_not_zero)', `mmget revived ${mm.__label} after its last mmput`, [
            `by thread ${cur.current.name} at step ${cur.steps}`,
        ]);
    }
}
/** mmget_not_zero(): pin the address space unless it is already exiting. */
export function* mmget_not_zero(mm) {
    return yield* atomic_inc_not_zero(mm.mm_users);
}
/** mmput(): drop a user reference; the last one tears the address space down (may sleep). */
export function* mmput(mm) {
    might_sleep('mmput');
    kasan_check(mm, 'mmput', 'Write');
    if (mm.mm_users.v <= 0) {
        cur.report('refcount-underflow', 'refcount_t: underflow; use-after-free.', `mmput on ${mm.__label} whose mm_users is already 0`, [
            `by thread ${cur.current.name} at step ${cur.steps}`,
        ]);
    }
    if (yield* atomic_dec_and_test(mm.mm_users))
        yield* __mmput(mm);
}
function* __mmput(mm) {
    yield* exit_mmap(mm);
    yield* mmdrop(mm);
}
/** mmgrab(): keep the struct (not the address space) alive. */
export function* mmgrab(mm) {
    yield* atomic_inc(mm.mm_count);
    if (mm.mm_count.v <= 1) {
        cur.report('use-after-free', 'refcount_t: addition on 0; use-after-free.', `mmgrab on ${mm.__label} whose mm_count was 0`, []);
    }
}
/** mmdrop(): drop a struct reference; the last one frees it. */
export function* mmdrop(mm) {
    kasan_check(mm, 'mmdrop', 'Write');
    if (mm.mm_count.v <= 0) {
        cur.report('refcount-underflow', 'refcount_t: underflow; use-after-free.', `mmdrop on ${mm.__label} whose mm_count is already 0`, []);
    }
    if (yield* atomic_dec_and_test(mm.mm_count))
        yield* __mmdrop(mm);
}
function* __mmdrop(mm) {
    kasan_check(mm, '__mmdrop', 'Write');
    for (const h of globals().mmdropHooks)
        yield* h(mm);
    for (const h of mm.mmdrop_hooks)
        yield* h(mm);
    mmu_notifier_subscriptions_destroy(mm);
    mm.pmd.clear();
    mm.pud.clear();
    globals().live.delete(mm);
    kfree(mm, '__mmdrop');
}
/* ---- mmap_lock ------------------------------------------------------------------------- */
export function* mmap_read_lock(mm) {
    yield* down_read(kasan_check(mm, 'mmap_read_lock').mmap_lock);
}
export function* mmap_read_trylock(mm) {
    return yield* down_read_trylock(kasan_check(mm, 'mmap_read_trylock').mmap_lock);
}
/** mmap_read_lock_killable(): 0 with mmap_lock held for read, or -EINTR on a fatal signal. */
export function* mmap_read_lock_killable(mm) {
    return yield* down_read_killable(kasan_check(mm, 'mmap_read_lock_killable').mmap_lock);
}
export function* mmap_read_unlock(mm) {
    yield* up_read(kasan_check(mm, 'mmap_read_unlock').mmap_lock);
}
export function* mmap_write_lock(mm) {
    yield* down_write(kasan_check(mm, 'mmap_write_lock').mmap_lock);
}
export function* mmap_write_unlock(mm) {
    yield* up_write(kasan_check(mm, 'mmap_write_unlock').mmap_lock);
}
export function* mmap_write_downgrade(mm) {
    yield* downgrade_write(kasan_check(mm, 'mmap_write_downgrade').mmap_lock);
}
export function mmap_assert_locked(mm, where = 'mmap_assert_locked') {
    lockdep_assert_held(kasan_check(mm, where).mmap_lock, where);
}
export function mmap_assert_write_locked(mm, where = 'mmap_assert_write_locked') {
    lockdep_assert_held_write(kasan_check(mm, where).mmap_lock, where);
}
