/*
 * mm/mmap.c in the model: creating mappings (do_mmap: anonymous private/shared, file-backed
 * private/shared, MAP_FIXED, hugetlb, driver mmap), removing them (do_munmap, with VMA split
 * and THP split at unaligned edges), and tearing a whole address space down (exit_mmap).
 *
 * Locking: mmap and munmap hold the mmap_lock for write; exit_mmap runs after the last mmput
 * (no other user can fault) and takes it as the kernel does (read to unmap, write to free).
 * Entries are removed between MMU_NOTIFY_UNMAP start and end; pages are released after end.
 */
import { kfree } from '../kernel/index.js';
import { FAULT_FLAG_WRITE, MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_HUGE_MASK, MAP_HUGE_SHIFT, MAP_HUGETLB, MAP_NORESERVE, MAP_POPULATE, MAP_PRIVATE, MAP_SHARED_VALIDATE, MMF_OOM_SKIP, PAGE_SIZE, PMD_SHIFT, PMD_SIZE, PROT_EXEC, PROT_READ, PROT_WRITE, PUD_SHIFT, TASK_SIZE, ULONG_MAX, VM_ACCESS_FLAGS, VM_EXEC, VM_FAULT_ERROR, VM_HUGETLB, VM_MAYEXEC, VM_MAYREAD, VM_MAYSHARE, VM_MAYWRITE, VM_READ, VM_SHARED, VM_SPECIAL, VM_WRITE, align_up, is_aligned, page_align, } from './constants.js';
import { EACCES, EEXIST, EINVAL, ENOMEM, EOPNOTSUPP } from './errno.js';
import { fput, get_file, hugetlbfs_file_setup, shmem_file_setup } from './filemap.js';
import { split_huge_pmd } from './huge_memory.js';
import { default_hugepage_shift } from './hugetlb.js';
import { handle_mm_fault, pmd_keys_in, tlb_finish_mmu, tlb_gather_mmu, unmap_page_range } from './memory.js';
import { mmap_assert_write_locked, mmap_read_lock, mmap_read_unlock, mmap_write_lock, mmap_write_unlock } from './mm_struct.js';
import { MMU_NOTIFY_UNMAP, mmu_notifier_invalidate_range_end, mmu_notifier_invalidate_range_start, mmu_notifier_range_init, mmu_notifier_release } from './mmu_notifier.js';
import { PmdLeaf, PteTable, pmd_index, pmd_nr_read } from './pgtable.js';
import { tlb_check_returned } from './tlb.js';
import { find_vma, split_vma_at, vm_area_alloc, vma_link, vma_unlink, vmas_in_range } from './vma.js';
/** calc_vm_prot_bits(). */
export function calc_vm_prot_bits(prot) {
    return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) | (prot & PROT_EXEC ? VM_EXEC : 0);
}
/** get_unmapped_area(): first fit above mm.mmap_base, aligned to `align`. */
export function get_unmapped_area(mm, len, align) {
    let addr = align_up(mm.mmap_base, align);
    for (const vma of mm.mmap) {
        if (vma.vm_end <= addr)
            continue;
        if (addr + len <= vma.vm_start)
            break;
        addr = align_up(vma.vm_end, align);
    }
    return addr + len <= TASK_SIZE ? addr : -ENOMEM;
}
/**
 * split_vma(): `vma` keeps [vm_start, addr), returns the new VMA for [addr, vm_end). Splits a
 * THP mapping that straddles addr first; hugetlb VMAs split only at huge-page boundaries.
 */
export function* split_vma(mm, vma, addr) {
    const refused = vma.vm_ops?.may_split?.(vma, addr) ?? 0;
    if (refused < 0)
        return refused;
    if (vma.vm_flags & VM_HUGETLB) {
        if (!is_aligned(addr, 2 ** vma.hpage_shift))
            return -EINVAL;
    }
    else if (!is_aligned(addr, PMD_SIZE) && mm.pmd.get(pmd_index(addr)) instanceof PmdLeaf) {
        yield* split_huge_pmd(vma, addr);
    }
    return split_vma_at(mm, vma, addr);
}
/** Free the page-table pages wholly inside [start, end) that no longer map anything. */
function free_pgtables(mm, start, end) {
    for (const k of pmd_keys_in(mm, start, end)) {
        const e = mm.pmd.get(k);
        if (e instanceof PteTable)
            pmd_nr_read(mm, k * PMD_SIZE);
        if (e instanceof PteTable && e.nr === 0)
            mm.pmd.delete(k);
    }
}
/** unmap_region(): zap [start, end) of the given (already detached) VMAs under MMU_NOTIFY_UNMAP. */
function* unmap_region(mm, vmas, start, end) {
    const tlb = tlb_gather_mmu(mm);
    const range = mmu_notifier_range_init(MMU_NOTIFY_UNMAP, 0, vmas[0] ?? null, mm, start, end);
    yield* mmu_notifier_invalidate_range_start(range);
    for (const vma of vmas)
        yield* unmap_page_range(tlb, vma, Math.max(start, vma.vm_start), Math.min(end, vma.vm_end));
    yield* mmu_notifier_invalidate_range_end(range);
    free_pgtables(mm, start, end);
    yield* tlb_finish_mmu(tlb);
}
/**
 * Whether `a` and the VMA `b` right after it can be one VMA (is_mergeable_vma and
 * is_mergeable_anon_vma): adjacent, same flags, file and contiguous offsets, no driver ops,
 * anon_vmas that agree. Private anonymous hugetlb mappings, which have no file here to tell
 * two mappings apart, never merge.
 */
