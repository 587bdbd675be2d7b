/*
 * struct rw_semaphore: many readers or one writer. A reader that finds a writer waiting queues
 * behind it (the kernel's writer preference), which is what makes recursive read locking
 * deadlock-prone. Every down/up/trylock is a scheduling point; down_read/down_write may sleep.
 */
import { kasan_check } from './kasan.js';
import { lock_label } from './lock.js';
import { lock_acquire, lock_acquired, lock_release, might_sleep } from './lockdep.js';
import { block, cur, DONE, lone_point, note, wakeAll } from './sched.js';
import { visible } from './step.js';
export class RwSemaphore {
    cls;
    owner;
    writer = null;
    readers = [];
    writersWaiting = 0;
    waiters = [];
    label;
    constructor(cls, owner = null) {
        this.cls = cls;
        this.owner = owner;
        this.label = lock_label(cls, owner);
    }
    holders() {
        if (this.writer)
            return `${this.writer.name} (write)`;
        if (this.readers.length)
            return `${this.readers.map((t) => t.name).join(', ')} (read)`;
        return 'nobody';
    }
}
/** The visible operation of a step on `s`, and the KASAN check of the structure it lives in. */
function check(s, where) {
    visible(where, s);
    if (s.owner)
        kasan_check(s.owner, where, 'Write');
}
/*
 * down/up fast path: a lone thread (see lone_point) that gets the lock at once has no
 * scheduling point to take, so the operation completes without creating a generator. Any
 * other case takes the point and, if needed, waits.
 */
export function down_read(s) {
    might_sleep('down_read');
    lock_acquire(s, false);
    if (cur.record)
        note('down_read', s.label);
    if (s.writer === null && s.writersWaiting === 0 && lone_point()) {
        check(s, 'down_read');
        s.readers.push(cur.current);
        lock_acquired(cur.current, s, true);
        return DONE;
    }
    return down_read_wait(s);
}
function* down_read_wait(s) {
    yield;
    check(s, 'down_read');
    const t = cur.current;
    while (s.writer !== null || s.writersWaiting > 0) {
        s.waiters.push(t);
        block(s);
        yield;
        check(s, 'down_read');
    }
    s.readers.push(t);
    lock_acquired(t, s, true);
}
export function down_write(s) {
    might_sleep('down_write');
    lock_acquire(s, false);
    if (cur.record)
        note('down_write', s.label);
    if (s.writer === null && s.readers.length === 0 && lone_point()) {
        check(s, 'down_write');
        s.writer = cur.current;
        lock_acquired(cur.current, s, false);
        return DONE;
    }
    return down_write_wait(s);
}
function* down_write_wait(s) {
    yield;
    check(s, 'down_write');
    const t = cur.current;
    if (s.writer !== null || s.readers.length > 0) {
        s.writersWaiting++;
        while (s.writer !== null || s.readers.length > 0) {
            s.waiters.push(t);
            block(s);
            yield;
            check(s, 'down_write');
        }
        s.writersWaiting--;
    }
    s.writer = t;
    lock_acquired(t, s, false);
}
export function* down_read_trylock(s) {
    if (cur.record)
        note('down_read_trylock', s.label);
    if (!lone_point())
        yield;
    check(s, 'down_read_trylock');
    if (s.writer !== null || s.writersWaiting > 0)
        return false;
    const t = cur.current;
    s.readers.push(t);
    lock_acquire(s, true);
    lock_acquired(t, s, true);
    return true;
}
export function* down_write_trylock(s) {
    if (cur.record)
        note('down_write_trylock', s.label);
    if (!lone_point())
        yield;
    check(s, 'down_write_trylock');
    if (s.writer !== null || s.readers.length > 0)
        return false;
    const t = cur.current;
    s.writer = t;
    lock_acquire(s, true);
    lock_acquired(t, s, false);
    return true;
}
export function up_read(s) {
    if (cur.record)
        note('up_read', s.label);
    if (lone_point()) {
        up_read_now(s);
        return DONE;
    }
    return up_read_after_point(s);
}
function* up_read_after_point(s) {
    yield;
    up_read_now(s);
}
function up_read_now(s) {
    check(s, 'up_read');
    const t = cur.current;
    const r = s.readers;
    const i = r.lastIndexOf(t);
    if (i < 0)
        cur.report('bug', `DEBUG_RWSEMS_WARN_ON: up_read of ${s.label} not held for read`, `${t.name} released ${s.label} it does not hold for read`);
    r[i] = r[r.length - 1];
    r.pop();
    lock_release(t, s);
    wakeAll(s.waiters, s);
}
export function up_write(s) {
    if (cur.record)
        note('up_write', s.label);
    if (lone_point()) {
        up_write_now(s);
        return DONE;
    }
    return up_write_after_point(s);
}
function* up_write_after_point(s) {
    yield;
    up_write_now(s);
}
function up_write_now(s) {
    check(s, 'up_write');
    const t = cur.current;
    if (s.writer !== t)
        cur.report('bug', `DEBUG_RWSEMS_WARN_ON: up_write of ${s.label} not owned`, `${t.name} released ${s.label} held by ${s.holders()}`);
    s.writer = null;
    lock_release(t, s);
    wakeAll(s.waiters, s);
}
/** downgrade_write(): a writer becomes a reader without letting another writer in. */
export function* downgrade_write(s) {
    if (cur.record)
        note('downgrade_write', s.label);
    if (!lone_point())
        yield;
    check(s, 'downgrade_write');
    const t = cur.current;
    if (s.writer !== t)
        cur.report('bug', `DEBUG_RWSEMS_WARN_ON: downgrade_write of ${s.label} not owned`, `${t.name} downgraded ${s.label} held by ${s.holders()}`);
    s.writer = null;
    s.readers.push(t);
    const h = t.held.find((x) => x.lock === s);
    if (h)
        h.read = true;
    wakeAll(s.waiters, s);
}
export function rwsem_is_locked(s) {
    return s.writer !== null || s.readers.length > 0;
}
