/*
 * RCU (the preemptible flavour's rules): rcu_read_lock()/rcu_read_unlock() sections,
 * synchronize_rcu(), call_rcu(), kfree_rcu(), rcu_barrier(), and the pointer accessors
 * rcu_dereference(), rcu_dereference_protected(), rcu_access_pointer(), rcu_assign_pointer().
 *
 * The grace period: synchronize_rcu() waits for every reader that was inside a section when it
 * started (not for later ones); call_rcu() runs its callback, after such a grace period, in a
 * model thread of its own ("rcu_cb/<n>", standing for the softirq that runs callbacks), so a
 * reader still in its section sees live memory.
 *
 * Checked as the kernel checks it:
 *  - sleeping inside a read section (rcu_read_lock nesting > 0) is sleep-in-atomic, as
 *    might_sleep() reports "RCU nest depth"; so is sleeping in a call_rcu callback (softirq);
 *  - synchronize_rcu() in a read section: the same report (it may sleep);
 *  - rcu_dereference() outside a read section: "suspicious RCU usage" (lock-not-held, not fatal);
 *    rcu_dereference_protected(p, cond) with a false cond: the same;
 *  - rcu_read_unlock() without a section: a bug; a thread that exits inside a section:
 *    lockdep's "lock held when returning to user space" (the section holds rcu_read_lock's map);
 *  - an rcu_head queued twice before its callback ran: the debug-objects bug;
 *  - a free that skips the grace period: KASAN, when the reader then touches the object.
 *
 * Each read lock/unlock (outermost), grace-period check, call_rcu, dereference and pointer
 * publication is one visible step. Simplified: only explicit read sections are readers (the
 * kernel also treats preempt- and irq-disabled regions, so spinlock holders, as readers);
 * there is one RCU flavour; callbacks run in queueing order only by chance of the schedule.
 */
