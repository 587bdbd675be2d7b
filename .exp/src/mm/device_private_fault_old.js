/*
 * The CPU fault on a device-private entry as older releases had it (do_swap_page), put back by
 * a bug switch (bug_switch.ts; catalogue src/scenarios/history/bugs.ts). Today's path is
 * do_device_private_fault in memory.ts: under the page-table lock, trylock the page and take a
 * reference, then migrate_to_ram with the page locked (the migration does not lock it again).
 *
 *   private-fault-no-ref   before 6.1 (hmm-history §14, CVE-2022-3523): the entry was read
 *                          without the page-table lock and nothing was taken on the page before
 *                          page->pgmap->ops->migrate_to_ram; the driver's migration got no fault
 *                          page (struct migrate_vma had none), so it locked and checked the page
 *                          as any other. A driver evicting the page meanwhile can free it, and
 *                          the pgmap with its chunk, before the fault reads them.
 *
 * Locking: as do_device_private_fault (mmap_lock held for read by the caller).
 */
import { cur, kasan_check, lone_point, note, visible, yield_now } from '../kernel/index.js';
import { PAGE_SIZE, VM_FAULT_SIGBUS } from './constants.js';
import { still_device_private } from './memory.js';
import { pfn_to_page } from './page.js';
/** Before 6.1: migrate_to_ram on a page nothing holds, read after an unlocked entry read. */
export function* device_private_fault_unreferenced(vma, pfn, address, flags, pte) {
    // The fault's step read the entry (the unlocked orig_pte read); the page it names is read
    // from here on with nothing held: its struct page and pgmap are read in a step of their own.
    const page = pfn_to_page(pfn);
    if (page === null)
        return VM_FAULT_SIGBUS;
    if (cur.record)
        note('page->pgmap->ops->migrate_to_ram', page.label);
    if (!lone_point())
        yield;
    visible('READ_ONCE', page);
    const pgmap = kasan_check(page.pgmap, 'do_swap_page');
    const fn = pgmap.ops.migrate_to_ram;
    if (!fn)
        return VM_FAULT_SIGBUS;
    const vmf = { vma, address: address - (address % PAGE_SIZE), flags, page, pfn, pte };
    const r = yield* fn.call(pgmap.ops, vmf);
    // The access faults again if the page is still on the device (as today's path, see there).
    if (r === 0 && still_device_private(vma.vm_mm, address, pfn))
        yield* yield_now();
    return r;
}
