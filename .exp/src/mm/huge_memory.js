/*
 * Transparent huge pages (mm/huge_memory.c): PMD-size anonymous folios mapped by one PMD leaf
 * (map order 9), the huge zero page on read faults, reuse or fallback on write faults, and
 * splitting a PMD mapping into 512 PTEs (on partial munmap / mprotect / madvise, COW, swap).
 *
 * Policy: THP is used for anonymous private VMAs with VM_HUGEPAGE (madvise mode, the default)
 * or any eligible VMA in "always" mode, when the whole 2 MiB-aligned range lies in the VMA.
 *
 * Locking: as pgtable.ts (a PMD leaf change is one step; a fault's is the fault's step).
 * Splitting a PMD is bracketed by MMU_NOTIFY_CLEAR over its 2 MiB
 * (as __split_huge_pmd does); the folio stays whole and becomes PTE-mapped (mapcount and
 * refcount grow by 511, one per PTE), so its data and pfns are unchanged.
 */
import { cur, lone_point, note, visible } from '../kernel/index.js';
import { FAULT_FLAG_WRITE, HPAGE_PMD_ORDER, PMD_SIZE, VM_HUGEPAGE, VM_HUGETLB, VM_NOHUGEPAGE, VM_SHARED, VM_WRITE } from './constants.js';
import { EAGAIN, EBUSY } from './errno.js';
import { folio_mappings, split_migration_sites, split_pmd_migration_sites } from './rmap.js';
import { do_device_private_fault, FAULT_SPLIT_FALLBACK, migration_entry_wait } from './memory.js';
import { MMU_NOTIFY_CLEAR, mmu_notifier_invalidate_range_end, mmu_notifier_invalidate_range_start, mmu_notifier_range_init } from './mmu_notifier.js';
import { __put_page, __split_folio_pages, alloc_pages, copy_subpage, HUGE_ZERO_PFN, pfn_to_page, ZERO_PFN } from './page.js';
import { assert_invalidating, PmdLeaf, pte_note, pte_op, PteTable, PTE_DIRTY, PTE_WRITE, rmap_add, rmap_remove, pmd_index } from './pgtable.js';
import { anon_vma_prepare, vma_is_anonymous } from './vma.js';
let thpMode = 'madvise';
/** /sys/kernel/mm/transparent_hugepage/enabled (process-wide; tests set it back). */
export function set_transparent_hugepage(mode) {
    thpMode = mode;
}
export function transparent_hugepage() {
    return thpMode;
}
/** Can the 2 MiB range at `haddr` of `vma` be a THP? */
export function thp_vma_suitable(vma, haddr) {
    const f = vma.vm_flags;
    if (thpMode === 'never' || f & VM_NOHUGEPAGE || f & VM_SHARED || !vma_is_anonymous(vma))
        return false;
    if (thpMode === 'madvise' && (f & VM_HUGEPAGE) === 0)
        return false;
    return haddr >= vma.vm_start && haddr + PMD_SIZE <= vma.vm_end;
}
/**
 * The PMD level of a fault, in the fault's step (`e` is the current PMD slot: empty or a leaf).
 * Returns vm_fault_t, -1 to fall back to the PTE level in the same step (not eligible), or
 * FAULT_SPLIT_FALLBACK when the PMD was just split (the PTE-level fault takes a new point).
 */