function vma_mergeable(a, b) {
    return (a.vm_end === b.vm_start &&
        a.vm_flags === b.vm_flags &&
        (a.vm_flags & VM_SPECIAL) === 0 &&
        a.vm_file === b.vm_file &&
        a.vm_ops === null &&
        b.vm_ops === null &&
        a.hpage_shift === b.hpage_shift &&
        !(a.vm_flags & VM_HUGETLB && a.vm_file === null) &&
        a.vm_pgoff + (a.vm_end - a.vm_start) / PAGE_SIZE === b.vm_pgoff &&
        anon_vma_compatible(a, b));
}
/** is_mergeable_anon_vma(): the same anon_vma, or at most one of them has one. */
function anon_vma_compatible(a, b) {
    return a.anon_vma === b.anon_vma || a.anon_vma === null || b.anon_vma === null;
}
/**
 * vma_merge(): after `vma` was created or changed, merge it with its neighbours where they
 * agree. The previous VMA survives a merge with it (growing over `vma`, and over the next one
 * too if all three agree); a merge with only the next one keeps the next one, which grows
 * down. Merged-away VMAs are freed, as the kernel frees them: a stale pointer to one is a
 * use-after-free. Returns the VMA now covering `vma`'s range.
 */
export function vma_merge(mm, vma) {
    const v = mm.mmap;
    const i = v.indexOf(vma);
    const prev = i > 0 ? v[i - 1] : null;
    const next = i + 1 < v.length ? v[i + 1] : null;
    const withPrev = prev !== null && vma_mergeable(prev, vma);
    const withNext = next !== null && vma_mergeable(vma, next);
    if (withPrev && withNext && anon_vma_compatible(prev, next)) {
        prev.vm_end = next.vm_end;
        prev.anon_vma ??= vma.anon_vma ?? next.anon_vma;
        vma_unlink(mm, vma);
        vma_unlink(mm, next);
        remove_vma(vma);
        remove_vma(next);
        return prev;
    }
    if (withPrev) {
        prev.vm_end = vma.vm_end;
        prev.anon_vma ??= vma.anon_vma;
        vma_unlink(mm, vma);
        remove_vma(vma);
        return prev;
    }
    if (withNext) {
        next.vm_start = vma.vm_start;
        next.vm_pgoff = vma.vm_pgoff;
        next.anon_vma ??= vma.anon_vma;
        vma_unlink(mm, vma);
        remove_vma(vma);
        return next;
    }
    return vma;
}
function remove_vma(vma) {
    vma.vm_ops?.close?.(vma);
    if (vma.vm_file !== null)
        fput(vma.vm_file);
    kfree(vma, 'remove_vma');
}
/** do_munmap() (mmap_lock held for write). */
export function* do_munmap(mm, start, len) {
    mmap_assert_write_locked(mm, 'do_munmap');
    if (!is_aligned(start, PAGE_SIZE) || start > TASK_SIZE || len > TASK_SIZE - start)
        return -EINVAL;
    len = page_align(len);
    if (len === 0)
        return -EINVAL;
    const end = start + len;
    let vmas = vmas_in_range(mm, start, end);
    if (vmas.length === 0)
        return 0;
    // hugetlb VMAs must be cut at huge-page boundaries: check before changing anything.
    for (const v of vmas) {
        if (v.vm_flags & VM_HUGETLB) {
            const hs = 2 ** v.hpage_shift;
            if ((v.vm_start < start && !is_aligned(start, hs)) || (v.vm_end > end && !is_aligned(end, hs)))
                return -EINVAL;
        }
    }
    const first = vmas[0];
    if (first.vm_start < start) {
        const r = yield* split_vma(mm, first, start);
        if (typeof r === 'number')
            return r;
    }
    vmas = vmas_in_range(mm, start, end);
    const last = vmas[vmas.length - 1];
    if (last.vm_end > end) {
        const r = yield* split_vma(mm, last, end);
        if (typeof r === 'number')
            return r;
    }
    vmas = vmas_in_range(mm, start, end);
    for (const v of vmas)
        vma_unlink(mm, v);
    yield* unmap_region(mm, vmas, start, end);
    for (const v of vmas)
        remove_vma(v);
    return 0;
}
/** The mmap flags the model implements. */
const MAP_KNOWN_FLAGS = MAP_SHARED_VALIDATE | MAP_FIXED | MAP_ANONYMOUS | MAP_NORESERVE | MAP_POPULATE | MAP_HUGETLB | MAP_FIXED_NOREPLACE;
/**
 * do_mmap() (mmap_lock held for write). Returns the address or a negative errno. `file` is a
 * File from filemap.ts (regular, shmem, hugetlbfs or a device file whose f_op.mmap installs
 * its own entries); `offset` in bytes.
 */
