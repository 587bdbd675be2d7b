/*
 * struct vm_area_struct and the VMA list of an mm: lookup (find_vma, vma_lookup,
 * find_vma_intersection), insertion, removal and splitting.
 *
 * Locking: mm->mmap_lock protects mm.mmap (read to look up, write to change). VMAs are KObjs:
 * kfree'd when unmapped, so a stale VMA pointer used later (v5.2's hmm_range->vma) is a KASAN
 * use-after-free report at its next kasan_check (handle_mm_fault checks it).
 */
import { kasan_check, kmalloc, KObj } from '../kernel/index.js';
import { PAGE_SIZE, VM_HUGETLB, VM_IO, VM_MIXEDMAP, VM_PFNMAP, VM_SHARED } from './constants.js';
import { get_file } from './filemap.js';
/**
 * struct anon_vma, as far as the model needs it: an identity. A VMA gets one when its first
 * private page is faulted in (anon_vma_prepare); split and moved parts share it, a fork's
 * child gets its own. Two anonymous VMAs merge only if their anon_vmas agree.
 */
export class AnonVma {
}
export class VmAreaStruct extends KObj {
    vm_mm;
    vm_start;
    vm_end;
    vm_flags;
    vm_file = null;
    /** Set once the VMA has private (anonymous) pages; see AnonVma. */
    anon_vma = null;
    /** Offset in the file, in PAGE_SIZE units. */
    vm_pgoff = 0;
    vm_ops = null;
    vm_private_data = null;
    /** Huge page shift of a VM_HUGETLB VMA (21 or 30), else 0. */
    hpage_shift = 0;
    constructor(vm_mm, vm_start, vm_end, vm_flags) {
        super('vma');
        this.vm_mm = vm_mm;
        this.vm_start = vm_start;
        this.vm_end = vm_end;
        this.vm_flags = vm_flags;
    }
    toString() {
        return `vma [0x${this.vm_start.toString(16)}, 0x${this.vm_end.toString(16)}) flags 0x${this.vm_flags.toString(16)}`;
    }
}
export function vm_area_alloc(mm, start, end, flags) {
    return kmalloc(new VmAreaStruct(mm, start, end, flags));
}
/** vm_area_dup(): a copy for fork or split (same file, ops and flags). */
export function vm_area_dup(vma, mm = vma.vm_mm) {
    const n = vm_area_alloc(mm, vma.vm_start, vma.vm_end, vma.vm_flags);
    n.vm_file = vma.vm_file !== null ? get_file(vma.vm_file) : null;
    n.vm_pgoff = vma.vm_pgoff;
    n.vm_ops = vma.vm_ops;
    n.vm_private_data = vma.vm_private_data;
    n.hpage_shift = vma.hpage_shift;
    // A split or moved part keeps the anon_vma; a fork's child gets its own (anon_vma_fork).
    n.anon_vma = mm === vma.vm_mm ? vma.anon_vma : vma.anon_vma === null ? null : new AnonVma();
    return n;
}
/** anon_vma_prepare(): before the VMA's first private page is mapped. */
export function anon_vma_prepare(vma) {
    if (vma.anon_vma === null)
        vma.anon_vma = new AnonVma();
}
/** Anonymous = no file (shared anonymous memory is shmem-backed and has one). */
export function vma_is_anonymous(vma) {
    return vma.vm_file === null && vma.vm_ops === null;
}
export function is_vm_hugetlb_page(vma) {
    return (vma.vm_flags & VM_HUGETLB) !== 0;
}
/** Private writable-capable mapping whose pages are copied on write. */
export function is_cow_mapping(flags) {
    return (flags & (VM_SHARED | 0x20 /* VM_MAYWRITE */)) === 0x20;
}
export function vma_pages(vma) {
    return (vma.vm_end - vma.vm_start) / PAGE_SIZE;
}
export function vma_is_special(vma) {
    return (vma.vm_flags & (VM_IO | VM_PFNMAP | VM_MIXEDMAP)) !== 0;
}
/** Index of the first VMA with vm_end > addr (mm.mmap.length if none). */
function first_after(mm, addr) {
    const v = mm.mmap;
    let lo = 0;
    let hi = v.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (v[mid].vm_end > addr)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}
/** find_vma(): the first VMA ending above addr; it may start above addr too. */
export function find_vma(mm, addr) {
    kasan_check(mm, 'find_vma');
    const v = mm.mmap;
    if (v.length === 1)
        return v[0].vm_end > addr ? v[0] : null;
    const i = first_after(mm, addr);
    return i < v.length ? v[i] : null;
}
/** vma_lookup(): the VMA containing addr, or null. */
export function vma_lookup(mm, addr) {
    const vma = find_vma(mm, addr);
    return vma !== null && vma.vm_start <= addr ? vma : null;
}
/** find_vma_intersection(): the first VMA overlapping [start, end). */
export function find_vma_intersection(mm, start, end) {
    const vma = find_vma(mm, start);
    return vma !== null && vma.vm_start < end ? vma : null;
}
/** VMAs overlapping [start, end), in order. */
export function vmas_in_range(mm, start, end) {
    const out = [];
    const v = mm.mmap;
    for (let i = first_after(mm, start); i < v.length && v[i].vm_start < end; i++)
        out.push(v[i]);
    return out;
}
/** Insert into the sorted VMA list (caller holds mmap_lock for write, range is free). */
export function vma_link(mm, vma) {
    const i = first_after(mm, vma.vm_start);
    mm.mmap.splice(i, 0, vma);
}
export function vma_unlink(mm, vma) {
    const i = mm.mmap.indexOf(vma);
    if (i >= 0)
        mm.mmap.splice(i, 1);
}
/**
 * The VMA-list part of __split_vma(): `vma` keeps [vm_start, addr) and a new VMA takes
 * [addr, vm_end). Huge-page entries straddling addr must have been split by the caller.
 */
export function split_vma_at(mm, vma, addr) {
    const n = vm_area_dup(vma);
    n.vm_start = addr;
    n.vm_pgoff = vma.vm_pgoff + (addr - vma.vm_start) / PAGE_SIZE;
    vma.vm_end = addr;
    vma.vm_ops?.open?.(n);
    const i = mm.mmap.indexOf(vma);
    mm.mmap.splice(i + 1, 0, n);
    return n;
}
