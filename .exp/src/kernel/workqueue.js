/*
 * Workqueues: struct work_struct, struct delayed_work and struct workqueue_struct, with
 * alloc_workqueue/alloc_ordered_workqueue, the system_wq family, queue_work, flush_work,
 * cancel_work_sync, flush_workqueue, drain_workqueue and destroy_workqueue.
 *
 * Workers are model threads ("kworker/<wq>:<n>"), spawned by queue_work while fewer than
 * max_active run: an ordered workqueue (max_active 1) runs its items one after the other in
 * one worker, any other runs each queued item in a worker of its own, so every interleaving of
 * two items with each other and with the queuer is explored. A work item never runs in two
 * workers at once (the kernel's non-reentrancy): one queued again while it runs waits for the
 * running instance, then runs in the same worker.
 *
 * Checked as the kernel checks it:
 *  - lockdep: every workqueue has a map "(wq_completion)<name>" and every work item class one
 *    "(work_completion)(&<type>-><field>)". A worker holds both around the work function,
 *    flush_work and cancel_work_sync take the work's map (and the workqueue's for an ordered
 *    one), flush_workqueue/drain/destroy the workqueue's: "flush_work under a lock the work
 *    takes" is a circular dependency and "flush or cancel_work_sync of a work from the work
 *    itself" recursive locking, each reported even when the execution does not hang (and then
 *    the self-wait hangs for real: a deadlock).
 *  - KASAN: the worker touches the work item when it takes it off the queue, so a work freed
 *    while queued (or while its delayed-work timer is armed) is a use-after-free there;
 *    queue_work, flush and cancel touch it too. The worker does not touch the item once the
 *    work function returned (the function may free its container, as in the kernel).
 *  - queue_work onto a workqueue being drained or destroyed is the kernel's WARNING; onto a
 *    destroyed (freed) one, a use-after-free.
 *
 * Every queue, cancel, flush check, work start and work end is one visible step, all on one
 * object (the worker pool: see pool()).
 * Virtual time: a delayed work's timer is a model thread sleeping on the virtual clock (it
 * fires when every other thread is blocked or done, see Execution.fireTimers).
 */