export function* do_mmap(mm, addr, len, prot, flags, file, offset) {
    mmap_assert_write_locked(mm, 'do_mmap');
    if (len <= 0)
        return -EINVAL;
    const type = flags & MAP_SHARED_VALIDATE;
    if (type === 0)
        return -EINVAL;
    // MAP_SHARED_VALIDATE is MAP_SHARED that refuses flags it does not know.
    if (type === MAP_SHARED_VALIDATE && (flags & ~(MAP_KNOWN_FLAGS | (MAP_HUGE_MASK << MAP_HUGE_SHIFT))) !== 0)
        return -EOPNOTSUPP;
    if (!is_aligned(offset, PAGE_SIZE))
        return -EINVAL;
    if (file === null && (flags & MAP_ANONYMOUS) === 0)
        return -EINVAL;
    const shared = type !== MAP_PRIVATE;
    let align = PAGE_SIZE;
    let hshift = 0;
    if (flags & MAP_HUGETLB) {
        hshift = (flags >>> MAP_HUGE_SHIFT) & MAP_HUGE_MASK || default_hugepage_shift();
        if (hshift !== PMD_SHIFT && hshift !== PUD_SHIFT)
            return -EINVAL;
        align = 2 ** hshift;
        len = align_up(len, align);
    }
    len = page_align(len);
    if (len > TASK_SIZE)
        return -ENOMEM;
    let vm_flags = calc_vm_prot_bits(prot) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
    if (shared)
        vm_flags |= VM_SHARED | VM_MAYSHARE;
    if (file !== null && shared && !file.writable) {
        if (prot & PROT_WRITE)
            return -EACCES;
        vm_flags &= ~VM_MAYWRITE;
    }
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        if (!is_aligned(addr, align))
            return -EINVAL;
        if (addr + len > TASK_SIZE)
            return -ENOMEM;
        if (flags & MAP_FIXED_NOREPLACE) {
            if (vmas_in_range(mm, addr, addr + len).length > 0)
                return -EEXIST;
        }
        else {
            const r = yield* do_munmap(mm, addr, len);
            if (r < 0)
                return r;
        }
    }
    else {
        // Large anonymous mappings get PMD alignment so THP can be used (thp_get_unmapped_area).
        if (hshift === 0 && file === null && len >= PMD_SIZE)
            align = PMD_SIZE;
        if (file?.f_op?.align !== undefined && len >= file.f_op.align)
            align = Math.max(align, file.f_op.align);
        addr = get_unmapped_area(mm, len, align);
        if (addr < 0)
            return addr;
    }
    const vma = vm_area_alloc(mm, addr, addr + len, vm_flags);
    // A private anonymous mapping's offset is its address in pages (so neighbours line up).
    vma.vm_pgoff = file === null && !shared ? addr / PAGE_SIZE : offset / PAGE_SIZE;
    if (hshift) {
        vma.vm_flags |= VM_HUGETLB;
        vma.hpage_shift = hshift;
        if (shared && file === null)
            vma.vm_file = hugetlbfs_file_setup(`anon_hugepage@${addr.toString(16)}`, len, hshift);
        else if (file !== null)
            vma.vm_file = get_file(file);
    }
    else if (file !== null) {
        vma.vm_file = get_file(file);
    }
    else if (shared) {
        vma.vm_file = shmem_file_setup(`dev/zero@${addr.toString(16)}`, len);
    }
    if (file !== null && file.f_op?.mmap) {
        vma_link(mm, vma); // the driver may insert entries into it
        const r = yield* file.f_op.mmap(file, vma);
        if (r < 0) {
            vma_unlink(mm, vma);
            yield* unmap_region(mm, [vma], vma.vm_start, vma.vm_end);
            remove_vma(vma);
            return r;
        }
        return addr;
    }
    vma_link(mm, vma);
    vma_merge(mm, vma);
    return addr;
}
/** mm_populate() for MAP_POPULATE: fault in every page (write faults for private writable). */
function* mm_populate(mm, start, len) {
    yield* mmap_read_lock(mm);
    for (let a = start; a < start + len; a += PAGE_SIZE) {
        const vma = find_vma(mm, a);
        if (vma === null || vma.vm_start > a)
            continue;
        // GUP's check_vma_flags (FOLL_FORCE for an accessible VMA): a PROT_NONE VMA fails.
        if ((vma.vm_flags & VM_ACCESS_FLAGS) === 0)
            break;
        const write = (vma.vm_flags & (VM_WRITE | VM_SHARED)) === VM_WRITE;
        const r = yield* handle_mm_fault(vma, a, write ? FAULT_FLAG_WRITE : 0);
        if (r & VM_FAULT_ERROR)
            break;
    }
    yield* mmap_read_unlock(mm);
}
/** The mmap(2) system call for `mm`'s process: vm_mmap_pgoff. */
export function* vm_mmap(mm, addr, len, prot, flags, file = null, offset = 0) {
    yield* mmap_write_lock(mm);
    const r = yield* do_mmap(mm, addr, len, prot, flags, file, offset);
    yield* mmap_write_unlock(mm);
    if (r >= 0 && flags & MAP_POPULATE)
        yield* mm_populate(mm, r, len);
    return r;
}
/** The munmap(2) system call. */
export function* vm_munmap(mm, start, len) {
    yield* mmap_write_lock(mm);
    const r = yield* do_munmap(mm, start, len);
    yield* mmap_write_unlock(mm);
    // Back in user space no CPU may still translate an unmapped page (tlb.ts).
    if (r === 0)
        tlb_check_returned(mm, start, start + page_align(len), 'munmap');
    return r;
}
/**
 * exit_mmap(): after the last mmput. Notifier release first (hlist ->release, interval
 * notifiers invalidated with MMU_NOTIFY_RELEASE), then every VMA unmapped under one
 * MMU_NOTIFY_UNMAP range [0, ULONG_MAX), then the VMAs freed.
 */
