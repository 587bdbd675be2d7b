/*
 * The folio lock (PG_locked): migration, device-exclusive conversion and the device-private
 * fault path hold it while they change what maps a folio; truncation and GUP wait for it.
 *
 * The bit is state other threads observe (a trylock fails, a waiter sleeps), so taking and
 * dropping it are operations of their own, each a step: folio_trylock, folio_lock (one attempt
 * per step, sleeping between them), folio_unlock (with the wake-up of the waiters). Inside a
 * page-table step the kernel takes it under the page-table lock together with the entry it
 * reads (migrate_vma_collect): __folio_trylock is that bundled form, which does no operation of
 * its own.
 *
 * Waiters of a folio sleep on that folio's queue (the kernel hashes folios onto a small table
 * of queues; a queue per folio wakes no one needlessly). Lockdep does not know
 * page locks and neither does the model: a cycle of them ends as a deadlock report (every live
 * thread blocked), with the folio each thread waits for. Owns no lock of its own.
 */
import { block, cur, lone_point, note, visible, wakeAll } from '../kernel/index.js';
import { per_execution } from './exec_state.js';
/** The sleepers of one folio's lock, and who holds it (for deadlock reports). */
class FolioWait {
    page;
    waiters = [];
    holder = '';
    constructor(page) {
        this.page = page;
    }
    get label() {
        return `${this.page.label} PG_locked`;
    }
    holders() {
        return this.holder || 'nobody';
    }
}
const waits = per_execution('mm.page_lock', () => new Map());
function wait_of(page) {
    const m = waits();
    let w = m.get(page);
    if (w === undefined)
        m.set(page, (w = new FolioWait(page)));
    return w;
}
/** Who holds a folio's lock (reports): a thread name, or undefined. */
export function folio_lock_holder(page) {
    return page.locked ? waits().get(page)?.holder : undefined;
}
export function folio_test_locked(page) {
    return page.locked;
}
/**
 * PG_locked of a freed folio is touched (a lock, trylock or unlock with no reference that
 * kept the folio allocated): a use-after-free, as KASAN reports one of an object.
 */
function check_not_freed(page, op) {
    if (!page.freed)
        return;
    cur.report('use-after-free', `BUG: KASAN: use-after-free in ${op}`, `${op} of freed ${page.label}`, [`page: refcount:${page.refcount} mapcount:${page.mapcount}`, `by thread ${cur.current ? cur.current.name : 'init'} at step ${cur.steps}`]);
}
/** The trylock inside another step (under the page-table lock): true if it took the lock. */
export function __folio_trylock(page) {
    check_not_freed(page, 'folio_trylock');
    if (page.locked)
        return false;
    page.locked = true;
    wait_of(page).holder = cur.current ? cur.current.name : 'init';
    return true;
}
/** folio_trylock(): one attempt, a step of its own. */
export function* folio_trylock(page) {
    if (cur.record)
        note('folio_trylock', page.label);
    if (!lone_point())
        yield;
    visible('folio_lock', page);
    return __folio_trylock(page);
}
/** folio_lock(): sleep until the folio's lock is free, then take it. */
export function* folio_lock(page) {
    if (cur.record)
        note('folio_lock', page.label);
    if (!lone_point())
        yield;
    visible('folio_lock', page);
    check_not_freed(page, 'folio_lock');
    while (!__folio_trylock(page)) {
        const w = wait_of(page);
        w.waiters.push(cur.current);
        block(w);
        yield;
        visible('folio_lock', page);
    }
}
/** folio_wait_locked(): sleep until the folio is unlocked (do not take it). */
export function* folio_wait_locked(page) {
    if (cur.record)
        note('folio_wait_locked', page.label);
    if (!lone_point())
        yield;
    visible('folio_lock', page);
    // No check of a freed folio here: a waiter queued under the page-table lock needs no
    // reference (the kernel's wait tables are hashed, not in the folio, and the wait that drops
    // the page-table lock does not touch the folio once woken).
    while (page.locked) {
        const w = wait_of(page);
        w.waiters.push(cur.current);
        block(w);
        yield;
        visible('folio_lock', page);
    }
}
/** The unlock inside another step. Unlocking a folio that is not locked is a kernel BUG. */
export function __folio_unlock(page) {
    check_not_freed(page, 'folio_unlock');
    if (!page.locked) {
        cur.report('bug', 'BUG: folio_unlock of a folio that is not locked', `folio_unlock(${page.label}) while it is not locked`, [`by thread ${cur.current ? cur.current.name : 'init'} at step ${cur.steps}`]);
    }
    page.locked = false;
    const w = waits().get(page);
    if (w !== undefined) {
        w.holder = '';
        wakeAll(w.waiters, w);
    }
}
/** folio_unlock(): drop the lock and wake the waiters; a step of its own. */
export function* folio_unlock(page) {
    if (cur.record)
        note('folio_unlock', page.label);
    if (!lone_point())
        yield;
    visible('folio_unlock', page);
    __folio_unlock(page);
}
