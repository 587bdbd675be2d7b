import { type Sched } from '../kernel/index.js';
import { type File } from './filemap.js';
import { type MmStruct } from './mm_struct.js';
import { type VmAreaStruct } from './vma.js';
/** calc_vm_prot_bits(). */
export declare function calc_vm_prot_bits(prot: number): number;
/** get_unmapped_area(): first fit above mm.mmap_base, aligned to `align`. */
export declare function get_unmapped_area(mm: MmStruct, len: number, align: number): number;
/**
 * split_vma(): `vma` keeps [vm_start, addr), returns the new VMA for [addr, vm_end). Splits a
 * THP mapping that straddles addr first; hugetlb VMAs split only at huge-page boundaries.
 */
export declare function split_vma(mm: MmStruct, vma: VmAreaStruct, addr: number): Sched<VmAreaStruct | number>;
/**
 * vma_merge(): after `vma` was created or changed, merge it with its neighbours where they
 * agree. The previous VMA survives a merge with it (growing over `vma`, and over the next one
 * too if all three agree); a merge with only the next one keeps the next one, which grows
 * down. Merged-away VMAs are freed, as the kernel frees them: a stale pointer to one is a
 * use-after-free. Returns the VMA now covering `vma`'s range.
 */
export declare function vma_merge(mm: MmStruct, vma: VmAreaStruct): VmAreaStruct;
/** do_munmap() (mmap_lock held for write). */
export declare function do_munmap(mm: MmStruct, start: number, len: number): Sched<number>;
/**
 * do_mmap() (mmap_lock held for write). Returns the address or a negative errno. `file` is a
 * File from filemap.ts (regular, shmem, hugetlbfs or a device file whose f_op.mmap installs
 * its own entries); `offset` in bytes.
 */
export declare function do_mmap(mm: MmStruct, addr: number, len: number, prot: number, flags: number, file: File | null, offset: number): Sched<number>;
/** The mmap(2) system call for `mm`'s process: vm_mmap_pgoff. */
export declare function vm_mmap(mm: MmStruct, addr: number, len: number, prot: number, flags: number, file?: File | null, offset?: number): Sched<number>;
/** The munmap(2) system call. */
export declare function vm_munmap(mm: MmStruct, start: number, len: number): Sched<number>;
/**
 * exit_mmap(): after the last mmput. Notifier release first (hlist ->release, interval
 * notifiers invalidated with MMU_NOTIFY_RELEASE), then every VMA unmapped under one
 * MMU_NOTIFY_UNMAP range [0, ULONG_MAX), then the VMAs freed.
 */
export declare function exit_mmap(mm: MmStruct): Sched;
/**
 * Split VMAs so that [start, end) is covered by whole VMAs and return them (for mprotect and
 * madvise flag changes). Gaps are allowed; returns a negative errno if a split is refused.
 */
export declare function vma_split_range(mm: MmStruct, start: number, end: number): Sched<VmAreaStruct[] | number>;
/** True if [start, end) is fully covered by VMAs (no hole). */
export declare function range_fully_mapped(mm: MmStruct, start: number, end: number): boolean;
