/*
 * Swap space: slots holding the contents of swapped-out 4 KiB pages, with a per-slot count of
 * swap entries referring to it (swap_map), and the swap-out API scenarios use to push anonymous
 * pages to swap so that HMM sees swap entries. Swap-in happens in the fault path
 * (do_swap_page in memory.ts).
 *
 * The swap cache, in part: a read swap-in keeps its slot (page.swap_slot, the cache's own
 * reference of the slot); reclaim of such a page writes it back if it is dirty (a dirty PTE
 * makes it so, as try_to_unmap_one moves the bit) and otherwise drops it as up to date, the
 * entry pointing at the slot again. Dropping a clean page whose contents are not its slot's is
 * data loss (kind `data-loss`): the kernel relies on "clean swap-cache page = its slot".
 * Any other swap-out copies the page into a fresh slot; a write swap-in frees the slot
 * (do_swap_page's folio_free_swap on a write fault). Values are preserved exactly.
 *
 * Locking: swap_out takes the mmap_lock for read and brackets every change with an
 * MMU_NOTIFY_CLEAR invalidation (as try_to_unmap_one does); each entry it unmaps is a step of
 * its own; slot state is plain JS.
 */
import { cur, footprint, observing, fs_reclaim_acquire, fs_reclaim_release, GFP_KERNEL, lone_point } from '../kernel/index.js';
import { PAGE_SIZE, PMD_SIZE, VM_HUGETLB, VM_SHARED } from './constants.js';
import { per_execution } from './exec_state.js';
import { split_huge_pmd } from './huge_memory.js';
import { tlb_finish_mmu, tlb_gather_mmu } from './memory.js';
import { mmap_read_lock, mmap_read_unlock } from './mm_struct.js';
import { MMU_NOTIFY_CLEAR, mmu_notifier_invalidate_range_end, mmu_notifier_invalidate_range_start, mmu_notifier_range_init } from './mmu_notifier.js';
import { free_saved, pfn_to_page, save_subpage, set_swapcache_release, subpage_matches_saved, write_subpage_to_saved } from './page.js';
import { assert_invalidating, PmdLeaf, pte_note, pte_op_fine, pte_peek, PteTable, PTE_DIRTY, rmap_remove, pmd_index, pte_index } from './pgtable.js';
import { vma_is_anonymous, vmas_in_range } from './vma.js';
class SwapSpace {
    slots = new Map();
    next = 1;
    free = [];
    swapped = 0;
}
const swapspace_state = per_execution('mm.swap', () => new SwapSpace());
/** The swap space; every use is recorded for the dependency relation (one key, 'swap'). */
function swapspace() {
    if (observing())
        footprint('swap', null);
    return swapspace_state();
}
// A freed swap-cache page gives its slot reference back (the last one frees the slot).
set_swapcache_release((slot) => swap_free(slot));
/** Allocate a slot holding `data` with one reference. */
export function get_swap_slot(data) {
    const s = swapspace();
    const slot = s.free.length > 0 ? s.free.pop() : s.next++;
    s.slots.set(slot, { count: 1, data, read_in: false });
    s.swapped++;
    return slot;
}
function slot_of(slot, where) {
    const e = swapspace().slots.get(slot);
    if (e === undefined) {
        cur.report('bug', `BUG: ${where}: bad swap entry ${slot}`, `${where} on swap slot ${slot} that is not in use`, [`by thread ${cur.current.name} at step ${cur.steps}`]);
    }
    return e;
}
/** swap_duplicate(): another swap entry (fork) refers to the slot. */
export function swap_duplicate(slot) {
    slot_of(slot, 'swap_duplicate').count++;
}
/** swap_free() / free_swap_and_cache(): drop one reference; the last frees the slot. */
export function swap_free(slot) {
    const e = slot_of(slot, 'swap_free');
    if (--e.count === 0) {
        free_saved(e.data);
        const s = swapspace();
        s.slots.delete(slot);
        s.free.push(slot);
    }
}
export function swap_slot_data(slot) {
    return slot_of(slot, 'swap_readpage').data;
}
/** Start reading `slot` in; true if it had not been read before (the caller must wait for it). */
export function swap_readahead(slot) {
    const e = slot_of(slot, 'swap_readahead');
    if (e.read_in)
        return false;
    e.read_in = true;
    return true;
}
export function swap_count(slot) {
    return swapspace().slots.get(slot)?.count ?? 0;
}
export function swap_slots_in_use() {
    return swapspace().slots.size;
}
/** Reclaim dropped a clean page whose data its slot does not hold: that data is gone. */
function report_data_loss(mm, addr, label, slot) {
    cur.report('data-loss', 'BUG: data loss: reclaim dropped a clean swap-cache page its slot does not match', `${label} at 0x${addr.toString(16)} of ${mm.__label} was dropped as clean, but swap slot ${slot} holds other data`, [
        `by thread ${cur.current.name} at step ${cur.steps}`,
        'a clean page must hold what its backing store holds: a dirty bit was lost on the way',
    ]);
}
/**
 * Reclaim the anonymous private pages of [start, end) of `mm`: each present anon PTE becomes a
 * swap entry (a clean MADV_FREE'd page mapped once is discarded instead). PMD THPs in the range
 * are split first. Pages with extra references (pinned, held by a driver) are skipped, as
 * reclaim would fail to free them. Returns the number of 4 KiB pages unmapped.
 */
