/*
 * CONFIG_DEBUG_VM for the model: recompute, from every live mm's page tables, how many
 * entries map each folio and compare with its mapcount; check that refcount covers mappings
 * plus the page cache's reference, and that no entry maps a freed page. A broken invariant is
 * a `bug` report. Runs on demand (tests, scenarios' final checks); O(mapped memory).
 *
 * Locking: reads every table without locks; call it from a thread when no mm operation is in
 * progress (between two steps every entry update is complete anyway).
 */
import { cur } from '../kernel/index.js';
import { kasan_is_freed } from '../kernel/index.js';
import { live_mms } from './mm_struct.js';
import { physmem, pfn_to_page } from './page.js';
import { kind_counted, PmdLeaf, PteTable } from './pgtable.js';
/** Check every invariant; reports (fatal `bug`) the first violation, else returns counts. */
export function mm_check_invariants() {
    const maps = new Map();
    let entries = 0;
    const see = (kind, pfn, where) => {
        if (kind === 0 /* PteKind.None */ || kind === 3 /* PteKind.Swap */)
            return;
        entries++;
        const page = pfn_to_page(pfn);
        if (kind === 7 /* PteKind.Special */ && page === null)
            return;
        if (page === null || page.freed) {
            if (kind === 4 /* PteKind.Migration */)
                return;
            cur.report('bug', 'BUG: Bad page map: entry maps a freed page', `${where} maps pfn ${pfn} which is free`, []);
            return;
        }
        if (kind_counted(kind) && page.kind !== 2 /* PageKind.Zero */)
            maps.set(page, (maps.get(page) ?? 0) + 1);
    };
    for (const mm of live_mms()) {
        if (kasan_is_freed(mm))
            continue;
        for (const [k, e] of mm.pmd) {
            if (e instanceof PteTable) {
                let nr = 0;
                for (let i = 0; i < 512; i++) {
                    const kd = e.kind[i];
                    if (kd === 0 /* PteKind.None */)
                        continue;
                    nr++;
                    see(kd, e.val[i], `${mm.__label} pte 0x${((k * 512 + i) * 4096).toString(16)}`);
                }
                if (nr !== e.nr)
                    cur.report('bug', 'BUG: page table entry count mismatch', `${mm.__label} pmd ${k}: nr ${e.nr} but ${nr} entries`, []);
            }
            else if (e instanceof PmdLeaf)
                see(e.kind, e.pfn, `${mm.__label} pmd 0x${(k * 2 ** 21).toString(16)}`);
        }
        for (const [k, u] of mm.pud)
            see(u.kind, u.pfn, `${mm.__label} pud 0x${(k * 2 ** 30).toString(16)}`);
    }
    const m = physmem();
    const folios = new Set();
    for (const p of m.pages)
        if (p !== undefined && p.kind !== 2 /* PageKind.Zero */)
            folios.add(p);
    for (const p of m.devpages.values())
        folios.add(p);
    for (const p of m.devHuge.values())
        folios.add(p);
    for (const p of folios) {
        const n = maps.get(p) ?? 0;
        if (p.mapcount !== n) {
            cur.report('bug', 'BUG: Bad page state: mapcount does not match the page tables', `${p.label}: mapcount ${p.mapcount} but ${n} entries map it`, [`refcount ${p.refcount}`]);
        }
        const need = n + (p.mapping !== null ? 1 : 0);
        if (p.refcount < need) {
            cur.report('bug', 'BUG: Bad page state: refcount lower than its mappings', `${p.label}: refcount ${p.refcount} < ${n} mappings${p.mapping ? ' + page cache' : ''}`, []);
        }
    }
    for (const p of maps.keys()) {
        if (!folios.has(p))
            cur.report('bug', 'BUG: Bad page map: entry maps a page that is not allocated', `${p.label} is mapped but not in the pfn map`, []);
    }
    return { folios: folios.size, entries };
}
