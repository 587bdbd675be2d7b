/*
 * fork (kernel/fork.c dup_mm/dup_mmap and mm/memory.c copy_page_range): a new mm with a copy
 * of every VMA; private memory becomes copy-on-write (the parent's writable entries are
 * write-protected under an MMU_NOTIFY_PROTECTION_PAGE bracket on the parent mm), shared
 * memory is shared (refaulted from the page cache, or copied for hugetlb / PFNMAP / MIXEDMAP).
 *
 * Locking: the parent's mmap_lock is held for write for the whole copy; the child is not yet
 * visible to anyone. Reading (and write-protecting) each parent entry is a step of its own, as
 * the CPU may access the parent's memory meanwhile. Swap entries take a swap_duplicate; device-exclusive entries are restored
 * in the parent before copying (try_restore_exclusive_pte).
 */
import { cur, lone_point } from '../kernel/index.js';
import { PAGE_SIZE, PMD_SIZE, VM_DONTCOPY, VM_HUGETLB, VM_MIXEDMAP, VM_PFNMAP, VM_SHARED, VM_WIPEONFORK } from './constants.js';
import { copy_hugetlb_page_range } from './hugetlb.js';
import { pmd_keys_in } from './memory.js';
import { mm_alloc, mmap_write_lock, mmap_write_unlock } from './mm_struct.js';
import { MMU_NOTIFY_PROTECTION_PAGE, mmu_notifier_invalidate_range_end, mmu_notifier_invalidate_range_start, mmu_notifier_range_init } from './mmu_notifier.js';
import { __get_page, pfn_to_page } from './page.js';
import { assert_invalidating, kind_counted, PmdLeaf, pte_note, pte_op, PteTable, PTE_DIRTY, PTE_WRITE, rmap_add } from './pgtable.js';
import { swap_duplicate } from './swap.js';
import { is_cow_mapping, vm_area_dup, vma_link } from './vma.js';
import { fork_migration_site } from './rmap.js';
/** copy_page_range(): entries of `src` into `dst` (same range, child mm). */
export function* copy_page_range(dst, src) {
    const sf = src.vm_flags;
    if (sf & VM_SHARED && !(sf & (VM_HUGETLB | VM_PFNMAP | VM_MIXEDMAP)))
        return; // refaults from the page cache
    const cow = is_cow_mapping(sf);
    const smm = src.vm_mm;
    const dmm = dst.vm_mm;
    const range = cow ? mmu_notifier_range_init(MMU_NOTIFY_PROTECTION_PAGE, 0, src, smm, src.vm_start, src.vm_end) : null;
    if (range)
        yield* mmu_notifier_invalidate_range_start(range);
    if (sf & VM_HUGETLB)
        yield* copy_hugetlb_page_range(dst, src, cow);
    else {
        for (const k of pmd_keys_in(smm, src.vm_start, src.vm_end)) {
            const ps = k * PMD_SIZE;
            if (smm.pmd.get(k) instanceof PmdLeaf) {
                if (cur.record)
                    pte_note('copy_huge_pmd', smm, ps);
                if (!lone_point())
                    yield;
                pte_op(smm, ps);
            }
            const e = smm.pmd.get(k);
            if (e === undefined)
                continue;
            if (e instanceof PmdLeaf) {
                // copy_huge_pmd
                let flags = e.flags;
                if (kind_counted(e.kind)) {
                    const page = pfn_to_page(e.pfn);
                    __get_page(page);
                    rmap_add(page);
                }
                if (cow && flags & PTE_WRITE) {
                    assert_invalidating(smm, ps, ps + PMD_SIZE, 'copy_huge_pmd');
                    e.flags &= ~PTE_WRITE;
                    flags &= ~PTE_WRITE;
                }
                const leaf = new PmdLeaf(e.kind, flags, e.pfn, false);
                dmm.pmd.set(k, leaf);
                if (e.kind === 4 /* PteKind.Migration */)
                    fork_migration_site(pfn_to_page(e.pfn), smm, ps, dmm, dst, leaf);
                continue;
            }
            const i0 = Math.max(0, (src.vm_start - ps) / PAGE_SIZE);
            const i1 = Math.min(512, (src.vm_end - ps) / PAGE_SIZE);
            let t = dmm.pmd.get(k);
            for (let i = i0; i < i1; i++) {
                if (e.kind[i] === 0 /* PteKind.None */)
                    continue;
                if (cur.record)
                    pte_note('copy_pte', smm, ps + i * PAGE_SIZE);
                if (!lone_point())
                    yield;
                pte_op(smm, ps + i * PAGE_SIZE);
                let kd = e.kind[i];
                if (kd === 0 /* PteKind.None */)
                    continue;
                if (t === undefined)
                    dmm.pmd.set(k, (t = new PteTable()));
                const v = e.val[i];
                if (kd === 6 /* PteKind.DeviceExclusive */) {
                    // try_restore_exclusive_pte: the parent gets its normal entry back first.
                    assert_invalidating(smm, ps + i * PAGE_SIZE, ps + (i + 1) * PAGE_SIZE, 'try_restore_exclusive_pte');
                    e.kind[i] = kd = 1 /* PteKind.Present */;
                }
                let f = e.flags[i];
                if (kd === 3 /* PteKind.Swap */)
                    swap_duplicate(v);
                else if (kind_counted(kd)) {
                    const page = pfn_to_page(v);
                    __get_page(page);
                    rmap_add(page);
                }
                if (cow && f & PTE_WRITE && kd !== 7 /* PteKind.Special */ && kd !== 3 /* PteKind.Swap */) {
                    assert_invalidating(smm, ps + i * PAGE_SIZE, ps + (i + 1) * PAGE_SIZE, 'copy_present_pte');
                    f &= ~PTE_WRITE;
                    e.flags[i] = f;
                }
                t.kind[i] = kd;
                t.flags[i] = f & ~PTE_DIRTY;
                t.val[i] = v;
                t.nr++;
                if (kd === 4 /* PteKind.Migration */) {
                    const page = pfn_to_page(v);
                    if (page !== null)
                        fork_migration_site(page, smm, ps + i * PAGE_SIZE, dmm, dst, t);
                }
            }
        }
    }
    if (range)
        yield* mmu_notifier_invalidate_range_end(range);
}
/** dup_mm(): a copy of `oldmm` for a child process (mm_users = mm_count = 1). */
export function* dup_mm(oldmm) {
    const mm = mm_alloc();
    mm.mmap_base = oldmm.mmap_base;
    yield* mmap_write_lock(oldmm);
    for (const vma of oldmm.mmap) {
        if (vma.vm_flags & VM_DONTCOPY)
            continue;
        const n = vm_area_dup(vma, mm);
        vma.vm_ops?.open?.(n);
        vma_link(mm, n);
        if (!(vma.vm_flags & VM_WIPEONFORK))
            yield* copy_page_range(n, vma);
    }
    yield* mmap_write_unlock(oldmm);
    return mm;
}
