import { KObj, type Sched } from '../kernel/index.js';
import { type File } from './filemap.js';
import type { MmStruct } from './mm_struct.js';
import type { VmFault } from './page.js';
/** struct vm_operations_struct: what a driver's mmap can install. */
export interface VmOperationsStruct {
    name?: string;
    open?(vma: VmAreaStruct): void;
    close?(vma: VmAreaStruct): void;
    /** Fault handler: set vmf.result_page (with a reference for the mapping) or install entries itself and return VM_FAULT_NOPAGE. */
    fault?(vmf: VmFault): Sched<number>;
    /** Fault of a huge mapping of `order` (HPAGE_PUD_ORDER here): install it, or VM_FAULT_FALLBACK. */
    huge_fault?(vmf: VmFault, order: number): Sched<number>;
    /** May the VMA be split at addr (0, or a negative errno)? */
    may_split?(vma: VmAreaStruct, addr: number): number;
}
/**
 * struct anon_vma, as far as the model needs it: an identity. A VMA gets one when its first
 * private page is faulted in (anon_vma_prepare); split and moved parts share it, a fork's
 * child gets its own. Two anonymous VMAs merge only if their anon_vmas agree.
 */
export declare class AnonVma {
}
export declare class VmAreaStruct extends KObj {
    vm_mm: MmStruct;
    vm_start: number;
    vm_end: number;
    vm_flags: number;
    vm_file: File | null;
    /** Set once the VMA has private (anonymous) pages; see AnonVma. */
    anon_vma: AnonVma | null;
    /** Offset in the file, in PAGE_SIZE units. */
    vm_pgoff: number;
    vm_ops: VmOperationsStruct | null;
    vm_private_data: unknown;
    /** Huge page shift of a VM_HUGETLB VMA (21 or 30), else 0. */
    hpage_shift: number;
    constructor(vm_mm: MmStruct, vm_start: number, vm_end: number, vm_flags: number);
    toString(): string;
}
export declare function vm_area_alloc(mm: MmStruct, start: number, end: number, flags: number): VmAreaStruct;
/** vm_area_dup(): a copy for fork or split (same file, ops and flags). */
export declare function vm_area_dup(vma: VmAreaStruct, mm?: MmStruct): VmAreaStruct;
/** anon_vma_prepare(): before the VMA's first private page is mapped. */
export declare function anon_vma_prepare(vma: VmAreaStruct): void;
/** Anonymous = no file (shared anonymous memory is shmem-backed and has one). */
export declare function vma_is_anonymous(vma: VmAreaStruct): boolean;
export declare function is_vm_hugetlb_page(vma: VmAreaStruct): boolean;
/** Private writable-capable mapping whose pages are copied on write. */
export declare function is_cow_mapping(flags: number): boolean;
export declare function vma_pages(vma: VmAreaStruct): number;
export declare function vma_is_special(vma: VmAreaStruct): boolean;
/** find_vma(): the first VMA ending above addr; it may start above addr too. */
export declare function find_vma(mm: MmStruct, addr: number): VmAreaStruct | null;
/** vma_lookup(): the VMA containing addr, or null. */
export declare function vma_lookup(mm: MmStruct, addr: number): VmAreaStruct | null;
/** find_vma_intersection(): the first VMA overlapping [start, end). */
export declare function find_vma_intersection(mm: MmStruct, start: number, end: number): VmAreaStruct | null;
/** VMAs overlapping [start, end), in order. */
export declare function vmas_in_range(mm: MmStruct, start: number, end: number): VmAreaStruct[];
/** Insert into the sorted VMA list (caller holds mmap_lock for write, range is free). */
export declare function vma_link(mm: MmStruct, vma: VmAreaStruct): void;
export declare function vma_unlink(mm: MmStruct, vma: VmAreaStruct): void;
/**
 * The VMA-list part of __split_vma(): `vma` keeps [vm_start, addr) and a new VMA takes
 * [addr, vm_end). Huge-page entries straddling addr must have been split by the caller.
 */
export declare function split_vma_at(mm: MmStruct, vma: VmAreaStruct, addr: number): VmAreaStruct;
