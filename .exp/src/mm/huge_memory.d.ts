import { type Sched } from '../kernel/index.js';
import { type MmuGather } from './memory.js';
import type { MmStruct } from './mm_struct.js';
import { type Page } from './page.js';
import { PmdLeaf } from './pgtable.js';
import { type VmAreaStruct } from './vma.js';
export type ThpMode = 'always' | 'madvise' | 'never';
/** /sys/kernel/mm/transparent_hugepage/enabled (process-wide; tests set it back). */
export declare function set_transparent_hugepage(mode: ThpMode): void;
export declare function transparent_hugepage(): ThpMode;
/** Can the 2 MiB range at `haddr` of `vma` be a THP? */
export declare function thp_vma_suitable(vma: VmAreaStruct, haddr: number): boolean;
/**
 * The PMD level of a fault, in the fault's step (`e` is the current PMD slot: empty or a leaf).
 * Returns vm_fault_t, -1 to fall back to the PTE level in the same step (not eligible), or
 * FAULT_SPLIT_FALLBACK when the PMD was just split (the PTE-level fault takes a new point).
 */
export declare function huge_pmd_fault(vma: VmAreaStruct, address: number, flags: number, e: PmdLeaf | undefined): Sched<number>;
/** Replace the leaf at PMD index `k` by a PTE table mapping the same folio (ptl held). */
export declare function __split_huge_pmd_locked(mm: MmStruct, k: number, e: PmdLeaf): void;
/**
 * split_huge_pmd(): split the THP mapping covering `address`, if any (MMU_NOTIFY_CLEAR). With
 * `migration`, a PMD migration entry is split too (into 512 PTE migration entries, as
 * split_huge_pmd_address(freeze) does for a folio being migrated).
 */
export declare function split_huge_pmd(vma: VmAreaStruct, address: number, migration?: boolean): Sched;
/** zap_huge_pmd(): remove a whole PMD leaf into the gather (inside the caller's bracket). */
export declare function zap_huge_pmd(tlb: MmuGather, vma: VmAreaStruct, k: number, e: PmdLeaf): void;
/**
 * split_folio(): split a large anonymous or device folio into order-0 folios. The caller holds
 * the folio's lock and one reference; any other reference that is not a mapping (a pin, a
 * GUP, a driver's get) makes it fail with -EAGAIN, as can_split_folio() does. PMD mappings are
 * first split into PTEs (split_huge_pmd, each in its own MMU_NOTIFY_CLEAR bracket), and a PMD
 * migration entry into 512 PTE migration entries; then the folio itself is split in one step
 * (under the refcount freeze of the kernel, nobody can take or drop a reference meanwhile).
 * Hugetlb and page-cache folios are not split here (-EBUSY). With `migrating` (a folio that
 * migration holds locked and unmapped), every new folio comes out locked and with the
 * migration's reference, as the head had them.
 */
export declare function split_folio(page: Page, migrating?: boolean): Sched<number>;
/**
 * collapse_huge_page() for MADV_COLLAPSE: replace the 512 PTEs of the 2 MiB at `haddr` with one
 * THP (copying the pages, zero-filling empty entries) inside an MMU_NOTIFY_CLEAR invalidation.
 * The caller holds the mmap_lock for write (khugepaged drops the read lock and takes it for
 * write for the same reason). Returns 0, or -EAGAIN when an entry cannot be collapsed now (a
 * swap, migration or device entry, a page mapped twice or with extra references).
 */
export declare function collapse_huge_page(vma: VmAreaStruct, haddr: number): Sched<number>;
