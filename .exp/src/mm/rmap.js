/*
 * Reverse mapping (mm/rmap.c): from a folio to the page-table entries that map it, in every
 * address space. The kernel walks the folio's anon_vma (or address_space) interval tree; the
 * model has no reverse-map structure and scans the page tables of every live mm instead, which
 * finds exactly the same entries (and costs time only where a folio is mapped more than once or
 * where a driver migrates device memory it knows only by pfn).
 *
 * Built on it here: try_to_migrate() (replace every mapping with a migration entry, as page and
 * device migration do before copying) and remove_migration_ptes() (replace those migration
 * entries with mappings of the new folio, or of the old one when migration failed).
 *
 * Locking: the kernel holds the anon_vma lock (read) across a walk; every entry changed is a
 * step of its own (pgtable.ts) inside an MMU_NOTIFY_CLEAR bracket of the mm it belongs to, and
 * the entry is re-read after its point. The folio is locked by the caller.
 */
import { cur, footprint, kasan_is_freed, lone_point, observing, wake_up_all_now } from '../kernel/index.js';
import { PAGE_SIZE, PMD_SIZE, PUD_SIZE } from './constants.js';
import { live_mms, mmdrop } from './mm_struct.js';
import { MMU_NOTIFY_CLEAR, mmu_notifier_invalidate_range_end, mmu_notifier_invalidate_range_start, mmu_notifier_range_init } from './mmu_notifier.js';
import { __get_page, __put_page } from './page.js';
import { per_execution } from './exec_state.js';
import { assert_invalidating, kind_counted, PmdLeaf, pte_note, pte_op, pte_op_fine, PteTable, PTE_DIRTY, PTE_WRITE, pmd_index, pte_index, rmap_add, rmap_remove } from './pgtable.js';
import { find_vma } from './vma.js';
/**
 * Every entry of a live mm that maps a sub-page of `page` (present, device-private or
 * device-exclusive entries; with `migration`, migration entries for it instead), in mm then
 * address order.
 */
export function folio_mappings(page, migration = false) {
    const lo = page.pfn;
    const hi = page.pfn + (1 << page.order);
    const wanted = (k) => (migration ? k === 4 /* PteKind.Migration */ : kind_counted(k));
    const out = [];
    for (const mm of live_mms()) {
        if (kasan_is_freed(mm))
            continue;
        for (const [k, u] of mm.pud) {
            if (wanted(u.kind) && u.pfn >= lo && u.pfn < hi)
                push(out, mm, k * PUD_SIZE, 'pud');
        }
        for (const [k, e] of mm.pmd) {
            if (e instanceof PmdLeaf) {
                if (wanted(e.kind) && e.pfn >= lo && e.pfn < hi)
                    push(out, mm, k * PMD_SIZE, 'pmd');
                continue;
            }
            if (e.nr === 0)
                continue;
            const kind = e.kind;
            const val = e.val;
            for (let i = 0; i < 512; i++) {
                const v = val[i];
                if (v >= lo && v < hi && wanted(kind[i]))
                    push(out, mm, k * PMD_SIZE + i * PAGE_SIZE, 'pte');
            }
        }
    }
    return out;
}
function push(out, mm, addr, level) {
    const vma = find_vma(mm, addr);
    if (vma !== null && vma.vm_start <= addr)
        out.push({ mm, vma, addr, level });
}
/** Migration entries installed per folio, until remove_migration_ptes() runs for it. */
const siteMap = per_execution('mm.rmap.sites', () => new Map());
/** Who wants to know when a migration entry became a mapping again (device checkers). */
const resolvedObservers = per_execution('mm.rmap.resolved', () => []);
/** fn(mm, addr, size) runs when the migration entry mapping [addr, addr + size) is replaced. */
export function register_migration_resolved_observer(fn) {
    resolvedObservers().push(fn);
}
/** Remember a migration entry installed for `page` (migrate_vma_collect does this itself). */
export function note_migration_site(page, site) {
    const sites = siteMap();
    let l = sites.get(page);
    if (l === undefined)
        sites.set(page, (l = []));
    l.push(site);
}
/**
 * try_to_migrate(): replace every remaining mapping of the locked folio with a migration entry
 * (writable if the mapping was). Each mm's entries are changed inside an MMU_NOTIFY_CLEAR
 * invalidation of the entry, one step per entry; the mapping's reference becomes the caller's.
 * PMD mappings of a THP are migrated as a PMD migration entry.
 */
