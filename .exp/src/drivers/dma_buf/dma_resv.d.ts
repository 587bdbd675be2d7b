import { KObj, Mutex, type Sched } from '../../kernel/index.js';
import { type DmaFence } from './dma_fence.js';
export declare const DMA_RESV_USAGE_KERNEL = 0;
export declare const DMA_RESV_USAGE_WRITE = 1;
export declare const DMA_RESV_USAGE_READ = 2;
export declare const DMA_RESV_USAGE_BOOKKEEP = 3;
export type DmaResvUsage = 0 | 1 | 2 | 3;
export declare class DmaResv {
    readonly owner: KObj | null;
    readonly lock: Mutex;
    readonly fences: Array<{
        fence: DmaFence;
        usage: DmaResvUsage;
    }>;
    /** Slots reserved by dma_resv_reserve_fences and not used yet. */
    reserved: number;
    readonly label: string;
    /** @param owner the buffer object the reservation object is embedded in */
    constructor(owner?: KObj | null);
}
export declare function dma_resv_lock(obj: DmaResv): Sched;
export declare function dma_resv_trylock(obj: DmaResv): Sched<boolean>;
export declare function dma_resv_unlock(obj: DmaResv): Sched;
export declare function dma_resv_assert_held(obj: DmaResv, where?: string): void;
/** dma_resv_reserve_fences(): 0 or -ENOMEM; the lock must be held. */
export declare function dma_resv_reserve_fences(obj: DmaResv, num: number): number;
/** dma_resv_add_fence(): publish `fence` (one step, then the reference it takes is another). */
export declare function dma_resv_add_fence(obj: DmaResv, fence: DmaFence, usage: DmaResvUsage): Sched;
/**
 * dma_resv_wait_timeout(): 0 on timeout, else the virtual ms left (>= 1). It may sleep even when
 * no fence is pending at the moment (stricter than the kernel, whose might_sleep sits in the
 * per-fence wait): a call from atomic context is found on every schedule, not only the busy ones.
 */
export declare function dma_resv_wait_timeout(obj: DmaResv, usage: DmaResvUsage, intr: boolean, timeoutMs: number): Sched<number>;
/** dma_resv_test_signaled(): every fence of `usage` or stronger is signalled. */
export declare function dma_resv_test_signaled(obj: DmaResv, usage: DmaResvUsage): Sched<boolean>;
/** dma_resv_fini(): drop every fence reference (the object is going away). */
export declare function dma_resv_fini(obj: DmaResv): Sched;