export function* exit_mmap(mm) {
    yield* mmu_notifier_release(mm);
    yield* mmap_read_lock(mm);
    const vmas = mm.mmap.slice();
    const tlb = tlb_gather_mmu(mm);
    const range = mmu_notifier_range_init(MMU_NOTIFY_UNMAP, 0, null, mm, 0, ULONG_MAX);
    yield* mmu_notifier_invalidate_range_start(range);
    for (const vma of vmas)
        yield* unmap_page_range(tlb, vma, vma.vm_start, vma.vm_end);
    yield* mmu_notifier_invalidate_range_end(range);
    yield* mmap_read_unlock(mm);
    mm.flags |= MMF_OOM_SKIP;
    yield* mmap_write_lock(mm);
    mm.pmd.clear();
    mm.pud.clear();
    yield* tlb_finish_mmu(tlb);
    mm.mmap = [];
    for (const vma of vmas)
        remove_vma(vma);
    yield* mmap_write_unlock(mm);
}
/**
 * Split VMAs so that [start, end) is covered by whole VMAs and return them (for mprotect and
 * madvise flag changes). Gaps are allowed; returns a negative errno if a split is refused.
 */
export function* vma_split_range(mm, start, end) {
    let vmas = vmas_in_range(mm, start, end);
    if (vmas.length === 0)
        return vmas;
    const first = vmas[0];
    if (first.vm_start < start) {
        const r = yield* split_vma(mm, first, start);
        if (typeof r === 'number')
            return r;
        vmas = vmas_in_range(mm, start, end);
    }
    const last = vmas[vmas.length - 1];
    if (last.vm_end > end) {
        const r = yield* split_vma(mm, last, end);
        if (typeof r === 'number')
            return r;
        vmas = vmas_in_range(mm, start, end);
    }
    return vmas;
}
/** True if [start, end) is fully covered by VMAs (no hole). */
export function range_fully_mapped(mm, start, end) {
    let a = start;
    for (const v of vmas_in_range(mm, start, end)) {
        if (v.vm_start > a)
            return false;
        a = v.vm_end;
    }
    return a >= end;
}
