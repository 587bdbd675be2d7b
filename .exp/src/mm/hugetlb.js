/*
 * hugetlbfs mappings (mm/hugetlb.c): VM_HUGETLB VMAs backed by 2 MiB folios mapped at the PMD
 * level or 1 GiB folios mapped at the PUD level (map order 9 / 18). Private mappings are
 * copy-on-write at huge-page granularity; shared ones use the hugetlbfs file's page cache.
 *
 * Locking: as pgtable.ts (one step per huge entry changed); the COW is bracketed by
 * MMU_NOTIFY_CLEAR over the huge page, and removal by the caller's bracket (munmap / exit /
 * DONTNEED).
 */
import { cur, lone_point } from '../kernel/index.js';
import { FAULT_FLAG_WRITE, PAGE_SHIFT, PMD_SHIFT, PMD_SIZE, PUD_SHIFT, PUD_SIZE, VM_SHARED, VM_WRITE } from './constants.js';
import { per_execution } from './exec_state.js';
import { filemap_get_page } from './filemap.js';
import { migration_entry_wait } from './memory.js';
import { MMU_NOTIFY_CLEAR, mmu_notifier_invalidate_range_end, mmu_notifier_invalidate_range_start, mmu_notifier_range_init } from './mmu_notifier.js';
import { __get_page, __put_page, alloc_pages, copy_page_data, pfn_to_page } from './page.js';
import { assert_invalidating, PmdLeaf, pte_note, pte_op, PTE_DIRTY, PTE_WRITE, PudLeaf, rmap_add, rmap_remove } from './pgtable.js';
import { put_page_step } from './memory.js';
import { anon_vma_prepare } from './vma.js';
/*
 * The default huge page size (the kernel's default_hugepagesz= boot parameter, what
 * /proc/meminfo calls Hugepagesize): 2 MiB unless an execution's machine is configured with
 * 1 GiB. A MAP_HUGETLB mapping without a MAP_HUGE_* size uses it. Per execution.
 */
