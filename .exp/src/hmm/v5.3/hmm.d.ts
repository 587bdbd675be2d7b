import { Kref, KObj, POISON, RwSemaphore, Spinlock, WaitQueueHead, type Sched } from '../../kernel/index.js';
import { MmuNotifier, type MmStruct, type VmAreaStruct } from '../../mm/index.js';
import { type HmmWalkRange } from '../walk.js';
export { HMM_PFN_VALID, HMM_PFN_WRITE, HMM_PFN_DEVICE_PRIVATE, HMM_PFN_ERROR, HMM_PFN_NONE, HMM_PFN_SPECIAL, HMM_PFN_FLAG_MAX, HMM_PFN_VALUE_MAX } from '../walk.js';
export { hmm_device_entry_to_page, hmm_device_entry_to_pfn, hmm_device_entry_from_page, hmm_device_entry_from_pfn, hmm_pfn_to_page, hmm_pfn_to_pfn, hmm_pfn_from_page, hmm_pfn_from_pfn } from '../walk.js';
export declare const DESIGN = "v5.3";
/** HMM_RANGE_DEFAULT_TIMEOUT, in milliseconds. */
export declare const HMM_RANGE_DEFAULT_TIMEOUT = 1000;
export declare const HMM_UPDATE_INVALIDATE = 0;
/** struct hmm_update: what ->sync_cpu_device_pagetables() is told. */
export interface HmmUpdate {
    start: number;
    end: number;
    event: number;
    blockable: boolean;
}
/** struct hmm_mirror_ops. */
export interface HmmMirrorOps {
    /** The mm is being torn down: stop device access. Must not unregister the mirror. Optional. */
    release?(mirror: HmmMirror): Sched;
    /** Update the device page table for [start, end); 0, or -EAGAIN if !blockable and it would sleep. */
    sync_cpu_device_pagetables(mirror: HmmMirror, update: HmmUpdate): Sched<number>;
}
/** list_head state of an entry: linked, self-linked (list_del_init) or poisoned (list_del). */
declare const LINKED = "linked";
type ListLink = typeof LINKED | null | typeof POISON;
/** struct hmm (5.3: no dead, no mutex; an rcu head for the deferred free). */
export declare class Hmm extends KObj {
    readonly mm: MmStruct;
    readonly kref: Kref;
    readonly ranges_lock: Spinlock;
    readonly ranges: HmmRange[];
    readonly mirrors: HmmMirror[];
    readonly mmu_notifier: MmuNotifier;
    readonly mirrors_sem: RwSemaphore;
    readonly wq: WaitQueueHead;
    /** rcu_head: queued once, by hmm_free. */
    rcu_queued: boolean;
    notifiers: number;
    constructor(mm: MmStruct);
}
/** struct hmm_mirror: embedded in the driver's per-mm structure (pass it as `container`). */
export declare class HmmMirror extends KObj {
    ops: HmmMirrorOps | null;
    /** The driver structure embedding the mirror: a use after the driver freed it is KASAN. */
    readonly container: KObj | null;
    hmm: Hmm | null;
    list: ListLink;
    constructor(ops: HmmMirrorOps | null, 
    /** The driver structure embedding the mirror: a use after the driver freed it is KASAN. */
    container?: KObj | null);
}
/** struct hmm_range (5.3 layout). */
export declare class HmmRange extends KObj implements HmmWalkRange {
    hmm: Hmm | null;
    vma: VmAreaStruct | null;
    list: ListLink;
    start: number;
    end: number;
    pfns: BigUint64Array;
    flags: readonly bigint[];
    values: readonly bigint[];
    default_flags: bigint;
    pfn_flags_mask: bigint;
    page_shift: number;
    pfn_shift: number;
    valid: boolean;
    constructor();
}
/** hmm_mirror_register(): mmap_sem held for write (asserted). 0, -EINVAL or -ENOMEM. */
export declare function hmm_mirror_register(mirror: HmmMirror | null, mm: MmStruct | null): Sched<number>;
/**
 * hmm_mirror_unregister(): no guard; calling it twice (or concurrently, or from ->release) is
 * a driver bug. 5.3 poisons the list entry but leaves mirror->hmm pointing at the hmm, so a
 * second call reaches the hmm again: while another reference keeps it, it takes mirrors_sem
 * and list_del() hits the poison; once the last reference is gone and the SRCU-deferred free
 * ran, taking mirrors_sem is a use-after-free.
 */
export declare function hmm_mirror_unregister(mirror: HmmMirror): Sched;
/**
 * hmm_range_register(range, mirror, start, end, page_shift): 0, -EINVAL (alignment) or
 * -EFAULT (the mm is already exiting). The range holds an mmget until it is unregistered.
 */
export declare function hmm_range_register(range: HmmRange, mirror: HmmMirror, start: number, end: number, page_shift: number): Sched<number>;
/** hmm_range_unregister(): the range is poisoned afterwards (start/end/pfns stay). */
export declare function hmm_range_unregister(range: HmmRange): Sched;
/** hmm_range_wait_until_valid() (inline): true iff valid before the timeout. */
export declare function hmm_range_wait_until_valid(range: HmmRange, timeout: number): Sched<boolean>;
/**
 * hmm_range_valid(): meaningful only under the lock the driver's sync callback takes. An
 * unlocked read of range->valid in the kernel: its own step (`yield* hmm_range_valid(range)`).
 */
export declare function hmm_range_valid(range: HmmRange): Sched<boolean>;
/**
 * hmm_range_snapshot(): fill range->pfns without faulting (mmap_sem held, asserted). Returns
 * pages filled, or -EBUSY (range invalid), -EFAULT, -EINVAL, -EPERM.
 */
export declare function hmm_range_snapshot(range: HmmRange): Sched<number>;
/**
 * hmm_range_fault(range, block): mmap_sem held (asserted) and never released here; -EBUSY when
 * the range is or becomes invalid; -EAGAIN only if !block and the fault dropped mmap_sem.
 */
export declare function hmm_range_fault(range: HmmRange, block: boolean): Sched<number>;
/** hmm_range_dma_map(range, device, daddrs, block): fault, then DMA-map every valid page. */
export declare function hmm_range_dma_map(range: HmmRange, _device: unknown, daddrs: number[], block: boolean): Sched<number>;
/** hmm_range_dma_unmap(range, device, daddrs, dirty): the unused vma argument is gone in 5.3. */
export declare function hmm_range_dma_unmap(range: HmmRange, _device: unknown, daddrs: number[] | null, dirty: boolean): Sched<number>;
/** nouveau_range_done(): valid? then unregister. */
export declare function nouveau_range_done(range: HmmRange): Sched<boolean>;
/** nouveau_range_fault(mirror, range): 0 with the range registered, or an error with mmap_sem released. */
export declare function nouveau_range_fault(mirror: HmmMirror, range: HmmRange): Sched<number>;
/** For tests: the state of an hmm. */
export declare function hmm_debug(hmm: Hmm): {
    refs: number;
    notifiers: number;
    mirrors: number;
    ranges: number;
};