import { kasan_check, kfree, kmalloc, KObj } from './kasan.js';
import { lock_map_acquire, lock_map_release, LockdepMap, might_sleep } from './lockdep.js';
import { ScenarioError } from './report.js';
import { block, cur, lone_point, note, wakeAll, wakeThread } from './sched.js';
import { visible } from './step.js';
import { pin_thread } from './cpu.js';
export const WQ_UNBOUND = 1 << 1;
export const WQ_FREEZABLE = 1 << 2;
export const WQ_MEM_RECLAIM = 1 << 3;
export const WQ_HIGHPRI = 1 << 4;
export const __WQ_ORDERED = 1 << 17;
/** The kernel's default max_active (WQ_DFL_ACTIVE). */
export const WQ_DFL_ACTIVE = 256;
function type_of(owner) {
    return owner ? owner.__label.replace(/#\d+$/, '') : '';
}
/** struct work_struct, embedded in `owner` (KASAN reports a use of it after the owner's free). */
export class WorkStruct {
    owner;
    field;
    func = null;
    label;
    /** lockdep class of the work item ("(work_completion)(&odp->work)"). */
    map;
    /** Queued (or its delayed-work timer armed): WORK_STRUCT_PENDING. */
    pending = false;
    /** The workqueue it was last queued on. */
    wq = null;
    /** The worker running it, if any. */
    running = null;
    /** Instances queued, the instance running, the last instance finished (flush_work waits by these). */
    queuedSeq = 0;
    runningSeq = 0;
    finishedSeq = 0;
    /** cancel_work_sync in progress: queue_work fails meanwhile (the canceller owns PENDING). */
    canceling = 0;
    waiters = [];
    /** Set for the work of a delayed_work. */
    dwork = null;
    constructor(owner = null, field = 'work') {
        this.owner = owner;
        this.field = field;
        this.label = owner ? `${owner.__label}->${field}` : field;
        this.map = new LockdepMap(`(work_completion)(&${owner ? `${type_of(owner)}->` : ''}${field})`);
    }
    holders() {
        return this.running ? `${this.running.name} (running it)` : this.pending ? 'its workqueue (queued)' : 'nobody';
    }
}
/** struct delayed_work: a work item and its timer. */
export class DelayedWork {
    work;
    /** The armed timer's thread (null when not armed). */
    timer = null;
    timerWq = null;
    timerWait;
    constructor(owner = null, field = 'dwork') {
        this.work = new WorkStruct(owner, field);
        this.work.dwork = this;
        this.timerWait = { label: `timer of ${this.work.label}` };
    }
    get label() {
        return this.work.label;
    }
}
/** struct workqueue_struct. Its queue and workers are per execution (see wq_state). */
export class WorkqueueStruct extends KObj {
    name;
    flags;
    max_active;
    map;
    constructor(name, flags, max_active) {
        super('workqueue');
        this.name = name;
        this.flags = flags;
        this.max_active = max_active;
        this.map = new LockdepMap(`(wq_completion)${name}`);
    }
    get label() {
        return this.name;
    }
}
/**
 * The one object every workqueue operation is a visible operation on: the kernel serialises
 * PENDING, the queues and the workers' state under the pool lock, and a reduction by partial
 * order must see every two of these operations as dependent (queue_work of one item and a
 * worker looking for the next one touch the same queue).
 */
function pool() {
    let p = cur.ext.get('kernel.worker_pool');
    if (p === undefined)
        cur.ext.set('kernel.worker_pool', (p = { label: 'worker_pool' }));
    return p;
}
function wq_state(wq) {
    let m = cur.ext.get('kernel.workqueues');
    if (m === undefined)
        cur.ext.set('kernel.workqueues', (m = new Map()));
    let s = m.get(wq);
    if (s === undefined)
        m.set(wq, (s = { label: wq.name, queue: [], running: new Set(), workers: 0, spawned: 0, draining: false, destroyed: false, waiters: [], cpu: -1 }));
    return s;
}
/**
 * The per-CPU pool of `wq` on CPU `cpu` (queue_work_on): its own queue and workers, pinned to
 * that CPU (cpu.ts), so an item queued there runs only when that CPU is free.
 */
function wq_cpu_state(wq, cpu) {
    let m = cur.ext.get('kernel.workqueues.percpu');
    if (m === undefined)
        cur.ext.set('kernel.workqueues.percpu', (m = new Map()));
    let a = m.get(wq);
    if (a === undefined)
        m.set(wq, (a = []));
    let s = a[cpu];
    if (s === undefined)
        a[cpu] = s = { label: `${wq.name}/${cpu}`, queue: [], running: new Set(), workers: 0, spawned: 0, draining: false, destroyed: false, waiters: [], cpu };
    return s;
}
/** system_wq and friends: static workqueues (never freed), with per-execution queues. */
export const system_wq = new WorkqueueStruct('events', 0, WQ_DFL_ACTIVE);
export const system_highpri_wq = new WorkqueueStruct('events_highpri', WQ_HIGHPRI, WQ_DFL_ACTIVE);
export const system_unbound_wq = new WorkqueueStruct('events_unbound', WQ_UNBOUND, WQ_DFL_ACTIVE);
export const system_long_wq = new WorkqueueStruct('events_long', 0, WQ_DFL_ACTIVE);
/** alloc_workqueue(name, flags, max_active): max_active 0 means the default. */
export function alloc_workqueue(name, flags = 0, max_active = 0) {
    const ordered = (flags & __WQ_ORDERED) !== 0;
    return kmalloc(new WorkqueueStruct(name, flags, ordered ? 1 : max_active > 0 ? max_active : WQ_DFL_ACTIVE));
}
/** alloc_ordered_workqueue(): one item at a time, in queueing order. */
export function alloc_ordered_workqueue(name, flags = 0) {
    return alloc_workqueue(name, flags | __WQ_ORDERED | WQ_UNBOUND, 1);
}
function check_func(fn, what) {
    if (typeof fn !== 'function')
        throw new ScenarioError(`${what}: the work function must be a function* (a generator function), got ${typeof fn}`);
    return fn;
}
/** INIT_WORK(work, func). */
export function INIT_WORK(work, func) {
    work.func = check_func(func, `INIT_WORK(${work.label})`);
    work.pending = false;
    work.running = null;
    work.queuedSeq = work.runningSeq = work.finishedSeq = 0;
    work.canceling = 0;
}
/** INIT_DELAYED_WORK(dwork, func). */
export function INIT_DELAYED_WORK(dwork, func) {
    INIT_WORK(dwork.work, func);
    dwork.timer = null;
    dwork.timerWq = null;
}
function touch(work, where) {
    if (work.owner)
        kasan_check(work.owner, where, 'Write');
}
function touch_wq(wq, where) {
    if (wq.__state !== 0)
        kasan_check(wq, where);
    return wq_state(wq);
}
/** Put a pending work on its queue and make sure a worker will take it (inside a step). */
function insert_work(wq, st, work) {
    work.wq = wq;
    work.queuedSeq++;
    st.queue.push(work);
    if (st.workers < wq.max_active) {
        st.workers++;
        const n = ++st.spawned;
        if (st.cpu >= 0)
            pin_thread(cur.spawn(`kworker/${st.cpu}:${wq.name}:${n}`, () => worker_thread(wq, st)), st.cpu);
        else
            cur.spawn(`kworker/${wq.name}:${n}`, () => worker_thread(wq, st));
    }
}
function queue_refused(wq, st, work, where) {
    if (st.destroyed || st.draining) {
        // A work of the workqueue itself may chain while it drains (the kernel allows that).
        if (st.draining && !st.destroyed && work_of_wq_running(wq))
            return false;
        cur.report('warn', `WARNING: workqueue: cannot queue ${work.label} on wq ${wq.name}`, `${where}: ${work.label} queued on ${wq.name} while it is ${st.destroyed ? 'destroyed' : 'being drained'}`, [`by thread ${cur.current.name} at step ${cur.steps}`], false);
        return true;
    }
    return false;
}
function work_of_wq_running(wq) {
    return worker_current.get(cur.current)?.wq === wq;
}
/** queue_work(): false if the work was already pending. */
export function* queue_work(wq, work) {
    if (cur.record)
        note('queue_work', `${work.label} on ${wq.name}`);
    if (!lone_point())
        yield;
    visible('queue_work', pool());
    return queue_work_now(wq, work, 'queue_work');
}
/**
 * queue_work_on(cpu, wq, work): queue on the pool of CPU `cpu`; its worker runs on that CPU
 * only. With no CPUs declared (cpu.ts) there is one pool per workqueue and this is queue_work.
 */
export function* queue_work_on(cpu, wq, work) {
    if (cur.ncpus > 0 && (!Number.isInteger(cpu) || cpu < 0 || cpu >= cur.ncpus))
        throw new ScenarioError(`queue_work_on(${cpu}, ${wq.name}): no such CPU (the machine has ${cur.ncpus})`);
    if (cur.record)
        note('queue_work_on', `${work.label} on ${wq.name} CPU#${cpu}`);
    if (!lone_point())
        yield;
    visible('queue_work', pool());
    return queue_work_now(wq, work, 'queue_work_on', cur.ncpus > 0 ? cpu : -1);
}
function queue_work_now(wq, work, where, cpu = -1) {
    touch(work, where);
    if (wq.__state !== 0)
        kasan_check(wq, where);
    const st = cpu >= 0 ? wq_cpu_state(wq, cpu) : wq_state(wq);
    if (work.func === null)
        throw new ScenarioError(`${where}(${work.label}): the work was never initialised (INIT_WORK)`);
    if (work.pending || work.canceling > 0)
        return false;
    if (queue_refused(wq, st, work, where))
        return false;
    work.pending = true;
    insert_work(wq, st, work);
    return true;
}
/** schedule_work(): queue_work(system_wq, work). */
export function schedule_work(work) {
    return queue_work(system_wq, work);
}
/** A worker: take the first queued item not running elsewhere, run it, repeat; exit when none. */
function* worker_thread(wq, st) {
    const me = cur.current;
    for (;;) {
        // The thread's start (or the previous item's end) was its scheduling point.
        visible('process_one_work', pool());
        let work = null;
        for (let i = 0; i < st.queue.length; i++) {
            const w = st.queue[i];
            if (w.running === null) {
                work = w;
                st.queue.splice(i, 1);
                break;
            }
        }
        if (work === null) {
            st.workers--;
            wakeAll(st.waiters, st);
            return;
        }
        touch(work, 'process_one_work');
        work.pending = false;
        work.running = me;
        work.runningSeq = work.queuedSeq;
        st.running.add(work);
        worker_current.set(me, work);
        const fn = work.func;
        lock_map_acquire(wq.map);
        lock_map_acquire(work.map);
        const g = fn(work);
        if (g === null || typeof g !== 'object' || typeof g.next !== 'function') {
            throw new ScenarioError(`work function of ${work.label} is not a generator function: work functions are written as function* and wait only through the runtime's primitives`);
        }
        yield* g;
        lock_map_release(work.map);
        lock_map_release(wq.map);
        if (cur.record)
            note('work done', work.label);
        if (!lone_point())
            yield;
        visible('work done', pool());
        work.running = null;
        work.finishedSeq = work.runningSeq;
        st.running.delete(work);
        worker_current.delete(me);
        wakeAll(work.waiters, work);
        wakeAll(st.waiters, st);
        if (st.cpu >= 0) {
            // flush_workqueue waits on the workqueue's own pool for the per-CPU items too.
            const u = wq_state(wq);
            wakeAll(u.waiters, u);
        }
        if (cur.record)
            note('process_one_work', wq.name);
        if (!lone_point())
            yield;
    }
}
/** Sleep until instance `seq` of `work` has finished (the check is the work's step). */
function* wait_for_instance(work, seq, where) {
    const t = cur.current;
    while (work.finishedSeq < seq) {
        work.waiters.push(t);
        block(work);
        yield;
        visible(where, pool());
    }
}
function flush_lockdep(work) {
    const wq = work.wq;
    // For an ordered workqueue, waiting for the item waits for every item before it.
    if (wq !== null && wq.max_active === 1) {
        lock_map_acquire(wq.map);
        lock_map_release(wq.map);
    }
    lock_map_acquire(work.map);
    lock_map_release(work.map);
}
/** flush_work(): wait for the last queued instance to finish; true if it waited. */
export function* flush_work(work) {
    might_sleep('flush_work');
    flush_lockdep(work);
    if (cur.record)
        note('flush_work', work.label);
    if (!lone_point())
        yield;
    visible('flush_work', pool());
    touch(work, 'flush_work');
    const seq = work.pending ? work.queuedSeq : work.running !== null ? work.runningSeq : 0;
    if (seq === 0 || work.finishedSeq >= seq)
        return false;
    yield* wait_for_instance(work, seq, 'flush_work');
    return true;
}
/** Remove `work` from its queue if it is pending there (inside a step); true if it was pending. */
function grab_pending(work) {
    if (!work.pending)
        return false;
    const dw = work.dwork;
    if (dw !== null && dw.timer !== null) {
        const timer = dw.timer;
        dw.timer = null;
        dw.timerWq = null;
        wakeThread(timer, dw.timerWait);
    }
    else if (work.wq !== null) {
        const q = wq_state(work.wq).queue;
        const i = q.indexOf(work);
        if (i >= 0)
            q.splice(i, 1);
    }
    work.pending = false;
    return true;
}
/** cancel_work(): dequeue if pending, do not wait; true if it was pending. */
export function* cancel_work(work) {
    if (cur.record)
        note('cancel_work', work.label);
    if (!lone_point())
        yield;
    visible('cancel_work', pool());
    touch(work, 'cancel_work');
    return grab_pending(work);
}
/**
 * cancel_work_sync(): dequeue if pending and wait for a running instance to finish; the work
 * cannot be queued again meanwhile. True if it was pending.
 */
export function* cancel_work_sync(work) {
    might_sleep('cancel_work_sync');
    flush_lockdep(work);
    if (cur.record)
        note('cancel_work_sync', work.label);
    if (!lone_point())
        yield;
    visible('cancel_work_sync', pool());
    touch(work, 'cancel_work_sync');
    const was = grab_pending(work);
    if (work.running !== null) {
        work.canceling++;
        try {
            yield* wait_for_instance(work, work.runningSeq, 'cancel_work_sync');
        }
        finally {
            work.canceling--;
        }
    }
    return was;
}
/* ---- delayed work ---- */
/** The timer of a delayed work: sleep `delay` virtual ms, then queue the work (unless cancelled). */
function* delayed_work_timer(dw, wq, delay) {
    const me = cur.current;
    visible('add_timer', pool());
    block(dw.timerWait, cur.now + delay);
    yield;
    visible('delayed_work_timer_fn', pool());
    if (dw.timer !== me)
        return;
    touch(dw.work, 'delayed_work_timer_fn');
    dw.timer = null;
    dw.timerWq = null;
    const st = touch_wq(wq, 'delayed_work_timer_fn');
    if (queue_refused(wq, st, dw.work, 'delayed_work_timer_fn')) {
        dw.work.pending = false;
        return;
    }
    insert_work(wq, st, dw.work);
}
function arm(wq, dw, delay, where) {
    const st = touch_wq(wq, where);
    if (queue_refused(wq, st, dw.work, where))
        return;
    dw.work.pending = true;
    if (delay <= 0) {
        insert_work(wq, st, dw.work);
        return;
    }
    dw.work.wq = wq;
    dw.timerWq = wq;
    dw.timer = cur.spawn(`timer/${dw.work.label}`, () => delayed_work_timer(dw, wq, delay));
}
/** queue_delayed_work(wq, dwork, delay): queue after `delay` virtual ms; false if already pending. */
export function* queue_delayed_work(wq, dw, delay) {
    if (cur.record)
        note('queue_delayed_work', `${dw.label} on ${wq.name} in ${delay}ms`);
    if (!lone_point())
        yield;
    visible('queue_delayed_work', pool());
    touch(dw.work, 'queue_delayed_work');
    if (dw.work.func === null)
        throw new ScenarioError(`queue_delayed_work(${dw.label}): the work was never initialised (INIT_DELAYED_WORK)`);
    if (dw.work.pending || dw.work.canceling > 0)
        return false;
    arm(wq, dw, delay, 'queue_delayed_work');
    return true;
}
/** schedule_delayed_work(): queue_delayed_work(system_wq, ...). */
export function schedule_delayed_work(dw, delay) {
    return queue_delayed_work(system_wq, dw, delay);
}
/** mod_delayed_work(): (re)arm with a new delay, pending or not; true if it was pending. */
export function* mod_delayed_work(wq, dw, delay) {
    if (cur.record)
        note('mod_delayed_work', `${dw.label} on ${wq.name} in ${delay}ms`);
    if (!lone_point())
        yield;
    visible('mod_delayed_work', pool());
    touch(dw.work, 'mod_delayed_work');
    if (dw.work.canceling > 0)
        return false;
    const was = grab_pending(dw.work);
    arm(wq, dw, delay, 'mod_delayed_work');
    return was;
}
/** cancel_delayed_work(): disarm or dequeue, do not wait. */
export function cancel_delayed_work(dw) {
    return cancel_work(dw.work);
}
/** cancel_delayed_work_sync(). */
export function cancel_delayed_work_sync(dw) {
    return cancel_work_sync(dw.work);
}
/** flush_delayed_work(): fire an armed timer now, then flush_work. */
export function* flush_delayed_work(dw) {
    if (cur.record)
        note('flush_delayed_work', dw.label);
    if (!lone_point())
        yield;
    visible('flush_delayed_work', pool());
    touch(dw.work, 'flush_delayed_work');
    if (dw.timer !== null && dw.timerWq !== null) {
        const wq = dw.timerWq;
        const timer = dw.timer;
        dw.timer = null;
        dw.timerWq = null;
        wakeThread(timer, dw.timerWait);
        insert_work(wq, touch_wq(wq, 'flush_delayed_work'), dw.work);
    }
    return yield* flush_work(dw.work);
}
/* ---- whole workqueues ---- */
function wq_lockdep(wq) {
    lock_map_acquire(wq.map);
    lock_map_release(wq.map);
}
/** flush_workqueue(): wait for every item queued (or running) when it was called. */
export function* flush_workqueue(wq) {
    might_sleep('flush_workqueue');
    wq_lockdep(wq);
    if (cur.record)
        note('flush_workqueue', wq.name);
    if (!lone_point())
        yield;
    visible('flush_workqueue', pool());
    const st = touch_wq(wq, 'flush_workqueue');
    const targets = [];
    const percpu = cur.ext.get('kernel.workqueues.percpu')?.get(wq) ?? [];
    for (const p of [st, ...percpu]) {
        if (p === undefined)
            continue;
        for (const w of p.queue)
            targets.push([w, w.queuedSeq]);
        for (const w of p.running)
            targets.push([w, w.runningSeq]);
    }
    const t = cur.current;
    while (targets.some(([w, s]) => w.finishedSeq < s)) {
        st.waiters.push(t);
        block(st);
        yield;
        visible('flush_workqueue', pool());
    }
}
/** drain_workqueue(): wait until the queue is empty, chained items included; others may not queue meanwhile. */
export function* drain_workqueue(wq) {
    might_sleep('drain_workqueue');
    wq_lockdep(wq);
    if (cur.record)
        note('drain_workqueue', wq.name);
    if (!lone_point())
        yield;
    const st = wq_state(wq);
    visible('drain_workqueue', pool());
    touch_wq(wq, 'drain_workqueue');
    st.draining = true;
    const t = cur.current;
    while (st.queue.length > 0 || st.workers > 0) {
        st.waiters.push(t);
        block(st);
        yield;
        visible('drain_workqueue', pool());
    }
    st.draining = false;
}
/** destroy_workqueue(): drain, then free the workqueue. */
export function* destroy_workqueue(wq) {
    yield* drain_workqueue(wq);
    if (cur.record)
        note('destroy_workqueue', wq.name);
    if (!lone_point())
        yield;
    const st = wq_state(wq);
    visible('destroy_workqueue', pool());
    st.destroyed = true;
    if (wq.__state !== 0)
        kfree(wq, 'destroy_workqueue');
}
/** work_pending(): a racy read of PENDING, its own step. */
export function* work_pending(work) {
    if (cur.record)
        note('work_pending', work.label);
    if (!lone_point())
        yield;
    visible('work_pending', pool());
    touch(work, 'work_pending');
    return work.pending;
}
/** delayed_work_pending(). */
export function delayed_work_pending(dw) {
    return work_pending(dw.work);
}
/** current_work(): the work item the running thread executes as a worker, or null. */
export function current_work() {
    return worker_current.get(cur.current) ?? null;
}
const worker_current = new WeakMap();
