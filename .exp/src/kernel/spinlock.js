/*
 * spinlock_t: a thread holding one is in atomic context (preempt_count > 0) until it unlocks,
 * so anything that may sleep in between is reported as sleep-in-atomic. A contended spin_lock
 * spins (modelled as waiting without sleeping). The _irqsave variants behave the same here.
 */
import { kasan_check } from './kasan.js';
import { ExclusiveLock } from './lock.js';
import { lock_acquire, lock_acquired, lock_release } from './lockdep.js';
import { block, cur, note, wakeAll, lone_point } from './sched.js';
import { visible } from './step.js';
export class Spinlock extends ExclusiveLock {
    /** Holding one makes the thread atomic (lockdep reports name the spinlocks held). */
    spin = true;
}
export function* spin_lock(s) {
    lock_acquire(s, false);
    if (cur.record)
        note('spin_lock', s.label);
    if (!lone_point())
        yield;
    visible('spin_lock', s);
    if (s.owner)
        kasan_check(s.owner, 'spin_lock', 'Write');
    const t = cur.current;
    while (s.holder !== null) {
        s.waiters.push(t);
        block(s);
        yield;
        visible('spin_lock', s);
        if (s.owner)
            kasan_check(s.owner, 'spin_lock', 'Write');
    }
    s.holder = t;
    t.atomicDepth++;
    lock_acquired(t, s, false);
}
export function* spin_trylock(s) {
    if (cur.record)
        note('spin_trylock', s.label);
    if (!lone_point())
        yield;
    visible('spin_trylock', s);
    if (s.owner)
        kasan_check(s.owner, 'spin_trylock', 'Write');
    if (s.holder !== null)
        return false;
    const t = cur.current;
    s.holder = t;
    t.atomicDepth++;
    lock_acquire(s, true);
    lock_acquired(t, s, false);
    return true;
}
export function* spin_unlock(s) {
    if (cur.record)
        note('spin_unlock', s.label);
    if (!lone_point())
        yield;
    visible('spin_unlock', s);
    if (s.owner)
        kasan_check(s.owner, 'spin_unlock', 'Write');
    const t = cur.current;
    if (s.holder !== t) {
        cur.report('bug', `BUG: spinlock wrong owner on CPU, ${s.label}`, `${t.name} unlocked ${s.label} held by ${s.holders()}`);
    }
    s.holder = null;
    t.atomicDepth--;
    lock_release(t, s);
    wakeAll(s.waiters, s);
}
export const spin_lock_irqsave = spin_lock;
export const spin_unlock_irqrestore = spin_unlock;
export function assert_spin_locked(s, where) {
    if (s.holder === null)
        cur.report('bug', `BUG: assert_spin_locked(${s.cls}) failed in ${where}`, `${where}: ${s.label} not locked`);
}
