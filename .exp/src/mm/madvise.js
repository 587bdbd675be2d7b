/*
 * madvise(2) (mm/madvise.c): MADV_DONTNEED (zap, MMU_NOTIFY_CLEAR), MADV_FREE (mark clean
 * exclusive anonymous pages lazily freeable, drop swap entries; MMU_NOTIFY_CLEAR) and
 * MADV_HUGEPAGE / MADV_NOHUGEPAGE (VMA flags, splitting VMAs at the edges), MADV_COLLAPSE
 * (collapse whole 2 MiB ranges of anonymous memory into THPs now, huge_memory.ts).
 *
 * Locking: DONTNEED and FREE hold the mmap_lock for read, the flag changes for write. Each
 * entry FREE changes is a step of its own.
 */
import { cur, lone_point } from '../kernel/index.js';
import { MADV_COLLAPSE, MADV_DONTNEED, MADV_FREE, MADV_HUGEPAGE, MADV_NOHUGEPAGE, PAGE_SIZE, PMD_SIZE, TASK_SIZE, VM_HUGEPAGE, VM_HUGETLB, VM_LOCKED, VM_NOHUGEPAGE, VM_PFNMAP, VM_SHARED, VM_SPECIAL, is_aligned, page_align, } from './constants.js';
import { EINVAL, ENOMEM } from './errno.js';
import { collapse_huge_page, split_huge_pmd } from './huge_memory.js';
import { pmd_keys_in, zap_page_range_single } from './memory.js';
import { range_fully_mapped, vma_merge, vma_split_range } from './mmap.js';
import { mmap_read_lock, mmap_read_unlock, mmap_write_lock, mmap_write_unlock } from './mm_struct.js';
import { MMU_NOTIFY_CLEAR, mmu_notifier_invalidate_range_end, mmu_notifier_invalidate_range_start, mmu_notifier_range_init } from './mmu_notifier.js';
import { pfn_to_page } from './page.js';
import { PmdLeaf, pte_note, pte_op, PteTable, PTE_DIRTY } from './pgtable.js';
import { swap_free } from './swap.js';
import { tlb_check_returned } from './tlb.js';
import { anon_vma_prepare, find_vma, vma_is_anonymous, vmas_in_range } from './vma.js';
/** madvise_free_single_vma(). */
function* madvise_free_single_vma(vma, start, end) {
    const mm = vma.vm_mm;
    // A THP only partly covered is split so the covered PTEs can be handled.
    for (const k of pmd_keys_in(mm, start, end)) {
        const ps = k * PMD_SIZE;
        if (mm.pmd.get(k) instanceof PmdLeaf && (ps < start || ps + PMD_SIZE > end))
            yield* split_huge_pmd(vma, Math.max(ps, start));
    }
    const range = mmu_notifier_range_init(MMU_NOTIFY_CLEAR, 0, vma, mm, start, end);
    yield* mmu_notifier_invalidate_range_start(range);
    for (const k of pmd_keys_in(mm, start, end)) {
        const ps = k * PMD_SIZE;
        const e0 = mm.pmd.get(k);
        if (e0 instanceof PmdLeaf) {
            if (e0.kind !== 1 /* PteKind.Present */)
                continue;
            if (cur.record)
                pte_note('madvise_free_huge_pmd', mm, ps);
            if (!lone_point())
                yield;
            pte_op(mm, ps);
        }
        const e = mm.pmd.get(k);
        if (e instanceof PmdLeaf) {
            if (e.kind !== 1 /* PteKind.Present */)
                continue;
            const page = pfn_to_page(e.pfn);
            if (page !== null && page.mapcount === 1 && page.kind === 0 /* PageKind.Anon */) {
                page.lazyfree = true;
                page.dirty = false;
                e.flags &= ~PTE_DIRTY;
            }
            continue;
        }
        if (!(e instanceof PteTable))
            continue;
        const i0 = Math.max(0, (start - ps) / PAGE_SIZE);
        const i1 = Math.min(512, (end - ps) / PAGE_SIZE);
        for (let i = i0; i < i1; i++) {
            const k0 = e.kind[i];
            if (k0 !== 3 /* PteKind.Swap */ && k0 !== 1 /* PteKind.Present */)
                continue;
            if (cur.record)
                pte_note('madvise_free_pte', mm, ps + i * PAGE_SIZE);
            if (!lone_point())
                yield;
            pte_op(mm, ps + i * PAGE_SIZE);
            const kd = e.kind[i];
            if (kd === 3 /* PteKind.Swap */) {
                swap_free(e.val[i]);
                e.kind[i] = 0 /* PteKind.None */;
                e.flags[i] = 0;
                e.val[i] = 0;
                e.nr--;
            }
            else if (kd === 1 /* PteKind.Present */) {
                const page = pfn_to_page(e.val[i]);
                if (page === null || page.kind !== 0 /* PageKind.Anon */ || page.mapcount !== 1 || page.order !== 0)
                    continue;
                if (page.swap_slot !== 0) {
                    // The page leaves the swap cache (free_swap_cache): its slot is no backing any more.
                    swap_free(page.swap_slot);
                    page.swap_slot = 0;
                }
                page.lazyfree = true;
                page.dirty = false;
                e.flags[i] &= ~PTE_DIRTY;
            }
        }
    }
    yield* mmu_notifier_invalidate_range_end(range);
}
/** do_madvise(). Returns 0, or -ENOMEM if part of the range was unmapped (after acting on the rest). */
export function* do_madvise(mm, start, len, advice) {
    if (!is_aligned(start, PAGE_SIZE))
        return -EINVAL;
    len = page_align(len);
    const end = start + len;
    if (end < start || end > TASK_SIZE)
        return -EINVAL;
    if (len === 0)
        return 0;
    switch (advice) {
        case MADV_DONTNEED:
        case MADV_FREE: {
            yield* mmap_read_lock(mm);
            let ret = range_fully_mapped(mm, start, end) ? 0 : -ENOMEM;
            for (const vma of vmas_in_range(mm, start, end)) {
                const s = Math.max(start, vma.vm_start);
                const e = Math.min(end, vma.vm_end);
                if (vma.vm_flags & (VM_LOCKED | VM_PFNMAP)) {
                    ret = -EINVAL;
                    break;
                }
                if (advice === MADV_DONTNEED) {
                    if (vma.vm_flags & VM_HUGETLB) {
                        // As since 5.18: the start must be huge-page aligned and the end is rounded down,
                        // so a caller unaware of huge pages never loses a page it did not name whole.
                        const hs = 2 ** vma.hpage_shift;
                        if (s % hs !== 0) {
                            ret = -EINVAL;
                            break;
                        }
                        const ae = Math.floor(e / hs) * hs;
                        if (ae > s)
                            yield* zap_page_range_single(vma, s, ae);
                        continue;
                    }
                    yield* zap_page_range_single(vma, s, e);
                }
                else {
                    if (!vma_is_anonymous(vma) || vma.vm_flags & (VM_SHARED | VM_HUGETLB)) {
                        ret = -EINVAL;
                        break;
                    }
                    yield* madvise_free_single_vma(vma, s, e);
                }
            }
            yield* mmap_read_unlock(mm);
            // Back in user space no CPU may still translate a page DONTNEED dropped (tlb.ts).
            if (advice === MADV_DONTNEED && ret !== -EINVAL)
                tlb_check_returned(mm, start, end, 'madvise(MADV_DONTNEED)');
            return ret;
        }
        case MADV_COLLAPSE: {
            // madvise_collapse(): synchronously collapse every whole 2 MiB of anonymous memory.
            yield* mmap_write_lock(mm);
            let ret = range_fully_mapped(mm, start, end) ? 0 : -ENOMEM;
            for (const vma of vmas_in_range(mm, start, end)) {
                if (!vma_is_anonymous(vma) || vma.vm_flags & (VM_SHARED | VM_HUGETLB | VM_NOHUGEPAGE | VM_SPECIAL)) {
                    ret = -EINVAL;
                    continue;
                }
                const s = Math.ceil(Math.max(start, vma.vm_start) / PMD_SIZE) * PMD_SIZE;
                const e = Math.floor(Math.min(end, vma.vm_end) / PMD_SIZE) * PMD_SIZE;
                for (let a = s; a < e; a += PMD_SIZE) {
                    anon_vma_prepare(vma);
                    const r = yield* collapse_huge_page(vma, a);
                    if (r !== 0 && ret === 0)
                        ret = r;
                }
            }
            yield* mmap_write_unlock(mm);
            return ret;
        }
        case MADV_HUGEPAGE:
        case MADV_NOHUGEPAGE: {
            yield* mmap_write_lock(mm);
            let ret = range_fully_mapped(mm, start, end) ? 0 : -ENOMEM;
            const vmas = yield* vma_split_range(mm, start, end);
            if (typeof vmas === 'number')
                ret = vmas;
            else {
                for (const vma of vmas) {
                    if (vma.vm_flags & VM_SPECIAL) {
                        if (advice === MADV_HUGEPAGE)
                            ret = -EINVAL;
                        continue;
                    }
                    if (advice === MADV_HUGEPAGE)
                        vma.vm_flags = (vma.vm_flags & ~VM_NOHUGEPAGE) | VM_HUGEPAGE;
                    else
                        vma.vm_flags = (vma.vm_flags & ~VM_HUGEPAGE) | VM_NOHUGEPAGE;
                }
                for (let a = start; a < end;) {
                    const vma = find_vma(mm, a);
                    if (vma === null || vma.vm_start >= end)
                        break;
                    a = vma_merge(mm, vma).vm_end;
                }
            }
            yield* mmap_write_unlock(mm);
            return ret;
        }
    }
    return -EINVAL;
}