export function* huge_pmd_fault(vma, address, flags, e) {
    const mm = vma.vm_mm;
    const k = pmd_index(address);
    const haddr = k * PMD_SIZE;
    const write = (flags & FAULT_FLAG_WRITE) !== 0;
    if (e === undefined) {
        if (!thp_vma_suitable(vma, haddr))
            return -1;
        anon_vma_prepare(vma);
        if (!write) {
            mm.pmd.set(k, new PmdLeaf(2 /* PteKind.Zero */, 0, HUGE_ZERO_PFN, false));
            return 0;
        }
        const page = alloc_pages(HPAGE_PMD_ORDER, 0 /* PageKind.Anon */);
        rmap_add(page);
        mm.pmd.set(k, new PmdLeaf(1 /* PteKind.Present */, vma.vm_flags & VM_WRITE ? PTE_WRITE | PTE_DIRTY : 0, page.pfn, false));
        return 0;
    }
    switch (e.kind) {
        case 4 /* PteKind.Migration */:
            yield* migration_entry_wait(mm, address);
            return 0;
        case 5 /* PteKind.DevicePrivate */:
            // do_huge_pmd_device_private(): the same as for a PTE, on the whole folio.
            return yield* do_device_private_fault(vma, e.pfn + ((address % PMD_SIZE) >>> 12), address, flags, false);
        case 1 /* PteKind.Present */:
        case 2 /* PteKind.Zero */:
            if (!write)
                return 0;
            if (e.flags & PTE_WRITE) {
                e.flags |= PTE_DIRTY;
                return 0;
            }
            if (e.kind === 1 /* PteKind.Present */) {
                const page = pfn_to_page(e.pfn);
                if (page !== null && page.kind === 0 /* PageKind.Anon */ && page.mapcount === 1 && page.refcount === 1 && page.pincount === 0) {
                    // Reuse: an upgrade, no invalidation; writable only if the VMA grants it.
                    e.flags |= vma.vm_flags & VM_WRITE ? PTE_WRITE | PTE_DIRTY : PTE_DIRTY;
                    return 0;
                }
            }
            // Shared THP or huge zero page: split and COW the one 4 KiB page (do_huge_pmd_wp_page fallback).
            yield* split_huge_pmd(vma, haddr);
            return FAULT_SPLIT_FALLBACK;
    }
    return -1;
}
/** Replace the leaf at PMD index `k` by a PTE table mapping the same folio (ptl held). */
export function __split_huge_pmd_locked(mm, k, e) {
    const haddr = k * PMD_SIZE;
    if (e.kind !== 4 /* PteKind.Migration */)
        assert_invalidating(mm, haddr, haddr + PMD_SIZE, '__split_huge_pmd');
    const t = new PteTable();
    const kind = e.kind;
    if (kind === 2 /* PteKind.Zero */) {
        t.kind.fill(2 /* PteKind.Zero */);
        t.val.fill(ZERO_PFN);
    }
    else {
        t.kind.fill(kind);
        t.flags.fill(e.flags);
        for (let i = 0; i < 512; i++)
            t.val[i] = e.pfn + i;
        if (kind === 1 /* PteKind.Present */ || kind === 5 /* PteKind.DevicePrivate */) {
            const page = pfn_to_page(e.pfn);
            if (page !== null) {
                page.mapcount += 511;
                page.refcount += 511;
            }
        }
    }
    t.nr = 512;
    mm.pmd.set(k, t);
    if (kind === 4 /* PteKind.Migration */)
        split_pmd_migration_sites(e, t, haddr);
}
/**
 * split_huge_pmd(): split the THP mapping covering `address`, if any (MMU_NOTIFY_CLEAR). With
 * `migration`, a PMD migration entry is split too (into 512 PTE migration entries, as
 * split_huge_pmd_address(freeze) does for a folio being migrated).
 */
export function* split_huge_pmd(vma, address, migration = false) {
    const mm = vma.vm_mm;
    const k = pmd_index(address);
    const haddr = k * PMD_SIZE;
    const e0 = mm.pmd.get(k);
    if (!(e0 instanceof PmdLeaf) || e0.hugetlb)
        return;
    if (e0.kind === 4 /* PteKind.Migration */ && !migration)
        return;
    const range = mmu_notifier_range_init(MMU_NOTIFY_CLEAR, 0, vma, mm, haddr, haddr + PMD_SIZE);
    yield* mmu_notifier_invalidate_range_start(range);
    if (cur.record)
        pte_note('__split_huge_pmd', mm, haddr);
    if (!lone_point())
        yield;
    pte_op(mm, haddr);
    const e = mm.pmd.get(k);
    if (e instanceof PmdLeaf && !e.hugetlb)
        __split_huge_pmd_locked(mm, k, e);
    yield* mmu_notifier_invalidate_range_end(range);
}
/** zap_huge_pmd(): remove a whole PMD leaf into the gather (inside the caller's bracket). */
export function zap_huge_pmd(tlb, vma, k, e) {
    const mm = tlb.mm;
    const haddr = k * PMD_SIZE;
    if (e.kind !== 4 /* PteKind.Migration */ && e.kind !== 3 /* PteKind.Swap */)
        assert_invalidating(mm, haddr, haddr + PMD_SIZE, 'zap_huge_pmd');
    if (e.kind === 1 /* PteKind.Present */ || e.kind === 5 /* PteKind.DevicePrivate */) {
        const page = pfn_to_page(e.pfn);
        if (page !== null) {
            rmap_remove(page);
            if (e.flags & PTE_DIRTY)
                page.dirty = true;
            tlb.pages.push(page);
        }
    }
    mm.pmd.delete(k);
    void vma;
}
/**
 * split_folio(): split a large anonymous or device folio into order-0 folios. The caller holds
 * the folio's lock and one reference; any other reference that is not a mapping (a pin, a
 * GUP, a driver's get) makes it fail with -EAGAIN, as can_split_folio() does. PMD mappings are
 * first split into PTEs (split_huge_pmd, each in its own MMU_NOTIFY_CLEAR bracket), and a PMD
 * migration entry into 512 PTE migration entries; then the folio itself is split in one step
 * (under the refcount freeze of the kernel, nobody can take or drop a reference meanwhile).
 * Hugetlb and page-cache folios are not split here (-EBUSY). With `migrating` (a folio that
 * migration holds locked and unmapped), every new folio comes out locked and with the
 * migration's reference, as the head had them.
 */