export function* try_to_migrate(page) {
    const maps = folio_mappings(page);
    // The kernel walks under the anon_vma lock, which keeps an exiting mm from tearing down its
    // page tables (and so from being freed) under the walk: the model pins each mm it will visit
    // for the walk's duration.
    const pinned = [...new Set(maps.map((m) => m.mm))];
    for (const mm of pinned)
        mm.mm_count.v++;
    for (const m of maps) {
        const size = m.level === 'pte' ? PAGE_SIZE : m.level === 'pmd' ? PMD_SIZE : PUD_SIZE;
        const range = mmu_notifier_range_init(MMU_NOTIFY_CLEAR, 0, m.vma, m.mm, m.addr, m.addr + size);
        yield* mmu_notifier_invalidate_range_start(range);
        if (cur.record)
            pte_note('try_to_migrate_one', m.mm, m.addr);
        if (!lone_point())
            yield;
        // One entry (or PMD leaf) and the folio: dirty bit, rmap, the mapping's reference.
        if (m.level === 'pud')
            pte_op(m.mm, m.addr);
        else
            pte_op_fine(m.mm, m.addr);
        if (m.level === 'pte') {
            const t = m.mm.pmd.lookup(pmd_index(m.addr));
            const i = pte_index(m.addr);
            if (t instanceof PteTable && kind_counted(t.kind[i]) && t.val[i] >= page.pfn && t.val[i] < page.pfn + (1 << page.order)) {
                assert_invalidating(m.mm, m.addr, m.addr + PAGE_SIZE, 'try_to_migrate_one');
                const was = t.kind[i];
                if (was === 6 /* PteKind.DeviceExclusive */)
                    t.kind[i] = 1 /* PteKind.Present */; // restored, then migrated
                if (t.flags[i] & PTE_DIRTY)
                    page.dirty = true;
                note_migration_site(page, { mm: m.mm, vma: m.vma, addr: m.addr, table: t, pfn: t.val[i], was: was === 6 /* PteKind.DeviceExclusive */ ? 1 /* PteKind.Present */ : was });
                t.kind[i] = 4 /* PteKind.Migration */;
                rmap_remove(page);
                // The mapping's reference: dropped, the caller holds its own.
                __put_page(page);
            }
        }
        else if (m.level === 'pmd') {
            const e = m.mm.pmd.lookup(pmd_index(m.addr));
            if (e instanceof PmdLeaf && kind_counted(e.kind) && e.pfn === page.pfn) {
                assert_invalidating(m.mm, m.addr, m.addr + PMD_SIZE, 'set_pmd_migration_entry');
                if (e.flags & PTE_DIRTY)
                    page.dirty = true;
                note_migration_site(page, { mm: m.mm, vma: m.vma, addr: m.addr, table: e, pfn: e.pfn, was: e.kind });
                e.kind = 4 /* PteKind.Migration */;
                rmap_remove(page);
                __put_page(page);
            }
        }
        yield* mmu_notifier_invalidate_range_end(range);
    }
    for (const mm of pinned)
        yield* mmdrop(mm);
}
/**
 * remove_migration_ptes(src, dst): every migration entry installed for `src` becomes a mapping
 * of the same sub-page of `dst` (of `src` itself when migration failed): a device-private
 * entry for device-private memory, a present one otherwise, writable if the migration entry
 * was. Adding a mapping needs no invalidation. An entry zapped meanwhile (munmap, exit) is
 * skipped. Waiters on the mm's migration entries are woken.
 */
