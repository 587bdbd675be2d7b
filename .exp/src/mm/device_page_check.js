/*
 * The state of ZONE_DEVICE pages, checked when an execution ends: every device folio still in
 * use has as many mappings as CPU page-table entries name it (present, device-private or
 * device-exclusive entries of live address spaces, a PMD or PUD entry counting once), and at least as
 * many references as mappings. A migration or fault path that leaves an entry behind, or drops
 * one without its rmap, is reported as the kernel's bad-page-state check would report it when
 * the page is freed (which in a finished execution may never happen).
 *
 * Freed device pages still named by a CPU or device entry are reported elsewhere (page.ts when a
 * mapped page is freed, the device checker for device entries).
 */
import { cur, kasan_is_freed } from '../kernel/index.js';
import { per_execution } from './exec_state.js';
import { live_mms } from './mm_struct.js';
import { pfn_to_page, physmem, register_device_page_hook } from './page.js';
import { kind_counted, PmdLeaf } from './pgtable.js';
const armed = per_execution('mm.device_page_check', () => ({ on: false }));
/** Called when a device page is made: check this execution's device pages at its end. */
export function arm_device_page_check() {
    const a = armed();
    if (a.on)
        return;
    a.on = true;
    cur.onExit(device_page_check);
}
function device_page_check() {
    const m = physmem();
    const live = new Map();
    for (const [pfn, p] of m.devpages)
        if (p.pfn === pfn && !p.freed)
            live.set(p, 0);
    for (const p of m.devHuge.values())
        if (!p.freed)
            live.set(p, 0);
    if (live.size === 0)
        return;
    const count = (pfn) => {
        const p = pfn_to_page(pfn);
        if (p !== null && live.has(p))
            live.set(p, live.get(p) + 1);
    };
    for (const mm of live_mms()) {
        if (kasan_is_freed(mm))
            continue;
        for (const u of mm.pud.values())
            if (kind_counted(u.kind))
                count(u.pfn);
        for (const e of mm.pmd.values()) {
            if (e instanceof PmdLeaf) {
                if (kind_counted(e.kind))
                    count(e.pfn);
                continue;
            }
            if (e.nr === 0)
                continue;
            for (let i = 0; i < 512; i++)
                if (kind_counted(e.kind[i]))
                    count(e.val[i]);
        }
    }
    for (const [p, entries] of live) {
        if (p.mapcount !== entries) {
            cur.report('bug', 'BUG: Bad page state: device page mapcount does not match its mappings', `${p.label} has mapcount ${p.mapcount} but ${entries} CPU page-table entr${entries === 1 ? 'y maps' : 'ies map'} it`, [`page: refcount:${p.refcount} mapcount:${p.mapcount}`, 'checked when the execution ended'], false);
        }
        else if (p.refcount < p.mapcount) {
            cur.report('bug', 'BUG: Bad page state: device page has fewer references than mappings', `${p.label} has refcount ${p.refcount} and mapcount ${p.mapcount}`, [`page: refcount:${p.refcount} mapcount:${p.mapcount}`, 'checked when the execution ended'], false);
        }
    }
}
register_device_page_hook(arm_device_page_check);
