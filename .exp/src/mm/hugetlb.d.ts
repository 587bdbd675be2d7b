import { type Sched } from '../kernel/index.js';
import { type MmuGather } from './memory.js';
import type { MmStruct } from './mm_struct.js';
import { PmdLeaf, PudLeaf } from './pgtable.js';
import { type VmAreaStruct } from './vma.js';
/** Boot with default_hugepagesz=2M (PMD_SHIFT) or 1G (PUD_SHIFT); before any mapping exists. */
export declare function set_default_hugepagesz(shift: number): void;
/** The default huge page shift (21 or 30). */
export declare function default_hugepage_shift(): number;
export declare function huge_page_size(vma: VmAreaStruct): number;
type HugeLeaf = PmdLeaf | PudLeaf;
export declare function huge_pte_lookup(mm: MmStruct, haddr: number, shift: number): HugeLeaf | undefined;
/** hugetlb_fault(). */
export declare function hugetlb_fault(vma: VmAreaStruct, address: number, flags: number): Sched<number>;
/** __unmap_hugepage_range(): remove huge leaves of [start, end) (aligned) into the gather, one step each. */
export declare function unmap_hugepage_range(tlb: MmuGather, vma: VmAreaStruct, start: number, end: number): Sched;
/** Write-protect the huge leaves of [start, end) (mprotect), one step each. */
export declare function hugetlb_change_protection(vma: VmAreaStruct, start: number, end: number, clearWrite: boolean): Sched;
/** copy_hugetlb_page_range() for fork: share, write-protecting private (COW) pages; one step per entry. */
export declare function copy_hugetlb_page_range(dst: VmAreaStruct, src: VmAreaStruct, cow: boolean): Sched;
export {};
