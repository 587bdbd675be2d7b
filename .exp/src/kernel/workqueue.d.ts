import { KObj } from './kasan.js';
import { LockdepMap } from './lockdep.js';
import { type Sched, type Thread, type Waitable } from './sched.js';
export declare const WQ_UNBOUND: number;
export declare const WQ_FREEZABLE: number;
export declare const WQ_MEM_RECLAIM: number;
export declare const WQ_HIGHPRI: number;
export declare const __WQ_ORDERED: number;
/** The kernel's default max_active (WQ_DFL_ACTIVE). */
export declare const WQ_DFL_ACTIVE = 256;
/** A work function: a generator function given its work item (container_of gives the owner). */
export type WorkFunc = (work: WorkStruct) => Sched;
/** struct work_struct, embedded in `owner` (KASAN reports a use of it after the owner's free). */
export declare class WorkStruct implements Waitable {
    readonly owner: KObj | null;
    readonly field: string;
    func: WorkFunc | null;
    readonly label: string;
    /** lockdep class of the work item ("(work_completion)(&odp->work)"). */
    map: LockdepMap;
    /** Queued (or its delayed-work timer armed): WORK_STRUCT_PENDING. */
    pending: boolean;
    /** The workqueue it was last queued on. */
    wq: WorkqueueStruct | null;
    /** The worker running it, if any. */
    running: Thread | null;
    /** Instances queued, the instance running, the last instance finished (flush_work waits by these). */
    queuedSeq: number;
    runningSeq: number;
    finishedSeq: number;
    /** cancel_work_sync in progress: queue_work fails meanwhile (the canceller owns PENDING). */
    canceling: number;
    readonly waiters: Thread[];
    /** Set for the work of a delayed_work. */
    dwork: DelayedWork | null;
    constructor(owner?: KObj | null, field?: string);
    holders(): string;
}
/** struct delayed_work: a work item and its timer. */
export declare class DelayedWork {
    readonly work: WorkStruct;
    /** The armed timer's thread (null when not armed). */
    timer: Thread | null;
    timerWq: WorkqueueStruct | null;
    readonly timerWait: Waitable;
    constructor(owner?: KObj | null, field?: string);
    get label(): string;
}
/** struct workqueue_struct. Its queue and workers are per execution (see wq_state). */
export declare class WorkqueueStruct extends KObj {
    readonly name: string;
    readonly flags: number;
    readonly max_active: number;
    readonly map: LockdepMap;
    constructor(name: string, flags: number, max_active: number);
    get label(): string;
}
/** system_wq and friends: static workqueues (never freed), with per-execution queues. */
export declare const system_wq: WorkqueueStruct;
export declare const system_highpri_wq: WorkqueueStruct;
export declare const system_unbound_wq: WorkqueueStruct;
export declare const system_long_wq: WorkqueueStruct;
/** alloc_workqueue(name, flags, max_active): max_active 0 means the default. */
export declare function alloc_workqueue(name: string, flags?: number, max_active?: number): WorkqueueStruct;
/** alloc_ordered_workqueue(): one item at a time, in queueing order. */
export declare function alloc_ordered_workqueue(name: string, flags?: number): WorkqueueStruct;
/** INIT_WORK(work, func). */
export declare function INIT_WORK(work: WorkStruct, func: WorkFunc): void;
/** INIT_DELAYED_WORK(dwork, func). */
export declare function INIT_DELAYED_WORK(dwork: DelayedWork, func: WorkFunc): void;
/** queue_work(): false if the work was already pending. */
export declare function queue_work(wq: WorkqueueStruct, work: WorkStruct): Sched<boolean>;
/**
 * queue_work_on(cpu, wq, work): queue on the pool of CPU `cpu`; its worker runs on that CPU
 * only. With no CPUs declared (cpu.ts) there is one pool per workqueue and this is queue_work.
 */
export declare function queue_work_on(cpu: number, wq: WorkqueueStruct, work: WorkStruct): Sched<boolean>;
/** schedule_work(): queue_work(system_wq, work). */
export declare function schedule_work(work: WorkStruct): Sched<boolean>;
/** flush_work(): wait for the last queued instance to finish; true if it waited. */
export declare function flush_work(work: WorkStruct): Sched<boolean>;
/** cancel_work(): dequeue if pending, do not wait; true if it was pending. */
export declare function cancel_work(work: WorkStruct): Sched<boolean>;
/**
 * cancel_work_sync(): dequeue if pending and wait for a running instance to finish; the work
 * cannot be queued again meanwhile. True if it was pending.
 */
export declare function cancel_work_sync(work: WorkStruct): Sched<boolean>;
/** queue_delayed_work(wq, dwork, delay): queue after `delay` virtual ms; false if already pending. */
export declare function queue_delayed_work(wq: WorkqueueStruct, dw: DelayedWork, delay: number): Sched<boolean>;
/** schedule_delayed_work(): queue_delayed_work(system_wq, ...). */
export declare function schedule_delayed_work(dw: DelayedWork, delay: number): Sched<boolean>;
/** mod_delayed_work(): (re)arm with a new delay, pending or not; true if it was pending. */
export declare function mod_delayed_work(wq: WorkqueueStruct, dw: DelayedWork, delay: number): Sched<boolean>;
/** cancel_delayed_work(): disarm or dequeue, do not wait. */
export declare function cancel_delayed_work(dw: DelayedWork): Sched<boolean>;
/** cancel_delayed_work_sync(). */
export declare function cancel_delayed_work_sync(dw: DelayedWork): Sched<boolean>;
/** flush_delayed_work(): fire an armed timer now, then flush_work. */
export declare function flush_delayed_work(dw: DelayedWork): Sched<boolean>;
/** flush_workqueue(): wait for every item queued (or running) when it was called. */
export declare function flush_workqueue(wq: WorkqueueStruct): Sched;
/** drain_workqueue(): wait until the queue is empty, chained items included; others may not queue meanwhile. */
export declare function drain_workqueue(wq: WorkqueueStruct): Sched;
/** destroy_workqueue(): drain, then free the workqueue. */
export declare function destroy_workqueue(wq: WorkqueueStruct): Sched;
/** work_pending(): a racy read of PENDING, its own step. */
export declare function work_pending(work: WorkStruct): Sched<boolean>;
/** delayed_work_pending(). */
export declare function delayed_work_pending(dw: DelayedWork): Sched<boolean>;
/** current_work(): the work item the running thread executes as a worker, or null. */
export declare function current_work(): WorkStruct | null;
