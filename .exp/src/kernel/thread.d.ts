import { type Sched, type Thread, type ThreadFn } from './sched.js';
/**
 * Start a model thread (wake_up_process of a new kthread): its own step, after which the new
 * thread may run before the caller's next operation.
 */
export declare function kthread_run(name: string, fn: ThreadFn): Sched<Thread>;
/** Start a thread without a scheduling point (scenario set-up). */
export declare function spawn(name: string, fn: ThreadFn): Thread;
/** cond_resched()/cpu_relax() in a retry loop: let others run; switching here is not a preemption. */
export declare function yield_now(): Sched;
/** A marked scheduling point with no other effect (for modelling a racy window). */
export declare function schedule_point(what: string): Sched;
/** msleep(): sleep for `ms` of virtual time. */
export declare function msleep(ms: number): Sched;
/** Virtual time in milliseconds since the execution started. */
export declare function jiffies(): number;
/** The running thread's name. */
export declare function current_name(): string;
/** Explain path only: add a line to the interleaving ("device maps 0x1000 -> pfn 7"). */
export declare function trace(text: string | (() => string)): void;
/** A value chosen by the explorer (part of the choice stream, replayed exactly). */
export declare function choose(n: number): number;
/** Wait until thread `t` has exited. */
export declare function kthread_join(t: Thread): Sched;