export function* split_folio(page, migrating = false) {
    if (page.order === 0)
        return 0;
    if (page.kind !== 0 /* PageKind.Anon */ && page.kind !== 3 /* PageKind.DevicePrivate */ && page.kind !== 4 /* PageKind.DeviceCoherent */)
        return -EBUSY;
    if (page.mapping !== null)
        return -EBUSY;
    // Unmap: PMD-level mappings (present, device-private, migration) become PTEs.
    for (const m of [...folio_mappings(page), ...folio_mappings(page, true)]) {
        if (m.level !== 'pmd')
            continue;
        if (m.vma.vm_flags & VM_HUGETLB)
            return -EBUSY;
        yield* split_huge_pmd(m.vma, m.addr, true);
    }
    if (cur.record)
        note('split_folio', page.label);
    if (!lone_point())
        yield;
    visible('split_folio', page);
    if (page.freed || page.order === 0)
        return page.freed ? -EAGAIN : 0;
    if (page.pincount > 0 || page.refcount - page.mapcount !== 1)
        return -EAGAIN;
    const nr = 1 << page.order;
    const mapcounts = new Array(nr).fill(0);
    let pmdMapped = false;
    for (const m of folio_mappings(page)) {
        if (m.level !== 'pte') {
            pmdMapped = true;
            continue;
        }
        const t = m.mm.pmd.get(pmd_index(m.addr));
        mapcounts[t.val[(m.addr >>> 12) & 511] - page.pfn]++;
    }
    if (pmdMapped)
        return -EAGAIN; // remapped as a PMD meanwhile (a collapse): try again later
    const refcounts = mapcounts.slice();
    refcounts[0]++; // the caller's reference stays with the head
    if (migrating)
        for (let i = 1; i < nr; i++)
            refcounts[i]++;
    const pages = __split_folio_pages(page, mapcounts, refcounts);
    if (migrating)
        for (let i = 1; i < nr; i++)
            pages[i].locked = true;
    split_migration_sites(page, pages);
    return 0;
}
/**
 * collapse_huge_page() for MADV_COLLAPSE: replace the 512 PTEs of the 2 MiB at `haddr` with one
 * THP (copying the pages, zero-filling empty entries) inside an MMU_NOTIFY_CLEAR invalidation.
 * The caller holds the mmap_lock for write (khugepaged drops the read lock and takes it for
 * write for the same reason). Returns 0, or -EAGAIN when an entry cannot be collapsed now (a
 * swap, migration or device entry, a page mapped twice or with extra references).
 */
export function* collapse_huge_page(vma, haddr) {
    const mm = vma.vm_mm;
    const k = pmd_index(haddr);
    const e0 = mm.pmd.get(k);
    if (e0 instanceof PmdLeaf)
        return e0.kind === 1 /* PteKind.Present */ ? 0 : -EAGAIN; // already a THP
    const range = mmu_notifier_range_init(MMU_NOTIFY_CLEAR, 0, vma, mm, haddr, haddr + PMD_SIZE);
    yield* mmu_notifier_invalidate_range_start(range);
    if (cur.record)
        pte_note('collapse_huge_page', mm, haddr);
    if (!lone_point())
        yield;
    pte_op(mm, haddr);
    const t = mm.pmd.get(k);
    let ret = 0;
    if (t instanceof PteTable) {
        for (let i = 0; i < 512 && ret === 0; i++) {
            const kd = t.kind[i];
            if (kd === 0 /* PteKind.None */ || kd === 2 /* PteKind.Zero */)
                continue;
            if (kd !== 1 /* PteKind.Present */)
                ret = -EAGAIN;
            else {
                const p = pfn_to_page(t.val[i]);
                if (p === null || p.kind !== 0 /* PageKind.Anon */ || p.mapcount !== 1 || p.refcount !== (p.order === 0 ? 1 : p.mapcount) || p.pincount > 0)
                    ret = -EAGAIN;
            }
        }
    }
    if (ret === 0) {
        assert_invalidating(mm, haddr, haddr + PMD_SIZE, 'collapse_huge_page');
        const huge = alloc_pages(HPAGE_PMD_ORDER, 0 /* PageKind.Anon */);
        let dirty = false;
        if (t instanceof PteTable) {
            for (let i = 0; i < 512; i++) {
                if (t.kind[i] !== 1 /* PteKind.Present */)
                    continue;
                const p = pfn_to_page(t.val[i]);
                copy_subpage(huge, i, p, t.val[i] - p.pfn);
                if (t.flags[i] & PTE_DIRTY || p.dirty)
                    dirty = true;
                rmap_remove(p);
                __put_page(p);
            }
        }
        huge.dirty = dirty;
        rmap_add(huge);
        mm.pmd.set(k, new PmdLeaf(1 /* PteKind.Present */, vma.vm_flags & VM_WRITE ? PTE_WRITE | PTE_DIRTY : 0, huge.pfn, false));
    }
    yield* mmu_notifier_invalidate_range_end(range);
    return ret;
}
