import { type Sched } from '../../kernel/index.js';
import { type MmuIntervalNotifier } from '../../mm/interval_notifier.js';
import { type Page } from '../../mm/page.js';
export declare const HMM_PFN_VALID: bigint;
export declare const HMM_PFN_WRITE: bigint;
export declare const HMM_PFN_ERROR: bigint;
export declare const HMM_PFN_ORDER_SHIFT = 56n;
/** Every non-pfn bit: the three flags and the order field. */
export declare const HMM_PFN_FLAGS: bigint;
/** Input flags (the same bits, read as requests). */
export declare const HMM_PFN_REQ_FAULT: bigint;
export declare const HMM_PFN_REQ_WRITE: bigint;
/** Drivers bound their -EBUSY retries with this (msecs_to_jiffies(1000)): virtual ms here. */
export declare const HMM_RANGE_DEFAULT_TIMEOUT = 1000;
/** The pfn of an entry (bits 0..55). */
export declare function hmm_pfn_to_pfn(hmm_pfn: bigint): number;
/** hmm_pfn_to_page(): the struct page (folio) of a VALID entry. */
export declare function hmm_pfn_to_page(hmm_pfn: bigint): Page | null;
/** hmm_pfn_to_map_order(): log2 of the CPU mapping size in pages (0, 9 for PMD, 18 for PUD). */
export declare function hmm_pfn_to_map_order(hmm_pfn: bigint): number;
/** Build an output entry (tests and drivers comparing results). */
export declare function hmm_pfn_make(pfn: number, flags: bigint, order?: number): bigint;
/** "VALID|WRITE pfn 1234 order 9" for messages. */
export declare function hmm_pfn_describe(e: bigint): string;
export declare class HmmRange {
    notifier: MmuIntervalNotifier;
    /** From mmu_interval_read_begin(notifier). */
    notifier_seq: number;
    start: number;
    /** Exclusive. */
    end: number;
    /** One entry per page: request bits in, pfn + flags out. */
    hmm_pfns: BigUint64Array;
    /** Request bits applied to every page. */
    default_flags: bigint;
    /** Which per-entry input bits count. */
    pfn_flags_mask: bigint;
    /** Device-private pages whose pgmap->owner is this are reported, not faulted. */
    dev_private_owner: unknown;
    constructor(init: {
        notifier: MmuIntervalNotifier;
        start: number;
        end: number;
        hmm_pfns?: BigUint64Array;
        default_flags?: bigint;
        pfn_flags_mask?: bigint;
        dev_private_owner?: unknown;
    });
}
/**
 * hmm_range_fault(): fill range.hmm_pfns for [range.start, range.end), faulting what the
 * request bits ask for. Returns 0; -EBUSY if an invalidation of range.notifier collided (redo
 * read_begin and call again); -EFAULT if a page asked to be valid cannot be (no VMA, a VMA
 * HMM cannot mirror, a special or bad entry, a failed fault); -EPERM for a write request on a
 * VMA without VM_WRITE; -EINVAL for a malformed range. Caller holds mmap_read_lock(mm).
 */
export declare function hmm_range_fault(range: HmmRange): Sched<number>;
