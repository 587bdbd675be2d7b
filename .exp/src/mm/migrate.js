/*
 * Page migration (mm/migrate.c) of anonymous 4 KiB pages, as move_pages(2) with MPOL_MF_MOVE,
 * NUMA balancing or compaction do it: only pages mapped once (mapcount 1) and referenced by
 * nothing else; THPs, file pages and pinned pages are left alone.
 *
 * Per page:
 *   try_to_migrate   inside an MMU_NOTIFY_CLEAR invalidation, the PTE becomes a migration
 *                    entry (the page's mapping reference is now migration's; mapcount drops);
 *   copy             a scheduling point, then a new page is allocated and the contents, dirty
 *                    and lazyfree state copied (a CPU or HMM fault that meets the entry waits
 *                    in migration_entry_wait meanwhile);
 *   remove_migration_ptes  the entry becomes a PTE to the new page with the old permissions,
 *                    waiters on mm->migration_wq are woken, the old page is put (and freed).
 * If the entry was zapped meanwhile (MADV_DONTNEED), the new page is dropped instead.
 *
 * Locking: mmap_lock held for read across the walk (as move_pages); each PTE change and each
 * reference drop is a step of its own.
 */
import { cur, lone_point, schedule_point, wake_up_all } from '../kernel/index.js';
import { PAGE_SIZE, VM_HUGETLB, VM_IO, VM_PFNMAP, VM_SHARED } from './constants.js';
import { mmap_read_lock, mmap_read_unlock } from './mm_struct.js';
import { MMU_NOTIFY_CLEAR, mmu_notifier_invalidate_range_end, mmu_notifier_invalidate_range_start, mmu_notifier_range_init } from './mmu_notifier.js';
import { put_page_step } from './memory.js';
import { __put_page, alloc_page, copy_subpage, pfn_to_page } from './page.js';
import { assert_invalidating, pte_note, pte_op, PteTable, rmap_add, rmap_remove, pmd_index, pte_index } from './pgtable.js';
import { vma_is_anonymous, vmas_in_range } from './vma.js';
/**
 * Migrate every eligible page of [start, end); returns how many moved. move_pages and NUMA
 * balancing (the default) look at anonymous VMAs only here. `compaction` stands for kcompactd
 * or alloc_contig_range moving the pages that back the range: compaction finds pages by pfn,
 * not by VMA, so it also moves the anonymous copies in private file mappings (the COW pages of
 * a MAP_PRIVATE file or DAX mapping), which move_pages would skip in a DAX VMA (vma_migratable).
 */
export function* migrate_pages_range(mm, start, end, compaction = false) {
    yield* mmap_read_lock(mm);
    let n = 0;
    for (const vma of vmas_in_range(mm, start, end)) {
        if ((!compaction && !vma_is_anonymous(vma)) || vma.vm_flags & (VM_SHARED | VM_HUGETLB | VM_IO | VM_PFNMAP))
            continue;
        const s = Math.max(start, vma.vm_start);
        const e = Math.min(end, vma.vm_end);
        for (let a = s - (s % PAGE_SIZE); a < e; a += PAGE_SIZE)
            if (yield* migrate_one(vma, a))
                n++;
    }
    yield* mmap_read_unlock(mm);
    return n;
}
function* migrate_one(vma, addr) {
    const mm = vma.vm_mm;
    // isolate: read the entry and the page's counts (a step: the CPU may be changing them).
    if (cur.record)
        pte_note('isolate', mm, addr);
    if (!lone_point())
        yield;
    pte_op(mm, addr);
    const t = mm.pmd.get(pmd_index(addr));
    if (!(t instanceof PteTable))
        return false;
    const i = pte_index(addr);
    if (t.kind[i] !== 1 /* PteKind.Present */)
        return false;
    const page = pfn_to_page(t.val[i]);
    if (page === null || page.kind !== 0 /* PageKind.Anon */ || page.order !== 0 || page.mapcount !== 1 || page.refcount !== 1 || page.pincount > 0)
        return false;
    // try_to_migrate_one()
    const range = mmu_notifier_range_init(MMU_NOTIFY_CLEAR, 0, vma, mm, addr, addr + PAGE_SIZE);
    yield* mmu_notifier_invalidate_range_start(range);
    if (cur.record)
        pte_note('try_to_migrate_one', mm, addr);
    if (!lone_point())
        yield;
    pte_op(mm, addr);
    if (mm.pmd.get(pmd_index(addr)) !== t || t.kind[i] !== 1 /* PteKind.Present */ || t.val[i] !== page.pfn) {
        // Changed while the notifiers ran (a fault of another thread, MADV_DONTNEED): skip it.
        yield* mmu_notifier_invalidate_range_end(range);
        return false;
    }
    assert_invalidating(mm, addr, addr + PAGE_SIZE, 'try_to_migrate_one');
    const flags = t.flags[i];
    t.kind[i] = 4 /* PteKind.Migration */;
    rmap_remove(page);
    yield* mmu_notifier_invalidate_range_end(range);
    // move_to_new_folio(): other threads may meet the migration entry here.
    yield* schedule_point('migrate_folio');
    const np = alloc_page(0 /* PageKind.Anon */);
    copy_subpage(np, 0, page, 0);
    np.dirty = page.dirty;
    np.lazyfree = page.lazyfree;
    // folio_migrate_mapping(): a swap-cache page's place in the cache moves to the new page.
    np.swap_slot = page.swap_slot;
    page.swap_slot = 0;
    // remove_migration_ptes()
    if (cur.record)
        pte_note('remove_migration_pte', mm, addr);
    if (!lone_point())
        yield;
    pte_op(mm, addr);
    let moved = false;
    if (mm.pmd.get(pmd_index(addr)) === t && t.kind[i] === 4 /* PteKind.Migration */ && t.val[i] === page.pfn) {
        t.kind[i] = 1 /* PteKind.Present */;
        t.val[i] = np.pfn;
        t.flags[i] = flags;
        rmap_add(np);
        moved = true;
    }
    else
        __put_page(np); // never seen by anyone
    yield* wake_up_all(mm.migration_wq);
    yield* put_page_step(page);
    return moved;
}
