/*
 * Sleepable RCU. A reader section is srcu_read_lock()..srcu_read_unlock(); synchronize_srcu()
 * waits for every reader that was inside a section when it started (not for later ones).
 * call_srcu() runs its callback after such a grace period in a thread of its own, which is
 * where a deferred free happens, so a reader still inside its section sees live memory.
 * The two waits differ as the kernel's do: synchronize_srcu waits for readers, not for queued
 * callbacks (one whose grace period is over may still be about to run); srcu_barrier waits for
 * queued callbacks, not for readers.
 */
import { might_sleep } from './lockdep.js';
import { kthread_join } from './thread.js';
import { block, cur, note, wakeAll, lone_point } from './sched.js';
import { visible } from './step.js';
export class SrcuStruct {
    label;
    readers = new Set();
    waiters = [];
    /** Threads running call_srcu callbacks that have not finished yet. */
    callbacks = [];
    cbs = 0;
    constructor(label) {
        this.label = label;
    }
    holders() {
        return [...this.readers].map((r) => `${r.thread.name} (reader)`).join(', ') || 'nobody';
    }
    nextCallbackName() {
        return `srcu_cb/${this.label}#${++this.cbs}`;
    }
}
/** Returns the index to pass to srcu_read_unlock (our reader token). */
export function* srcu_read_lock(ss) {
    if (cur.record)
        note('srcu_read_lock', ss.label);
    if (!lone_point())
        yield;
    visible('srcu_read_lock', ss);
    const r = { thread: cur.current, active: true };
    ss.readers.add(r);
    return r;
}
export function* srcu_read_unlock(ss, idx) {
    if (cur.record)
        note('srcu_read_unlock', ss.label);
    if (!lone_point())
        yield;
    visible('srcu_read_unlock', ss);
    const r = idx;
    if (!ss.readers.has(r))
        cur.report('bug', `BUG: srcu_read_unlock without matching srcu_read_lock on ${ss.label}`, `unbalanced srcu_read_unlock on ${ss.label}`);
    r.active = false;
    ss.readers.delete(r);
    wakeAll(ss.waiters, ss);
}
export function* synchronize_srcu(ss) {
    might_sleep('synchronize_srcu');
    if (cur.record)
        note('synchronize_srcu', ss.label);
    if (!lone_point())
        yield;
    visible('synchronize_srcu', ss);
    const snapshot = [...ss.readers];
    const t = cur.current;
    while (snapshot.some((r) => r.active)) {
        ss.waiters.push(t);
        block(ss);
        yield;
        visible('synchronize_srcu', ss);
    }
}
/** Queue `cb` to run after a grace period, in its own thread. Does not sleep. */
export function* call_srcu(ss, cb) {
    if (cur.record)
        note('call_srcu', ss.label);
    if (!lone_point())
        yield;
    visible('call_srcu', ss);
    const snapshot = [...ss.readers];
    ss.callbacks.push(cur.spawn(ss.nextCallbackName(), () => srcu_callback(ss, snapshot, cb)));
}
/** The thread call_srcu starts: wait out the grace period, then run the callback. */
function* srcu_callback(ss, snapshot, cb) {
    const t = cur.current;
    // The thread's first step checks the grace period (its start is not an operation).
    visible('srcu grace period', ss);
    while (snapshot.some((r) => r.active)) {
        ss.waiters.push(t);
        block(ss);
        yield;
        visible('srcu grace period', ss);
    }
    yield* cb();
}
/**
 * srcu_barrier(): wait until every callback queued before it has run. It waits for no reader
 * that has not queued a callback: a reader still inside its section is not waited for, which
 * is what synchronize_srcu is for. Looking at the queue is a step of its own.
 */
export function* srcu_barrier(ss) {
    might_sleep('srcu_barrier');
    if (cur.record)
        note('srcu_barrier', ss.label);
    if (!lone_point())
        yield;
    visible('srcu_barrier', ss);
    for (const t of ss.callbacks.splice(0))
        yield* kthread_join(t);
}
