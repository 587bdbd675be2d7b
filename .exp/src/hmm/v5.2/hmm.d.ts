import { Kref, KObj, Mutex, POISON, RwSemaphore, WaitQueueHead, type Sched } from '../../kernel/index.js';
import { MmuNotifier, type MmStruct, type VmAreaStruct } from '../../mm/index.js';
import { type HmmWalkRange } from '../walk.js';
export { HMM_PFN_VALID, HMM_PFN_WRITE, HMM_PFN_DEVICE_PRIVATE, HMM_PFN_ERROR, HMM_PFN_NONE, HMM_PFN_SPECIAL, HMM_PFN_FLAG_MAX, HMM_PFN_VALUE_MAX } from '../walk.js';
export { hmm_device_entry_to_page, hmm_device_entry_to_pfn, hmm_device_entry_from_page, hmm_device_entry_from_pfn, hmm_pfn_to_page, hmm_pfn_to_pfn, hmm_pfn_from_page, hmm_pfn_from_pfn } from '../walk.js';
export declare const DESIGN = "v5.2";
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
    /** The mm is being torn down: stop every device access through this mirror. Optional. */
    release?(mirror: HmmMirror): Sched;
    /** Update the device page table for [start, end); 0, or -EAGAIN if !blockable and it would sleep. */
    sync_cpu_device_pagetables(mirror: HmmMirror, update: HmmUpdate): Sched<number>;
}
/** list_head state of an entry: linked, self-linked (list_del_init) or poisoned (list_del). */
declare const LINKED = "linked";
type ListLink = typeof LINKED | null | typeof POISON;
/** struct hmm. */
export declare class Hmm extends KObj {
    mm: MmStruct | null;
    readonly kref: Kref;
    readonly lock: Mutex;
    readonly ranges: HmmRange[];
    readonly mirrors: HmmMirror[];
    readonly mmu_notifier: MmuNotifier;
    readonly mirrors_sem: RwSemaphore;
    readonly wq: WaitQueueHead;
    notifiers: number;
    dead: boolean;
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
/** struct hmm_range (5.2 layout). */
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
/** hmm_mm_destroy(): called from __mmdrop when the mm struct itself goes away. */
export declare function hmm_mm_destroy(mm: MmStruct): Sched;
/**
 * hmm_mirror_register(): start mirroring `mm`. The caller must hold mmap_sem for write (a
 * comment in 5.2, not checked). 0, -EINVAL, or -ENOMEM (also when racing creators, §4.4).
 */
export declare function hmm_mirror_register(mirror: HmmMirror | null, mm: MmStruct | null): Sched<number>;
/** hmm_mirror_unregister(): with 5.2's racy "already unregistered" guard (§4.9). */
export declare function hmm_mirror_unregister(mirror: HmmMirror): Sched;
/** hmm_mirror_mm_is_alive(): a racy hint (documented as such). */
export declare function hmm_mirror_mm_is_alive(mirror: HmmMirror | null): Sched<boolean>;
/**
 * hmm_range_register(range, mm, start, end, page_shift): track CPU page-table changes over
 * [start, end). 0, -EINVAL (alignment), -EFAULT (no hmm could be had, or the mm is dying).
 * Note: creates the hmm if the mm has none, with no mirror and no mmap_sem (§4.2).
 */
export declare function hmm_range_register(range: HmmRange, mm: MmStruct, start: number, end: number, page_shift: number): Sched<number>;
/** hmm_range_unregister(): silently ignores a range that is not registered (§4.10). */
export declare function hmm_range_unregister(range: HmmRange): Sched;
/** hmm_range_wait_until_valid() (inline in hmm.h): false if the mm is dying or on timeout. */
export declare function hmm_range_wait_until_valid(range: HmmRange, timeout: number): Sched<boolean>;
/**
 * hmm_range_valid(): meaningful only under the lock the driver's sync callback takes. An
 * unlocked read of range->valid in the kernel: its own step (`yield* hmm_range_valid(range)`).
 */
export declare function hmm_range_valid(range: HmmRange): Sched<boolean>;
/**
 * hmm_range_snapshot(): fill range->pfns from the CPU page table without faulting. Returns
 * the number of pages filled, or -EFAULT, -EINVAL, -EPERM, -EAGAIN (range invalidated).
 * The caller holds mmap_sem for read (not checked in 5.2).
 */
export declare function hmm_range_snapshot(range: HmmRange): Sched<number>;
/**
 * hmm_range_fault(range, block): like snapshot, faulting what the request flags ask for. On an
 * invalid range it releases mmap_sem ITSELF and returns -EAGAIN (5.2); -EBUSY when the range
 * was invalidated while faulting; -EFAULT/-EPERM/-EINVAL/-ENOMEM otherwise. 5.2 passes
 * FAULT_FLAG_ALLOW_RETRY to every fault whatever `block` says, so a fault that has to wait
 * (a swap-in) drops mmap_sem and this returns -EAGAIN with it released.
 */
export declare function hmm_range_fault(range: HmmRange, block: boolean): Sched<number>;
/** hmm_range_dma_map(range, device, daddrs, block): fault, then DMA-map every valid page. */
export declare function hmm_range_dma_map(range: HmmRange, _device: unknown, daddrs: number[], block: boolean): Sched<number>;
/** hmm_range_dma_unmap(range, vma, device, daddrs, dirty): 5.2 still takes the vma. */
export declare function hmm_range_dma_unmap(range: HmmRange, _vma: VmAreaStruct | null, _device: unknown, daddrs: number[] | null, dirty: boolean): Sched<number>;
/** hmm_vma_range_done(): valid? then unregister. */
export declare function hmm_vma_range_done(range: HmmRange): Sched<boolean>;
/**
 * hmm_vma_fault(range, block): the old one-call API (range->vma, start, end, pfns set; mmap_sem
 * held for read). On success returns 0 with the range still registered (finish with
 * hmm_vma_range_done); on failure mmap_sem may have been released (-EAGAIN, -EBUSY).
 */
export declare function hmm_vma_fault(range: HmmRange, block: boolean): Sched<number>;
/** For tests: the state of an hmm (counts, flags). */
export declare function hmm_debug(hmm: Hmm): {
    refs: number;
    notifiers: number;
    mirrors: number;
    ranges: number;
    dead: boolean;
};