export function* remove_migration_ptes(src, dst) {
    const sites = siteMap();
    const list = sites.get(src);
    if (list === undefined)
        return;
    // The list is walked live: a fork that copies one of these entries meanwhile appends the
    // child's site, which the walk then reaches (the kernel's rmap walk visits a child's VMA
    // after its parent's, anon_vma_fork links it so).
    for (let k = 0; k < list.length; k++) {
        const s = list[k];
        if (kasan_is_freed(s.mm))
            continue;
        if (cur.record)
            pte_note('remove_migration_pte', s.mm, s.addr);
        if (!lone_point())
            yield;
        if (observing())
            footprint('kasan read', s.mm);
        if (kasan_is_freed(s.mm))
            continue; // exited meanwhile: its entries went with it
        // One entry (or PMD leaf), the folio it names (src) and dst's reference and rmap; waiters
        // on migration entries (conditions that read everything) and the device checks (which
        // record what they read) are woken and told in this step.
        pte_op_fine(s.mm, s.addr);
        const kind = dst.kind === 3 /* PageKind.DevicePrivate */ ? 5 /* PteKind.DevicePrivate */ : 1 /* PteKind.Present */;
        const sub = s.pfn - src.pfn;
        if (s.table instanceof PteTable) {
            const t = s.table;
            const i = pte_index(s.addr);
            if (s.mm.pmd.lookup(pmd_index(s.addr)) !== t || t.kind[i] !== 4 /* PteKind.Migration */ || t.val[i] !== s.pfn)
                continue;
            t.kind[i] = kind;
            t.val[i] = dst.pfn + sub;
            // A migration entry keeps the write bit; the new present entry is dirty only if the folio
            // is (the dirty bit went to the folio when the entry was made).
            t.flags[i] = (t.flags[i] & PTE_WRITE) | (kind === 1 /* PteKind.Present */ && t.flags[i] & PTE_WRITE && dst.dirty ? PTE_DIRTY : 0);
        }
        else {
            const e = s.table;
            if (s.mm.pmd.lookup(pmd_index(s.addr)) !== e || e.kind !== 4 /* PteKind.Migration */)
                continue;
            e.kind = kind;
            e.pfn = dst.pfn;
        }
        __get_page(dst);
        rmap_add(dst);
        wake_up_all_now(s.mm.migration_wq);
        const size = s.table instanceof PteTable ? PAGE_SIZE : PMD_SIZE;
        for (const fn of resolvedObservers())
            fn(s.mm, s.addr, size);
    }
    if (sites.get(src) === list)
        sites.delete(src);
}
/**
 * fork copied the migration entry of `page` at `addr` of `from` into `to` (same address, in
 * `table` of the child): the child's entry is found by the reverse map too, so it is restored
 * with the parent's when the migration ends.
 */
export function fork_migration_site(page, from, addr, to, vma, table) {
    const l = siteMap().get(page);
    const s = l?.find((x) => x.mm === from && x.addr === addr);
    if (l === undefined || s === undefined)
        return;
    l.push({ mm: to, vma, addr, table, pfn: s.pfn, was: s.was });
}
/** Forget the recorded sites of `page` (its migration was abandoned before any entry). */
export function drop_migration_sites(page) {
    siteMap().delete(page);
}
/** The sites recorded for `page` (tests). */
export function migration_sites(page) {
    return siteMap().get(page) ?? [];
}
/** A split folio's recorded sites follow the sub-pages they map. */
export function split_migration_sites(head, pages) {
    const sites = siteMap();
    const list = sites.get(head);
    if (list === undefined)
        return;
    sites.delete(head);
    for (const s of list) {
        const p = pages[s.pfn - head.pfn];
        let l = sites.get(p);
        if (l === undefined)
            sites.set(p, (l = []));
        l.push(s);
    }
}
/** A PMD migration entry was split into 512 PTE migration entries of table `t`. */
export function split_pmd_migration_sites(leaf, t, haddr) {
    for (const list of siteMap().values()) {
        for (let j = 0; j < list.length; j++) {
            const s = list[j];
            if (s.table !== leaf)
                continue;
            const subs = [];
            for (let i = 0; i < 512; i++)
                subs.push({ mm: s.mm, vma: s.vma, addr: haddr + i * PAGE_SIZE, table: t, pfn: s.pfn + i, was: s.was });
            list.splice(j, 1, ...subs);
            j += 511;
        }
    }
}
