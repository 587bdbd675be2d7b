/*
 * Fatal signals, as far as the _killable primitives need them: send_sig_kill(thread) marks a
 * model thread as having a SIGKILL pending and wakes it if it sleeps in a killable wait;
 * fatal_signal_pending() tells. The killable waits (down_read_killable, mutex_lock_killable,
 * and mmap_read_lock_killable on top) then return -EINTR instead of sleeping on.
 * Simplified: only SIGKILL, never cleared, no signal handlers or exit on delivery.
 */
import { kasan_check, KObj } from './kasan.js';
import { lock_acquire, lock_acquired, might_sleep } from './lockdep.js';
import { block, cur, lone_point, note, wakeThread } from './sched.js';
import { visible } from './step.js';
const EINTR = 4;
const killed = new WeakSet();
/**
 * A thread's pending-signal state as an object: send_sig_kill's visible operation is on it and
 * every killable wait reads it (a KASAN read), so the two are ordered for a reduction by
 * partial order as they are in the kernel (signal delivery and the waiter's check).
 */
class SignalStruct extends KObj {
    constructor() {
        super('signal');
    }
}
const signals = new WeakMap();
function signal_of(t) {
    let s = signals.get(t);
    if (s === undefined)
        signals.set(t, (s = new SignalStruct()));
    return s;
}
function pending(t) {
    kasan_check(signal_of(t), 'signal_pending');
    return killed.has(t);
}
/** Threads asleep in a killable wait. */
const killable = new WeakSet();
/** fatal_signal_pending(t): t has a SIGKILL pending. */
export function fatal_signal_pending(t = cur.current) {
    return killed.has(t);
}
/** Send SIGKILL to `t` (one step); a killable sleeper wakes up. */
export function* send_sig_kill(t) {
    if (cur.record)
        note('send_sig(SIGKILL)', t.name);
    if (!lone_point())
        yield;
    visible('send_sig', signal_of(t));
    killed.add(t);
    if (t.state === 1 /* TState.Blocked */ && killable.has(t) && t.waitingOn !== null)
        wakeThread(t, t.waitingOn);
}
/* ---- killable lock waits ---- */
/** down_read_killable(): 0 with the lock held for read, or -EINTR if a fatal signal is (or becomes) pending first. */
export function* down_read_killable(s) {
    might_sleep('down_read_killable');
    lock_acquire(s, false);
    if (cur.record)
        note('down_read_killable', s.label);
    if (!lone_point())
        yield;
    visible('down_read_killable', s);
    if (s.owner)
        kasan_check(s.owner, 'down_read_killable', 'Write');
    const t = cur.current;
    while (s.writer !== null || s.writersWaiting > 0) {
        if (pending(t))
            return -EINTR;
        s.waiters.push(t);
        block(s);
        killable.add(t);
        yield;
        killable.delete(t);
        visible('down_read_killable', s);
        if (s.owner)
            kasan_check(s.owner, 'down_read_killable', 'Write');
    }
    s.readers.push(t);
    lock_acquired(t, s, true);
    return 0;
}
/** mutex_lock_killable(): 0 with the mutex held, or -EINTR. */
export function* mutex_lock_killable(m) {
    might_sleep('mutex_lock_killable');
    lock_acquire(m, false);
    if (cur.record)
        note('mutex_lock_killable', m.label);
    if (!lone_point())
        yield;
    visible('mutex_lock_killable', m);
    if (m.owner)
        kasan_check(m.owner, 'mutex_lock_killable', 'Write');
    const t = cur.current;
    while (m.holder !== null) {
        if (pending(t))
            return -EINTR;
        m.waiters.push(t);
        block(m);
        killable.add(t);
        yield;
        killable.delete(t);
        visible('mutex_lock_killable', m);
        if (m.owner)
            kasan_check(m.owner, 'mutex_lock_killable', 'Write');
    }
    m.holder = t;
    lock_acquired(t, m, false);
    return 0;
}
