/*
 * struct mutex: sleeping lock with an owner. mutex_lock may sleep (might_sleep), so taking one
 * in atomic context is reported; unlocking a mutex the thread does not own is a bug, as with
 * CONFIG_DEBUG_MUTEXES. Every lock, unlock and trylock is a scheduling point.
 */
import { kasan_check } from './kasan.js';
import { ExclusiveLock } from './lock.js';
import { lock_acquire, lock_acquired, lock_release, might_sleep } from './lockdep.js';
import { block, cur, DONE, lone_point, note, wakeAll } from './sched.js';
import { visible } from './step.js';
export class Mutex extends ExclusiveLock {
}
/* Lone-thread fast path (no scheduling point to take, no generator): see rwsem.ts. */
export function mutex_lock(m) {
    might_sleep('mutex_lock');
    lock_acquire(m, false);
    if (cur.record)
        note('mutex_lock', m.label);
    if (m.holder === null && lone_point()) {
        visible('mutex_lock', m);
        if (m.owner)
            kasan_check(m.owner, 'mutex_lock', 'Write');
        m.holder = cur.current;
        lock_acquired(cur.current, m, false);
        return DONE;
    }
    return mutex_lock_wait(m);
}
function* mutex_lock_wait(m) {
    yield;
    visible('mutex_lock', m);
    if (m.owner)
        kasan_check(m.owner, 'mutex_lock', 'Write');
    const t = cur.current;
    while (m.holder !== null) {
        m.waiters.push(t);
        block(m);
        yield;
        visible('mutex_lock', m);
        if (m.owner)
            kasan_check(m.owner, 'mutex_lock', 'Write');
    }
    m.holder = t;
    lock_acquired(t, m, false);
}
export function* mutex_trylock(m) {
    if (cur.record)
        note('mutex_trylock', m.label);
    if (!lone_point())
        yield;
    visible('mutex_trylock', m);
    if (m.owner)
        kasan_check(m.owner, 'mutex_trylock', 'Write');
    if (m.holder !== null)
        return false;
    const t = cur.current;
    m.holder = t;
    lock_acquire(m, true);
    lock_acquired(t, m, false);
    return true;
}
export function mutex_unlock(m) {
    if (cur.record)
        note('mutex_unlock', m.label);
    if (lone_point()) {
        mutex_unlock_now(m);
        return DONE;
    }
    return mutex_unlock_after_point(m);
}
function* mutex_unlock_after_point(m) {
    yield;
    mutex_unlock_now(m);
}
function mutex_unlock_now(m) {
    visible('mutex_unlock', m);
    if (m.owner)
        kasan_check(m.owner, 'mutex_unlock', 'Write');
    const t = cur.current;
    if (m.holder !== t) {
        cur.report('bug', `DEBUG_LOCKS_WARN_ON(__owner_task(owner) != current) in mutex_unlock`, `${t.name} unlocked ${m.label} held by ${m.holders()}`);
    }
    m.holder = null;
    lock_release(t, m);
    wakeAll(m.waiters, m);
}
export function mutex_is_locked(m) {
    return m.holder !== null;
}
