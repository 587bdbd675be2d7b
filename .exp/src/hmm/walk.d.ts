import { type Sched } from '../kernel/index.js';
import { type MmStruct, type Page, type VmAreaStruct } from '../mm/index.js';
export declare const HMM_PFN_VALID = 0;
export declare const HMM_PFN_WRITE = 1;
export declare const HMM_PFN_DEVICE_PRIVATE = 2;
export declare const HMM_PFN_FLAG_MAX = 3;
export declare const HMM_PFN_ERROR = 0;
export declare const HMM_PFN_NONE = 1;
export declare const HMM_PFN_SPECIAL = 2;
export declare const HMM_PFN_VALUE_MAX = 3;
/** What the walk needs of a struct hmm_range (both generations). */
export interface HmmWalkRange {
    start: number;
    end: number;
    pfns: BigUint64Array;
    flags: readonly bigint[];
    values: readonly bigint[];
    default_flags: bigint;
    pfn_flags_mask: bigint;
    pfn_shift: number;
    valid: boolean;
}
export declare function hmm_device_entry_to_page(range: HmmWalkRange, entry: bigint): Page | null;
/** The pfn of a device entry, or -1 (the kernel's -1UL) for special values. */
export declare function hmm_device_entry_to_pfn(range: HmmWalkRange, entry: bigint): number;
export declare function hmm_device_entry_from_pfn(range: HmmWalkRange, pfn: number): bigint;
export declare function hmm_device_entry_from_page(range: HmmWalkRange, page: Page): bigint;
export declare const hmm_pfn_to_page: typeof hmm_device_entry_to_page;
export declare const hmm_pfn_to_pfn: typeof hmm_device_entry_to_pfn;
export declare const hmm_pfn_from_page: typeof hmm_device_entry_from_page;
export declare const hmm_pfn_from_pfn: typeof hmm_device_entry_from_pfn;
export interface WalkResult {
    ret: number;
    /** hmm_vma_walk.last: entries below it hold outputs. */
    last: number;
}
/**
 * walk_page_range() with 5.2/5.3's HMM callbacks over [start, end), as those releases walked:
 *  - The caller found `vma` with find_vma(start) and did not check that it begins at or before
 *    `start` (fixed in 5.4): the part of [start, end) before vma.vm_start is a hole walked with
 *    no VMA. A snapshot reports NONE there; a fault request calls handle_mm_fault() with a NULL
 *    VMA, which oopses (the 5.4 fix "hmm_range_fault() NULL pointer bug").
 *  - A swap entry or a migration entry is reported NONE with success: the PTE handler never
 *    asked whether the caller needs a fault for them (fixed in 5.4, "fix hmm_range_fault()'s
 *    handling of swapped out pages"), so a migration entry is never waited for either.
 *  - The zero page is a special PTE (x86: pte_special), reported HMM_PFN_SPECIAL with -EFAULT
 *    when no fault is needed (fixed in 5.5); the huge zero page (a PMD) is a plain read-only page.
 *  - A write fault is asked of a VMA without VM_WRITE too (5.4 fails it with -EPERM, "mm/hmm:
 *    hmm_range_fault() infinite loop"): handle_mm_fault resolves it without write permission,
 *    and the walk restarts to find the entry read-only again; a default_flags request loops
 *    for ever, a per-entry one was overwritten with NONE by the first pass and succeeds with
 *    the read-only entry.
 *  - When a page needs a fault, every page from it to the end of the PMD range walked is faulted
 *    with that first page's write flag (hmm_vma_walk_hole_()), needed or not, then the walk
 *    restarts at the first one (-EBUSY).
 *  - The fault passes FAULT_FLAG_ALLOW_RETRY when `allowRetry` (5.2: always; 5.3: when the
 *    caller did not ask to block): handle_mm_fault() may then drop mmap_sem and return
 *    VM_FAULT_RETRY, which becomes -EAGAIN with mmap_sem released.
 * Every entry read is a step of its own (the kernel reads PTEs without the page-table lock).
 */
export declare function hmm_walk_page_range(range: HmmWalkRange, mm: MmStruct, vma: VmAreaStruct, start: number, end: number, fault: boolean, allowRetry: boolean): Sched<WalkResult>;
