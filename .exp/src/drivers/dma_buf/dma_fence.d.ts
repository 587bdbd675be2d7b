import { KObj, Kref, LockdepMap, WaitQueueHead, type Sched } from '../../kernel/index.js';
/** A fence callback: called once, in the signalling thread, in atomic context. */
export type DmaFenceFunc = (fence: DmaFence, cb: DmaFenceCb) => void | Sched;
/** struct dma_fence_cb, embedded in the waiter's structure. */
export declare class DmaFenceCb {
    readonly owner: KObj | null;
    func: DmaFenceFunc | null;
    /** Added and not yet called or removed. */
    linked: boolean;
    constructor(owner?: KObj | null);
}
export declare class DmaFence extends KObj {
    readonly name: string;
    readonly refcount: Kref;
    signaled: boolean;
    /** Negative errno set with dma_fence_set_error before signalling. */
    error: number;
    /** Virtual time of the signal. */
    timestamp: number;
    readonly cbs: DmaFenceCb[];
    /** Where waiters sleep. */
    readonly wq: WaitQueueHead;
    constructor(name: string);
    get label(): string;
}
/** lockdep's map of fence signalling critical sections. */
export declare const dma_fence_lockdep_map: LockdepMap;
/** A new fence with one reference. */
export declare function dma_fence_create(name: string): DmaFence;
export declare function dma_fence_get(f: DmaFence): Sched<DmaFence>;
/** dma_fence_put(): drop a reference (null is fine); the last one frees the fence. */
export declare function dma_fence_put(f: DmaFence | null): Sched;
/** dma_fence_set_error(): mark the job failed (before signalling). */
export declare function dma_fence_set_error(f: DmaFence, error: number): void;
/** dma_fence_signal(): 0, or -EINVAL when already signalled. Runs the callbacks. */
export declare function dma_fence_signal(f: DmaFence): Sched<number>;
/** dma_fence_is_signaled(): one step. */
export declare function dma_fence_is_signaled(f: DmaFence): Sched<boolean>;
/** dma_fence_add_callback(): 0, or -ENOENT if the fence is already signalled (func is not called). */
export declare function dma_fence_add_callback(f: DmaFence, cb: DmaFenceCb, func: DmaFenceFunc): Sched<number>;
/** dma_fence_remove_callback(): true if the callback was still pending (it will not be called). */
export declare function dma_fence_remove_callback(f: DmaFence, cb: DmaFenceCb): Sched<boolean>;
/** dma_fence_wait_timeout(): 0 on timeout, else the virtual ms left (>= 1); -EINVAL for a negative timeout. */
export declare function dma_fence_wait_timeout(f: DmaFence, intr: boolean, timeoutMs: number): Sched<number>;
/** MAX_SCHEDULE_TIMEOUT: wait without a deadline. */
export declare const MAX_SCHEDULE_TIMEOUT: number;
/** dma_fence_wait(): sleep until signalled; 0 (or the fence's error is not returned, as in the kernel). */
export declare function dma_fence_wait(f: DmaFence, intr: boolean): Sched<number>;
/** dma_fence_begin_signalling(): the caller is on a path that signals fences; returns the cookie for _end. */
export declare function dma_fence_begin_signalling(): boolean;
export declare function dma_fence_end_signalling(cookie: boolean): void;
