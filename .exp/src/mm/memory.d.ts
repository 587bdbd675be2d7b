import { type Sched } from '../kernel/index.js';
import { type MmStruct } from './mm_struct.js';
import { type Page, type VmFault } from './page.js';
import { PteKind, PteTable } from './pgtable.js';
import { type VmAreaStruct } from './vma.js';
/** struct mmu_gather: pages unmapped under an invalidation, released after its end. */
export declare class MmuGather {
    readonly mm: MmStruct;
    readonly pages: Page[];
    constructor(mm: MmStruct);
}
export declare function tlb_gather_mmu(mm: MmStruct): MmuGather;
/**
 * tlb_finish_mmu(): flush and drop the gathered references, one page per step (a page may be
 * freed by its drop, which a device still mapping it would observe).
 */
export declare function tlb_finish_mmu(tlb: MmuGather): Sched;
/**
 * Clear entries [i0, i1) of one PTE table (addresses from `base`); pages go to the gather.
 * Each entry cleared is a step of its own (the CPU and hmm_range_fault read entries without
 * the page-table lock), re-read after its scheduling point.
 */
export declare function zap_pte_range(tlb: MmuGather, t: PteTable, base: number, i0: number, i1: number, what?: string): Sched;
/** PMD indexes of [start, end) that have something in mm.pmd, in address order. */
export declare function pmd_keys_in(mm: MmStruct, start: number, end: number): number[];
/**
 * unmap_page_range(): remove every entry of [start, end) of `vma` into `tlb`. Must run inside an
 * invalidation covering the range. A THP only partly covered is split first (its own nested
 * MMU_NOTIFY_CLEAR bracket, as __split_huge_pmd does).
 */
export declare function unmap_page_range(tlb: MmuGather, vma: VmAreaStruct, start: number, end: number): Sched;
/**
 * split_huge_pud() of a devmap leaf: DAX has no smaller table to split into, so the leaf is
 * cleared (in its own MMU_NOTIFY_CLEAR bracket over the whole PUD) and faults back in later.
 */
export declare function split_huge_pud(vma: VmAreaStruct, addr: number): Sched;
/** zap_page_range_single(): MADV_DONTNEED and friends (MMU_NOTIFY_CLEAR). */
export declare function zap_page_range_single(vma: VmAreaStruct, start: number, end: number): Sched;
/**
 * handle_mm_fault(): resolve a fault at `address` of `vma` (mmap_lock held for read). Returns
 * vm_fault_t bits: 0 when the entry is (or may now be) resolved and the caller should retry its
 * access, VM_FAULT_SIGSEGV / VM_FAULT_SIGBUS / VM_FAULT_OOM on error, VM_FAULT_RETRY (only
 * with FAULT_FLAG_ALLOW_RETRY) when it had to wait and released mmap_lock to do so.
 * FAULT_FLAG_WRITE asks for a writable entry; FAULT_FLAG_REMOTE marks a fault on behalf of
 * another mm (GUP, HMM), which skips nothing else in this model.
 *
 * Whether the VMA permits the access is the caller's check, as in the kernel: the arch fault
 * handler's access_error() (uaccess.ts), GUP's check_vma_flags() (gup.ts), populate (mmap.ts),
 * hmm_range_fault's own tests. handle_mm_fault itself does not refuse a write fault on a VMA
 * without VM_WRITE: it does the work of one (a fresh page for an empty entry, COW broken or
 * the page reused, the page dirtied) and installs the entry without write permission, which
 * only VM_WRITE grants (maybe_mkwrite); it returns success, so a caller that then expects a
 * writable entry asks again for ever (hmm-history §7).
 */
export declare function handle_mm_fault(vma: VmAreaStruct, address: number, flags: number): Sched<number>;
/**
 * vmf_insert_pfn_pud() of a devmap folio (device-dax): under the PUD lock (mm->page_table_lock),
 * a devmap PUD leaf of `page`, or the existing leaf of the same pfn made writable (`write`).
 * Taking the lock and changing the entry are steps of their own; the leaf holds the mapping's
 * reference and rmap count (see PTE_DEVMAP).
 */
export declare function vmf_insert_pfn_pud(vmf: VmFault, page: Page, write: boolean): Sched<number>;
/** huge_pmd_fault split the PMD and the fault goes on at the PTE level, after a new point. */
export declare const FAULT_SPLIT_FALLBACK = -2;
declare function set_pte(t: PteTable, i: number, kind: PteKind, flags: number, val: number): void;
/** migration_entry_wait(): sleep until the migration entry at `address` is gone. */
export declare function migration_entry_wait(mm: MmStruct, address: number): Sched;
/**
 * CPU fault on a device-private entry (do_swap_page): under the page-table lock, trylock the
 * page and take a reference, then the device's migrate_to_ram brings it back; unlock and put
 * after it. If someone else holds the page's lock (a migration in progress), sleep until it
 * is released and let the access fault again.
 */
export declare function do_device_private_fault(vma: VmAreaStruct, pfn: number, address: number, flags: number, pte?: boolean): Sched<number>;
/** Whether the CPU entry at `address` is still a device-private entry of `pfn`'s folio. */
export declare function still_device_private(mm: MmStruct, address: number, pfn: number): boolean;
/** vm_insert_page(): map a driver's page into a VM_MIXEDMAP VMA (mmap handler); one step. */
export declare function vm_insert_page(vma: VmAreaStruct, addr: number, page: Page): Sched<number>;
/** remap_pfn_range(): special entries (no struct page use) over [addr, addr+size), one step each. */
export declare function remap_pfn_range(vma: VmAreaStruct, addr: number, pfn: number, size: number, writable: boolean): Sched<number>;
/**
 * vmf_insert_pfn(): one special entry from a fault handler; returns VM_FAULT_NOPAGE. It is the
 * fault's own entry change, in the fault's step (the handler must not have done another
 * visible operation before it).
 */
export declare function vmf_insert_pfn(vma: VmAreaStruct, addr: number, pfn: number): number;
/**
 * vmf_insert_mixed() of a devmap pfn (DAX): a devmap entry of the ZONE_DEVICE `page`, writable
 * with `mkwrite` (vmf_insert_mixed_mkwrite). The fault's own entry change, in the step of the
 * fault (whose entry operation that step already is); the entry holds the mapping's reference and rmap count (see PTE_DEVMAP).
 */
export declare function vmf_insert_mixed(vma: VmAreaStruct, addr: number, page: Page, mkwrite: boolean): number;
export { set_pte as __set_pte };
/** put_page() as a step of its own (after its scheduling point). */
export declare function put_page_step(page: Page): Sched;
