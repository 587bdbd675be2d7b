/*
 * struct completion: a count of "done" events and a wait queue. complete() adds one and wakes
 * a waiter, complete_all() makes it done for good (every present and future waiter passes
 * until reinit_completion), wait_for_completion() sleeps until the count is positive and
 * takes one. Timeouts are virtual milliseconds (see wait.ts); the _timeout variant returns 0
 * when it timed out, else the time left (at least 1), as the kernel returns jiffies.
 *
 * Each complete/complete_all/try_wait/completion_done is one visible step on the completion's
 * wait queue; a waiter's check of the count is the wait queue's step.
 */
import { kasan_check } from './kasan.js';
import { cur, lone_point, note, wakeAll } from './sched.js';
import { visible } from './step.js';
import { wait_event, wait_event_timeout, WaitQueueHead } from './wait.js';
export class Completion {
    done = 0;
    wq;
    /** @param owner the structure the completion is embedded in (a use after its free is reported) */
    constructor(name, owner = null) {
        this.wq = new WaitQueueHead(name, owner);
    }
    get label() {
        return this.wq.label;
    }
}
/** init_completion(): reset to not done (no scheduling point: the object is not shared yet). */
export function init_completion(c) {
    c.done = 0;
}
/** reinit_completion(): reset a completion that may have been completed (no waiter may be sleeping). */
export function reinit_completion(c) {
    c.done = 0;
}
function check_owner(c, where) {
    if (c.wq.owner)
        kasan_check(c.wq.owner, where, 'Write');
}
export function* wait_for_completion(c) {
    yield* wait_event(c.wq, () => c.done > 0, [[c, 'done']]);
    if (c.done !== Infinity)
        c.done--;
}
/** Returns 0 when `timeoutMs` of virtual time passed without a complete(), else the time left (>= 1). */
export function* wait_for_completion_timeout(c, timeoutMs) {
    const r = yield* wait_event_timeout(c.wq, () => c.done > 0, timeoutMs, [[c, 'done']]);
    if (r > 0 && c.done !== Infinity)
        c.done--;
    return r;
}
/** try_wait_for_completion(): take one "done" without sleeping; false when there is none. */
export function* try_wait_for_completion(c) {
    if (cur.record)
        note('try_wait_for_completion', c.wq.label);
    if (!lone_point())
        yield;
    visible('try_wait_for_completion', c.wq);
    check_owner(c, 'try_wait_for_completion');
    if (c.done <= 0)
        return false;
    if (c.done !== Infinity)
        c.done--;
    return true;
}
/** completion_done(): true when a wait would not sleep. */
export function* completion_done(c) {
    if (cur.record)
        note('completion_done', c.wq.label);
    if (!lone_point())
        yield;
    visible('completion_done', c.wq);
    check_owner(c, 'completion_done');
    return c.done > 0;
}
export function* complete(c) {
    if (cur.record)
        note('complete', c.wq.label);
    if (!lone_point())
        yield;
    visible('complete', c.wq);
    check_owner(c, 'complete');
    if (c.done !== Infinity)
        c.done++;
    wakeAll(c.wq.waiters, c.wq);
}
export function* complete_all(c) {
    if (cur.record)
        note('complete_all', c.wq.label);
    if (!lone_point())
        yield;
    visible('complete_all', c.wq);
    check_owner(c, 'complete_all');
    c.done = Infinity;
    wakeAll(c.wq.waiters, c.wq);
}