const hugetlb_config = per_execution('mm.hugetlb', () => ({ default_shift: PMD_SHIFT }));
/** Boot with default_hugepagesz=2M (PMD_SHIFT) or 1G (PUD_SHIFT); before any mapping exists. */
export function set_default_hugepagesz(shift) {
    if (shift !== PMD_SHIFT && shift !== PUD_SHIFT)
        throw new RangeError(`default huge page size must be 2 MiB or 1 GiB, not 2^${shift} bytes`);
    hugetlb_config().default_shift = shift;
}
/** The default huge page shift (21 or 30). */
export function default_hugepage_shift() {
    return hugetlb_config().default_shift;
}
export function huge_page_size(vma) {
    return 2 ** vma.hpage_shift;
}
export function huge_pte_lookup(mm, haddr, shift) {
    if (shift === PMD_SHIFT) {
        const e = mm.pmd.get(haddr / PMD_SIZE);
        return e instanceof PmdLeaf ? e : undefined;
    }
    return mm.pud.get(haddr / PUD_SIZE);
}
function set_huge_leaf(mm, haddr, shift, kind, flags, pfn) {
    if (shift === PMD_SHIFT)
        mm.pmd.set(haddr / PMD_SIZE, new PmdLeaf(kind, flags, pfn, true));
    else
        mm.pud.set(haddr / PUD_SIZE, new PudLeaf(kind, flags, pfn));
}
function clear_huge_leaf(mm, haddr, shift) {
    if (shift === PMD_SHIFT)
        mm.pmd.delete(haddr / PMD_SIZE);
    else
        mm.pud.delete(haddr / PUD_SIZE);
}
/** hugetlb_fault(). */
export function* hugetlb_fault(vma, address, flags) {
    const mm = vma.vm_mm;
    const shift = vma.hpage_shift;
    const size = 2 ** shift;
    const order = shift - PAGE_SHIFT;
    const haddr = address - (address % size);
    const write = (flags & FAULT_FLAG_WRITE) !== 0;
    const shared = (vma.vm_flags & VM_SHARED) !== 0;
    const leaf = huge_pte_lookup(mm, haddr, shift);
    if (leaf === undefined) {
        let page;
        if (shared) {
            const idx = (vma.vm_pgoff * 4096 + (haddr - vma.vm_start)) / size;
            const p = filemap_get_page(vma.vm_file.f_mapping, idx, true);
            if (p === null)
                return 2; // VM_FAULT_SIGBUS
            page = p;
            __get_page(page);
        }
        else {
            anon_vma_prepare(vma);
            page = alloc_pages(order, 0 /* PageKind.Anon */);
        }
        rmap_add(page);
        const writable = vma.vm_flags & VM_WRITE && (shared || write);
        set_huge_leaf(mm, haddr, shift, 1 /* PteKind.Present */, writable ? PTE_WRITE | (write ? PTE_DIRTY : 0) : 0, page.pfn);
        return 0;
    }
    if (leaf.kind === 4 /* PteKind.Migration */) {
        yield* migration_entry_wait(mm, address);
        return 0;
    }
    if (!write)
        return 0;
    if (leaf.flags & PTE_WRITE) {
        leaf.flags |= PTE_DIRTY;
        return 0;
    }
    const old = pfn_to_page(leaf.pfn);
    if (shared || (old.kind === 0 /* PageKind.Anon */ && old.mapcount === 1 && old.refcount === 1)) {
        leaf.flags |= PTE_WRITE | PTE_DIRTY;
        return 0;
    }
    // hugetlb_wp: copy the whole huge page.
    anon_vma_prepare(vma);
    const np = alloc_pages(order, 0 /* PageKind.Anon */);
    copy_page_data(np, 0, old, 0, size);
    const range = mmu_notifier_range_init(MMU_NOTIFY_CLEAR, 0, vma, mm, haddr, haddr + size);
    yield* mmu_notifier_invalidate_range_start(range);
    if (cur.record)
        pte_note('hugetlb_wp', mm, haddr);
    if (!lone_point())
        yield;
    pte_op(mm, haddr);
    const now = huge_pte_lookup(mm, haddr, shift);
    let freeOld = null;
    if (now === leaf && leaf.pfn === old.pfn && (leaf.flags & PTE_WRITE) === 0) {
        assert_invalidating(mm, haddr, haddr + size, 'hugetlb_wp');
        rmap_add(np);
        rmap_remove(old);
        leaf.pfn = np.pfn;
        leaf.flags = PTE_WRITE | PTE_DIRTY;
        freeOld = old;
    }
    else
        __put_page(np); // never seen by anyone
    yield* mmu_notifier_invalidate_range_end(range);
    if (freeOld)
        yield* put_page_step(freeOld);
    return 0;
}
/** __unmap_hugepage_range(): remove huge leaves of [start, end) (aligned) into the gather, one step each. */
export function* unmap_hugepage_range(tlb, vma, start, end) {
    const mm = tlb.mm;
    const shift = vma.hpage_shift;
    const size = 2 ** shift;
    for (let a = start - (start % size); a < end; a += size) {
        if (huge_pte_lookup(mm, a, shift) === undefined)
            continue;
        if (cur.record)
            pte_note('unmap huge pte', mm, a);
        if (!lone_point())
            yield;
        pte_op(mm, a);
        const leaf = huge_pte_lookup(mm, a, shift);
        if (leaf === undefined)
            continue;
        if (leaf.kind !== 4 /* PteKind.Migration */)
            assert_invalidating(mm, a, a + size, 'unmap_hugepage_range');
        if (leaf.kind === 1 /* PteKind.Present */) {
            const page = pfn_to_page(leaf.pfn);
            if (page !== null) {
                rmap_remove(page);
                tlb.pages.push(page);
            }
        }
        clear_huge_leaf(mm, a, shift);
    }
}
/** Write-protect the huge leaves of [start, end) (mprotect), one step each. */
export function* hugetlb_change_protection(vma, start, end, clearWrite) {
    const mm = vma.vm_mm;
    const size = huge_page_size(vma);
    for (let a = start - (start % size); a < end; a += size) {
        const l0 = huge_pte_lookup(mm, a, vma.hpage_shift);
        if (l0 === undefined || !clearWrite || (l0.flags & PTE_WRITE) === 0)
            continue;
        if (cur.record)
            pte_note('hugetlb_change_protection', mm, a);
        if (!lone_point())
            yield;
        pte_op(mm, a);
        const leaf = huge_pte_lookup(mm, a, vma.hpage_shift);
        if (leaf === undefined || (leaf.flags & PTE_WRITE) === 0)
            continue;
        assert_invalidating(mm, a, a + size, 'hugetlb_change_protection');
        leaf.flags &= ~PTE_WRITE;
    }
}
/** copy_hugetlb_page_range() for fork: share, write-protecting private (COW) pages; one step per entry. */
export function* copy_hugetlb_page_range(dst, src, cow) {
    const size = huge_page_size(src);
    for (let a = src.vm_start; a < src.vm_end; a += size) {
        const l0 = huge_pte_lookup(src.vm_mm, a, src.hpage_shift);
        if (l0 === undefined || l0.kind !== 1 /* PteKind.Present */)
            continue;
        if (cur.record)
            pte_note('copy huge pte', src.vm_mm, a);
        if (!lone_point())
            yield;
        pte_op(src.vm_mm, a);
        const leaf = huge_pte_lookup(src.vm_mm, a, src.hpage_shift);
        if (leaf === undefined || leaf.kind !== 1 /* PteKind.Present */)
            continue;
        const page = pfn_to_page(leaf.pfn);
        __get_page(page);
        rmap_add(page);
        if (cow && leaf.flags & PTE_WRITE) {
            assert_invalidating(src.vm_mm, a, a + size, 'copy_hugetlb_page_range');
            leaf.flags &= ~PTE_WRITE;
        }
        set_huge_leaf(dst.vm_mm, a, src.hpage_shift, 1 /* PteKind.Present */, leaf.flags, leaf.pfn);
    }
}
