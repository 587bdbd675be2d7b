import { type Sched, type Thread, type Waitable } from './sched.js';
interface Reader {
    thread: Thread;
    active: boolean;
}
export declare class SrcuStruct implements Waitable {
    readonly label: string;
    readonly readers: Set<Reader>;
    readonly waiters: Thread[];
    /** Threads running call_srcu callbacks that have not finished yet. */
    readonly callbacks: Thread[];
    private cbs;
    constructor(label: string);
    holders(): string;
    nextCallbackName(): string;
}
/** Returns the index to pass to srcu_read_unlock (our reader token). */
export declare function srcu_read_lock(ss: SrcuStruct): Sched<object>;
export declare function srcu_read_unlock(ss: SrcuStruct, idx: object): Sched;
export declare function synchronize_srcu(ss: SrcuStruct): Sched;
/** Queue `cb` to run after a grace period, in its own thread. Does not sleep. */
export declare function call_srcu(ss: SrcuStruct, cb: () => Sched): Sched;
/**
 * srcu_barrier(): wait until every callback queued before it has run. It waits for no reader
 * that has not queued a callback: a reader still inside its section is not waited for, which
 * is what synchronize_srcu is for. Looking at the queue is a step of its own.
 */
export declare function srcu_barrier(ss: SrcuStruct): Sched;
export {};
