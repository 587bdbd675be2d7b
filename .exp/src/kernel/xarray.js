/*
 * struct xarray: an index -> pointer map with its own spinlock (xa_lock) and lockless RCU
 * lookups, the way drivers keep their per-id objects (the idr is an xarray underneath).
 *
 *   xa_load(xa, i)                    lockless lookup: one step
 *   xa_store / xa_insert / xa_erase   take xa_lock, change one slot (its own step: xa_load
 *   xa_alloc, xa_cmpxchg              readers see it at once), release; store/insert/alloc may
 *                                     allocate a node (gfp: might sleep, may fail under fault
 *                                     injection: -ENOMEM)
 *   xa_lock / xa_unlock, __xa_store, __xa_erase   the same under a lock the caller holds
 *                                     (a blocking allocation drops and retakes it, as xas_nomem)
 *   xa_for_each(xa)                   the present entries, in index order (a snapshot taken by
 *                                     the caller under xa_lock or an RCU section)
 *
 * Checked: a lookup that finds an entry whose object has been freed (the driver freed it and
 * left it stored, or freed it before erasing) is a use-after-free in xa_load, since the caller
 * goes on to use what it found; __xa_store/__xa_erase without xa_lock is lock-not-held.
 * Errors are returned as negative errno numbers (the kernel's xa_err() of an error entry).
 */
import { GFP_KERNEL, gfpflags_allow_blocking, might_alloc } from './gfp.js';
import { __GFP_NOFAIL, should_failslab } from './fault_inject.js';
import { kasan_check } from './kasan.js';
import { lock_is_held, lockdep_assert_held } from './lockdep.js';
import { cur, lone_point, note } from './sched.js';
import { spin_lock, spin_unlock, Spinlock } from './spinlock.js';
import { visible } from './step.js';
const ENOMEM = 12;
const EBUSY = 16;
/** An erase allocates nothing: it neither sleeps nor fails. */
const GFP_ATOMIC_NOFAIL = __GFP_NOFAIL;
export const XA_FLAGS_ALLOC = 1;
export class XArray {
    flags;
    owner;
    entries = new Map();
    xa_lock;
    label;
    /** @param owner the structure the xarray is embedded in */
    constructor(name, flags = 0, owner = null) {
        this.flags = flags;
        this.owner = owner;
        this.label = owner ? `${owner.__label}->${name}` : name;
        this.xa_lock = new Spinlock(`${name}.xa_lock`, owner);
    }
}
/** xa_init() / DEFINE_XARRAY: a fresh empty array. */
export function xa_init(name, flags = 0, owner = null) {
    return new XArray(name, flags, owner);
}
function touch(xa, where, access = 'Read') {
    if (xa.owner)
        kasan_check(xa.owner, where, access);
}
function check_entry(xa, index, e, where) {
    const o = e;
    if (o !== undefined && o !== null && typeof o === 'object' && o.__state !== undefined) {
        // A live entry is read as a KASAN check would (ordering it with the entry's kfree for a
        // reduction by partial order); a freed one is reported here, with the slot it was found in.
        if (o.__state !== 2)
            kasan_check(o, where);
        else {
            cur.report('use-after-free', `BUG: KASAN: use-after-free in ${where}`, `${where}(${xa.label}, ${index}) found ${o.__label}, which has been freed`, [`entry ${index} of ${xa.label} still points at ${o.__label}`, ...(o.__free ? [`Freed by thread ${o.__free.thread} at step ${o.__free.step}`, ...o.__free.stack.map((f) => `  ${f}`)] : [])]);
        }
    }
}
/** xa_load(): the entry at `index` (undefined when none); lockless, one step. */
export function* xa_load(xa, index) {
    if (cur.record)
        note('xa_load', `${xa.label}[${index}]`);
    if (!lone_point())
        yield;
    visible('xa_load', xa, index);
    touch(xa, 'xa_load');
    const e = xa.entries.get(index);
    check_entry(xa, index, e, 'xa_load');
    return e;
}
/** xa_empty(): one lockless step. */
export function* xa_empty(xa) {
    if (cur.record)
        note('xa_empty', xa.label);
    if (!lone_point())
        yield;
    visible('xa_empty', xa);
    touch(xa, 'xa_empty');
    return xa.entries.size === 0;
}
export function xa_lock(xa) {
    return spin_lock(xa.xa_lock);
}
export function xa_unlock(xa) {
    return spin_unlock(xa.xa_lock);
}
/** One slot change under xa_lock: its own step (lockless readers see it). */
function* slot_step(xa, op, index) {
    if (cur.record)
        note(op, `${xa.label}[${index}]`);
    if (!lone_point())
        yield;
    visible(op, xa, index);
    touch(xa, op, 'Write');
}
/**
 * Allocate a node for a new slot under xa_lock (the __xa_* API). With a blocking gfp the
 * kernel drops xa_lock around the allocation and retakes it (xas_nomem), so another thread may
 * change the array meanwhile.
 */
function* node_alloc_locked(xa, gfp, where) {
    if (gfpflags_allow_blocking(gfp) && lock_is_held(xa.xa_lock)) {
        yield* spin_unlock(xa.xa_lock);
        might_alloc(gfp, where);
        const ok = !should_failslab('xa_node', gfp);
        yield* spin_lock(xa.xa_lock);
        return ok;
    }
    might_alloc(gfp, where);
    return !should_failslab('xa_node', gfp);
}
/**
 * The node the xa_* calls may need, allocated before they take xa_lock when the gfp may block
 * (as a preload), under it otherwise: true if there is one (or none was needed).
 */