export function* swap_out(mm, start, end) {
    yield* mmap_read_lock(mm);
    // Reclaim runs in reclaim context: lockdep's fs_reclaim is held across it (taken inside the
    // mmap_lock, which stands for the rmap locks the kernel's reclaim takes instead).
    const reclaiming = fs_reclaim_acquire(GFP_KERNEL);
    let n = 0;
    {
        for (const vma of vmas_in_range(mm, start, end)) {
            if (!vma_is_anonymous(vma) || vma.vm_flags & (VM_SHARED | VM_HUGETLB))
                continue;
            const s = Math.max(start, vma.vm_start);
            const e = Math.min(end, vma.vm_end);
            // Split THPs overlapping the range (reclaim splits a THP before swapping it per page).
            for (let a = pmd_index(s) * PMD_SIZE; a < e; a += PMD_SIZE) {
                if (mm.pmd.lookup(a / PMD_SIZE) instanceof PmdLeaf)
                    yield* split_huge_pmd(vma, a);
            }
            const range = mmu_notifier_range_init(MMU_NOTIFY_CLEAR, 0, vma, mm, s, e);
            const tlb = tlb_gather_mmu(mm);
            yield* mmu_notifier_invalidate_range_start(range);
            for (let a = s; a < e;) {
                const t = mm.pmd.lookup(pmd_index(a));
                const pmdEnd = Math.min(e, (pmd_index(a) + 1) * PMD_SIZE);
                if (!(t instanceof PteTable)) {
                    a = pmdEnd;
                    continue;
                }
                for (; a < pmdEnd; a += PAGE_SIZE) {
                    const i = pte_index(a);
                    // The look-ahead reads the entry in the step before its own (dep_keys.ts).
                    pte_peek(mm, a);
                    if (t.kind[i] !== 1 /* PteKind.Present */)
                        continue;
                    if (cur.record)
                        pte_note('try_to_unmap_one', mm, a);
                    if (!lone_point())
                        yield;
                    // One entry, its folio (counts, flags, contents, rmap), swap slots.
                    pte_op_fine(mm, a);
                    if (t.kind[i] !== 1 /* PteKind.Present */)
                        continue;
                    const page = pfn_to_page(t.val[i]);
                    if (page !== null && observing())
                        footprint('page', page);
                    if (page === null || page.kind !== 0 /* PageKind.Anon */)
                        continue;
                    // Extra references beyond the mappings (and our gather) mean someone holds it.
                    if (page.refcount > page.mapcount || page.pincount > 0)
                        continue;
                    assert_invalidating(mm, a, a + PAGE_SIZE, 'try_to_unmap_one');
                    const dirty = (t.flags[i] & PTE_DIRTY) !== 0;
                    if (page.swap_slot !== 0) {
                        // A swap-cache page: the PTE's dirty bit goes to the folio, then pageout writes a
                        // dirty one back; a clean one is up to date and is dropped as it is.
                        const slot = page.swap_slot;
                        const data = swap_slot_data(slot);
                        if (dirty)
                            page.dirty = true;
                        if (page.dirty) {
                            write_subpage_to_saved(page, 0, data);
                            page.dirty = false;
                        }
                        else if (!subpage_matches_saved(page, 0, data))
                            report_data_loss(mm, a, page.label, slot);
                        swap_duplicate(slot);
                        t.kind[i] = 3 /* PteKind.Swap */;
                        t.flags[i] = 0;
                        t.val[i] = slot;
                    }
                    else if (page.lazyfree && !dirty && !page.dirty && page.mapcount === 1 && page.order === 0) {
                        t.kind[i] = 0 /* PteKind.None */;
                        t.flags[i] = 0;
                        t.val[i] = 0;
                        t.nr--;
                    }
                    else {
                        const slot = get_swap_slot(save_subpage(page, t.val[i] - page.pfn));
                        t.kind[i] = 3 /* PteKind.Swap */;
                        t.flags[i] = 0;
                        t.val[i] = slot;
                        page.lazyfree = false;
                    }
                    rmap_remove(page);
                    tlb.pages.push(page);
                    n++;
                }
            }
            yield* mmu_notifier_invalidate_range_end(range);
            yield* tlb_finish_mmu(tlb);
        }
    }
    fs_reclaim_release(reclaiming);
    yield* mmap_read_unlock(mm);
    return n;
}