import { kasan_check, kfree } from './kasan.js';
import { lock_acquired, lock_release, LockdepMap, might_sleep } from './lockdep.js';
import { block, cur, lone_point, modelStack, note, wakeAll } from './sched.js';
import { visible } from './step.js';
import { kthread_join } from './thread.js';
/** lockdep's map for rcu_read_lock (held by a reader, for the "held at exit" check). */
export const rcu_lock_map = new LockdepMap('rcu_read_lock');
function rcu_state() {
    let s = cur.ext.get('kernel.rcu');
    if (s === undefined) {
        s = { label: 'rcu_state', readers: new Map(), waiters: [], callbacks: [], cbs: 0, holders: () => [...s.readers.keys()].map((t) => `${t.name} (reader)`).join(', ') || 'nobody' };
        cur.ext.set('kernel.rcu', s);
    }
    return s;
}
/** struct rcu_head, embedded in the object a callback frees. */
export class RcuHead {
    owner;
    /** Queued and its callback not yet run. */
    queued = false;
    label;
    constructor(owner = null) {
        this.owner = owner;
        this.label = owner ? `${owner.__label}->rcu` : 'rcu_head';
    }
}
export function* rcu_read_lock() {
    if (cur.record)
        note('rcu_read_lock', '');
    if (!lone_point())
        yield;
    const st = rcu_state();
    visible('rcu_read_lock', st);
    const t = cur.current;
    if (t.rcuDepth++ === 0) {
        st.readers.set(t, { thread: t, active: true });
        lock_acquired(t, rcu_lock_map, true);
    }
}
export function* rcu_read_unlock() {
    if (cur.record)
        note('rcu_read_unlock', '');
    if (!lone_point())
        yield;
    const st = rcu_state();
    visible('rcu_read_unlock', st);
    const t = cur.current;
    if (t.rcuDepth === 0) {
        cur.report('bug', 'BUG: rcu_read_unlock() without rcu_read_lock()', `${t.name}: unbalanced rcu_read_unlock`, [`by thread ${t.name} at step ${cur.steps}`]);
    }
    if (--t.rcuDepth === 0) {
        const r = st.readers.get(t);
        if (r !== undefined)
            r.active = false;
        st.readers.delete(t);
        lock_release(t, rcu_lock_map);
        wakeAll(st.waiters, st);
    }
}
/** rcu_read_lock_held(): the running thread is inside a read section. */
export function rcu_read_lock_held() {
    return cur.current.rcuDepth > 0;
}
function snapshot(st) {
    return [...st.readers.values()];
}
function* wait_gp(st, readers, op) {
    const t = cur.current;
    while (readers.some((r) => r.active)) {
        st.waiters.push(t);
        block(st);
        yield;
        visible(op, st);
    }
}
/** synchronize_rcu(): wait for every reader inside a section now. */
export function* synchronize_rcu() {
    might_sleep('synchronize_rcu');
    if (cur.record)
        note('synchronize_rcu', '');
    if (!lone_point())
        yield;
    const st = rcu_state();
    visible('synchronize_rcu', st);
    yield* wait_gp(st, snapshot(st), 'synchronize_rcu');
}
/** call_rcu(head, func): run func after a grace period, in a callback thread. Does not sleep. */
export function* call_rcu(head, func) {
    if (cur.record)
        note('call_rcu', head.label);
    if (!lone_point())
        yield;
    const st = rcu_state();
    visible('call_rcu', st);
    if (head.owner)
        kasan_check(head.owner, 'call_rcu', 'Write');
    if (head.queued) {
        cur.report('bug', `ODEBUG: activate active (active state 1) object type: rcu_head`, `call_rcu of ${head.label} whose callback has not run yet (queued twice)`, [`by thread ${cur.current.name} at step ${cur.steps}`, ...modelStack(6).map((f) => `  ${f}`)]);
    }
    head.queued = true;
    const readers = snapshot(st);
    st.callbacks.push(cur.spawn(`rcu_cb/${++st.cbs}`, () => rcu_callback_thread(st, readers, head, func)));
}
function* rcu_callback_thread(st, readers, head, func) {
    // The thread's start is its scheduling point; its first step checks the grace period.
    visible('rcu grace period', st);
    yield* wait_gp(st, readers, 'rcu grace period');
    if (cur.record)
        note('rcu callback', head.label);
    if (!lone_point())
        yield;
    visible('rcu callback', head);
    head.queued = false;
    const t = cur.current;
    t.atomicContext = 'in_serving_softirq(): 1 (RCU callback)';
    try {
        const r = func(head);
        if (r !== undefined && r !== null && typeof r.next === 'function')
            yield* r;
    }
    finally {
        t.atomicContext = '';
    }
}
/** kfree_rcu(obj): free `obj` after a grace period. */
export function kfree_rcu(obj, head = new RcuHead(obj)) {
    return call_rcu(head, () => kfree(obj, 'kfree_rcu'));
}
/** rcu_barrier(): wait until every callback queued so far has run. */
export function* rcu_barrier() {
    might_sleep('rcu_barrier');
    if (cur.record)
        note('rcu_barrier', '');
    if (!lone_point())
        yield;
    const st = rcu_state();
    visible('rcu_barrier', st);
    for (const t of st.callbacks.splice(0))
        yield* kthread_join(t);
}
function suspicious(where, why) {
    cur.report('lock-not-held', 'WARNING: suspicious RCU usage', `${where}: ${why}`, [`${cur.current.name} at step ${cur.steps}`, 'Call trace:', ...modelStack(6).map((f) => `  ${f}`)], false);
}
function label(o, field) {
    return `${o.__label ?? '?'}->${String(field)}`;
}
function check_holder(o, where, access) {
    if (o.__state !== undefined)
        kasan_check(o, where, access);
}
/** rcu_dereference(o->field): a read of an RCU-protected pointer, inside a read section. */
export function* rcu_dereference(o, field) {
    if (cur.record)
        note('rcu_dereference', label(o, field));
    if (!lone_point())
        yield;
    visible('rcu_dereference', o);
    check_holder(o, 'rcu_dereference', 'Read');
    if (cur.current.rcuDepth === 0)
        suspicious('rcu_dereference', `${label(o, field)} read outside rcu_read_lock()`);
    return o[field];
}
/**
 * rcu_dereference_protected(o->field, held): the updater's read under the lock that excludes
 * other updaters (no step: nothing another updater does can interleave); `held` is the
 * lockdep condition (e.g. lock_is_held(lock)).
 */
export function rcu_dereference_protected(o, field, held) {
    check_holder(o, 'rcu_dereference_protected', 'Read');
    if (!held)
        suspicious('rcu_dereference_protected', `${label(o, field)} read without the update-side lock`);
    return o[field];
}
/** rcu_access_pointer(o->field): read the pointer's value only (no dereference): any context. */
export function* rcu_access_pointer(o, field) {
    if (cur.record)
        note('rcu_access_pointer', label(o, field));
    if (!lone_point())
        yield;
    visible('rcu_access_pointer', o);
    check_holder(o, 'rcu_access_pointer', 'Read');
    return o[field];
}
/** rcu_assign_pointer(o->field, v): publish `v` (a release store): one step. */
export function* rcu_assign_pointer(o, field, v) {
    if (cur.record)
        note('rcu_assign_pointer', label(o, field));
    if (!lone_point())
        yield;
    visible('rcu_assign_pointer', o);
    check_holder(o, 'rcu_assign_pointer', 'Write');
    o[field] = v;
}
/** RCU_INIT_POINTER(): the same store, for a pointer no reader can see yet (or NULL). */
export const RCU_INIT_POINTER = rcu_assign_pointer;
