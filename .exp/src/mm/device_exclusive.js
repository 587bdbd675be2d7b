/*
 * make_device_exclusive() (mm/rmap.c): give a device exclusive (atomic) access to one anonymous
 * page. The page is faulted in writable (GUP with FOLL_WRITE, which breaks copy-on-write and
 * restores any device-exclusive entry another device held), locked, and its PTE replaced by a
 * writable device-exclusive entry inside an MMU_NOTIFY_EXCLUSIVE invalidation whose owner is the
 * caller's (a driver skips its own page table for it). The entry keeps the page's mapping
 * (mapcount and reference): the CPU still owns the page, but its next access faults and takes
 * it back (remove_device_exclusive_entry in memory.ts, another invalidation, which tells the
 * device to let go). Fork restores the entry before copying (fork.ts).
 *
 * Locking: mmap_lock held by the caller (read); the folio lock is held across the change and
 * returned held, with the GUP reference, to the caller, which unlocks and puts it after mapping
 * the page in its device.
 */
import { cur, lone_point } from '../kernel/index.js';
import { PAGE_SIZE, VM_HUGETLB } from './constants.js';
import { EOPNOTSUPP } from './errno.js';
import { FOLL_GET, FOLL_SPLIT_PMD, FOLL_WRITE, get_user_page_vma_remote } from './gup.js';
import { mmap_assert_locked } from './mm_struct.js';
import { MMU_NOTIFY_EXCLUSIVE, mmu_notifier_invalidate_range_end, mmu_notifier_invalidate_range_start, mmu_notifier_range_init_owner } from './mmu_notifier.js';
import { folio_lock, folio_unlock } from './page_lock.js';
import { pfn_to_page } from './page.js';
import { assert_invalidating, pte_note, pte_op, PteTable, PTE_DIRTY, PTE_WRITE, pmd_index, pte_index } from './pgtable.js';
import { put_page_step } from './memory.js';
/**
 * make_device_exclusive(mm, addr, owner): the pfn now mapped for exclusive device access and
 * its folio (locked, with a reference for the caller), or a negative errno (-EOPNOTSUPP for a
 * page that is not anonymous, or what GUP failed with).
 */
export function* make_device_exclusive(mm, addr, owner) {
    mmap_assert_locked(mm, 'make_device_exclusive');
    addr -= addr % PAGE_SIZE;
    for (let tries = 0; tries < 1000; tries++) {
        const g = yield* get_user_page_vma_remote(mm, addr, FOLL_GET | FOLL_WRITE | FOLL_SPLIT_PMD);
        if (typeof g === 'number')
            return g;
        const folio = pfn_to_page(g.pfn);
        if (folio.kind !== 0 /* PageKind.Anon */ || g.vma.vm_flags & VM_HUGETLB) {
            yield* put_page_step(folio);
            return -EOPNOTSUPP;
        }
        yield* folio_lock(folio);
        const range = mmu_notifier_range_init_owner(MMU_NOTIFY_EXCLUSIVE, 0, g.vma, mm, addr, addr + PAGE_SIZE, owner);
        yield* mmu_notifier_invalidate_range_start(range);
        // The second look: the same page still mapped writable by a PTE (one step, under the ptl).
        if (cur.record)
            pte_note('make_device_exclusive', mm, addr);
        if (!lone_point())
            yield;
        pte_op(mm, addr);
        const t = mm.pmd.get(pmd_index(addr));
        const i = pte_index(addr);
        if (!(t instanceof PteTable) || t.kind[i] !== 1 /* PteKind.Present */ || t.val[i] !== g.pfn || (t.flags[i] & PTE_WRITE) === 0) {
            yield* mmu_notifier_invalidate_range_end(range);
            yield* folio_unlock(folio);
            yield* put_page_step(folio);
            continue;
        }
        assert_invalidating(mm, addr, addr + PAGE_SIZE, 'make_device_exclusive');
        if (t.flags[i] & PTE_DIRTY)
            folio.dirty = true;
        t.kind[i] = 6 /* PteKind.DeviceExclusive */;
        t.flags[i] = PTE_WRITE;
        yield* mmu_notifier_invalidate_range_end(range);
        return { pfn: g.pfn, folio };
    }
    return -EOPNOTSUPP;
}
/** What the caller does when done with the folio make_device_exclusive returned. */
export function* device_exclusive_done(folio) {
    yield* folio_unlock(folio);
    yield* put_page_step(folio);
}