function prealloc(gfp, where) {
    might_alloc(gfp, where);
    return !should_failslab('xa_node', gfp);
}
function store_now(xa, index, entry) {
    const old = xa.entries.get(index);
    if (entry === null)
        xa.entries.delete(index);
    else
        xa.entries.set(index, entry);
    return old;
}
/** __xa_store(): the caller holds xa_lock. Returns the old entry, or -ENOMEM. */
export function* __xa_store(xa, index, entry, gfp = GFP_KERNEL) {
    lockdep_assert_held(xa.xa_lock, '__xa_store');
    if (entry !== null && !xa.entries.has(index) && !(yield* node_alloc_locked(xa, gfp, '__xa_store')))
        return -ENOMEM;
    yield* slot_step(xa, 'xa_store', index);
    return store_now(xa, index, entry);
}
/** Take xa_lock for an xa_* call that may store a new slot: false (nothing locked) on -ENOMEM. */
function* lock_for_store(xa, gfp, where) {
    const blocking = gfpflags_allow_blocking(gfp);
    if (blocking && !prealloc(gfp, where))
        return false;
    yield* xa_lock(xa);
    if (!blocking && !prealloc(gfp, where)) {
        yield* xa_unlock(xa);
        return false;
    }
    return true;
}
/** xa_store(): store `entry` at `index` (null erases); the old entry, or -ENOMEM. */
export function* xa_store(xa, index, entry, gfp = GFP_KERNEL) {
    if (!(yield* lock_for_store(xa, entry === null ? GFP_ATOMIC_NOFAIL : gfp, 'xa_store')))
        return -ENOMEM;
    yield* slot_step(xa, 'xa_store', index);
    const r = store_now(xa, index, entry);
    yield* xa_unlock(xa);
    return r;
}
/** __xa_erase(): the caller holds xa_lock. Returns the old entry. */
export function* __xa_erase(xa, index) {
    lockdep_assert_held(xa.xa_lock, '__xa_erase');
    yield* slot_step(xa, 'xa_erase', index);
    return store_now(xa, index, null);
}
/** xa_erase(): remove the entry at `index`; the old entry. */
export function* xa_erase(xa, index) {
    yield* xa_lock(xa);
    const r = yield* __xa_erase(xa, index);
    yield* xa_unlock(xa);
    return r;
}
/** xa_insert(): store only if the slot is empty: 0, -EBUSY or -ENOMEM. */
export function* xa_insert(xa, index, entry, gfp = GFP_KERNEL) {
    if (!(yield* lock_for_store(xa, gfp, 'xa_insert')))
        return -ENOMEM;
    let r = 0;
    if (xa.entries.has(index))
        r = -EBUSY;
    else {
        yield* slot_step(xa, 'xa_insert', index);
        store_now(xa, index, entry);
    }
    yield* xa_unlock(xa);
    return r;
}
/**
 * xa_alloc(xa, entry, [min, max], gfp): store `entry` at the lowest free index in the limit;
 * the index (>= 0), -EBUSY when the limit is full, or -ENOMEM.
 */
export function* xa_alloc(xa, entry, limit = [0, 0xffffffff], gfp = GFP_KERNEL) {
    if (!(yield* lock_for_store(xa, gfp, 'xa_alloc')))
        return -ENOMEM;
    let id = limit[0];
    while (id <= limit[1] && xa.entries.has(id))
        id++;
    let r = id;
    if (id > limit[1])
        r = -EBUSY;
    else {
        yield* slot_step(xa, 'xa_alloc', id);
        store_now(xa, id, entry);
    }
    yield* xa_unlock(xa);
    return r;
}
/**
 * xa_cmpxchg(): store `entry` (null erases) only if the slot holds `old` (undefined: empty);
 * returns what the slot held, or -ENOMEM. The way two paths race to claim one entry.
 */
export function* xa_cmpxchg(xa, index, old, entry, gfp = GFP_KERNEL) {
    if (!(yield* lock_for_store(xa, entry === null ? GFP_ATOMIC_NOFAIL : gfp, 'xa_cmpxchg')))
        return -ENOMEM;
    const r = xa.entries.get(index);
    if (r === old) {
        yield* slot_step(xa, 'xa_cmpxchg', index);
        store_now(xa, index, entry);
    }
    yield* xa_unlock(xa);
    return r;
}
/** xa_for_each(): [index, entry] pairs in index order (no step: the caller holds xa_lock or is in an RCU section). */
export function xa_for_each(xa) {
    touch(xa, 'xa_for_each');
    return [...xa.entries.entries()].sort((a, b) => a[0] - b[0]);
}
/** xa_destroy(): drop every entry (not the objects they point at). */
export function* xa_destroy(xa) {
    yield* xa_lock(xa);
    yield* slot_step(xa, 'xa_destroy', -1);
    xa.entries.clear();
    yield* xa_unlock(xa);
}
/** xa_is_err(): the value an xa_store/xa_alloc returned is a negative errno. */
export function xa_is_err(v) {
    return typeof v === 'number' && v < 0;
}
