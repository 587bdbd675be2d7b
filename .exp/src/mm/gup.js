/*
 * get_user_pages and pin_user_pages (mm/gup.c): a driver or the kernel takes references (FOLL_GET)
 * or pins (FOLL_PIN) on the pages backing a range of a process, faulting them in as needed.
 *
 * The slow path (get_user_pages_remote, pin_user_pages, get_user_page_vma_remote) holds the
 * mmap_lock for read (the caller takes it) and per page: reads the entry and, if it grants the
 * access, takes the reference in the same step (try_grab_folio under the page-table lock);
 * otherwise it faults the page in with handle_mm_fault (FAULT_FLAG_REMOTE, and WRITE for
 * FOLL_WRITE, which breaks copy-on-write) and looks again. A device-private entry is never
 * handed out: the fault migrates it back to system memory first; a device-exclusive entry is
 * restored by the fault. The fast path (get_user_pages_fast, pin_user_pages_fast) walks without
 * the mmap_lock and takes only entries that already grant the access, and hands the rest to the
 * slow path.
 *
 * FOLL_LONGTERM: memory that must not stay pinned for long (device-coherent pages) is migrated
 * to system memory first: the pins are dropped, the pages migrated
 * (migrate_device_coherent_folio), and the whole call retried, as __gup_longterm_locked does.
 *
 * A pin is counted as one reference and one pincount (the kernel uses a bias or the folio's pin
 * counter); unpin_user_page drops both. Results are pfns (the 4 KiB pages), one reference or
 * pin per pfn on its folio. Errors are the kernel's: -EFAULT for no VMA or a VMA that forbids
 * the access or has no struct pages (VM_IO, VM_PFNMAP), -ENOMEM when a fault fails for memory.
 */
import { cur, lone_point, note, visible } from '../kernel/index.js';
import { FAULT_FLAG_REMOTE, FAULT_FLAG_WRITE, PAGE_SIZE, PMD_SIZE, PUD_SIZE, VM_FAULT_ERROR, VM_FAULT_OOM, VM_IO, VM_PFNMAP, VM_READ, VM_WRITE } from './constants.js';
import { EFAULT, ENOMEM } from './errno.js';
import { split_huge_pmd } from './huge_memory.js';
import { handle_mm_fault } from './memory.js';
import { mmap_assert_locked, mmap_read_lock, mmap_read_unlock } from './mm_struct.js';
import { migrate_device_coherent_folio } from './migrate_device.js';
import { __get_page, __put_page, pfn_to_page } from './page.js';
import { PmdLeaf, pte_note, pte_op, PteTable, PTE_NOACCESS, PTE_WRITE, pmd_index, pte_index, pud_index } from './pgtable.js';
import { find_vma } from './vma.js';
export const FOLL_WRITE = 0x01;
export const FOLL_TOUCH = 0x02;
export const FOLL_GET = 0x04;
export const FOLL_FORCE = 0x10;
export const FOLL_NOWAIT = 0x20;
export const FOLL_LONGTERM = 0x100;
export const FOLL_SPLIT_PMD = 0x200;
export const FOLL_PIN = 0x1000;
/** The pfn an entry maps at `addr` if it grants the access, else -1 (a fault is needed). */
function follow_entry(mm, addr, write) {
    const u = mm.pud.size > 0 ? mm.pud.get(pud_index(addr)) : undefined;
    if (u !== undefined) {
        if (u.kind !== 1 /* PteKind.Present */ || (write && (u.flags & PTE_WRITE) === 0))
            return -1;
        return u.pfn + Math.floor((addr % PUD_SIZE) / PAGE_SIZE);
    }
    const e = mm.pmd.get(pmd_index(addr));
    if (e === undefined)
        return -1;
    if (e instanceof PmdLeaf) {
        if ((e.kind !== 1 /* PteKind.Present */ && e.kind !== 2 /* PteKind.Zero */) || e.flags & PTE_NOACCESS)
            return -1;
        if (write && (e.flags & PTE_WRITE) === 0)
            return -1;
        return e.pfn + ((addr % PMD_SIZE) >>> 12);
    }
    const t = e;
    const i = pte_index(addr);
    const k = t.kind[i];
    if ((k !== 1 /* PteKind.Present */ && k !== 2 /* PteKind.Zero */) || t.flags[i] & PTE_NOACCESS)
        return -1;
    if (write && (t.flags[i] & PTE_WRITE) === 0)
        return -1;
    return t.val[i];
}
/** Take the reference (or pin) of `pfn`'s folio, inside the walk's step. */
function grab(page, pin) {
    if (page.kind === 2 /* PageKind.Zero */)
        return;
    __get_page(page);
    if (pin)
        page.pincount++;
}
/** check_vma_flags(): can `vma` be used for this access? */
function vma_ok(vma, addr, write) {
    if (vma === null || addr < vma.vm_start)
        return false;
    if (vma.vm_flags & (VM_IO | VM_PFNMAP))
        return false;
    return write ? (vma.vm_flags & VM_WRITE) !== 0 : (vma.vm_flags & VM_READ) !== 0;
}
/**
 * __get_user_pages(): the slow walk over [start, start + nr pages). Returns the pfns taken, or a
 * negative errno if not even the first page could be.
 */
function* get_user_pages_locked(mm, start, nr, flags, pin) {
    mmap_assert_locked(mm, pin ? 'pin_user_pages' : 'get_user_pages');
    const write = (flags & FOLL_WRITE) !== 0;
    const out = [];
    for (let n = 0; n < nr; n++) {
        const addr = start + n * PAGE_SIZE;
        const vma = find_vma(mm, addr);
        if (!vma_ok(vma, addr, write))
            return out.length > 0 ? out : -EFAULT;
        for (let tries = 0;; tries++) {
            // follow_page_mask(): the entry and the reference in one step (under the ptl).
            if (cur.record)
                pte_note('follow_page', mm, addr);
            if (!lone_point())
                yield;
            pte_op(mm, addr);
            const pfn = flags & FOLL_SPLIT_PMD && mm.pmd.get(pmd_index(addr)) instanceof PmdLeaf ? -1 : follow_entry(mm, addr, write);
            const page = pfn >= 0 ? pfn_to_page(pfn) : null;
            if (pfn >= 0 && page !== null) {
                grab(page, pin);
                out.push(pfn);
                break;
            }
            if (pfn >= 0)
                return out.length > 0 ? out : -EFAULT; // a pfn without a struct page
            // faultin_page(): fault it in (migrating device memory back, breaking COW) and retry.
            if (flags & FOLL_SPLIT_PMD && mm.pmd.get(pmd_index(addr)) instanceof PmdLeaf) {
                // The caller wants a PTE: split the huge mapping first, then look again.
                yield* split_huge_pmd(vma, addr);
                if (mm.pmd.get(pmd_index(addr)) instanceof PteTable)
                    continue;
            }
            const r = yield* handle_mm_fault(vma, addr, FAULT_FLAG_REMOTE | (write ? FAULT_FLAG_WRITE : 0));
            if (r & VM_FAULT_ERROR)
                return out.length > 0 ? out : r & VM_FAULT_OOM ? -ENOMEM : -EFAULT;
            if (tries > 64)
                return out.length > 0 ? out : -EFAULT;
        }
    }
    return out;
}
/** get_user_pages_remote(): references on nr pages of `mm` (mmap_lock held for read). */
export function* get_user_pages_remote(mm, start, nr, flags) {
    return yield* get_user_pages_locked(mm, start, nr, flags | FOLL_GET, false);
}
/** get_user_pages(): the same on the caller's own mm. */
export const get_user_pages = get_user_pages_remote;
/** get_user_page_vma_remote(): one page and its VMA (make_device_exclusive uses it). */
export function* get_user_page_vma_remote(mm, addr, flags) {
    const r = yield* get_user_pages_remote(mm, addr, 1, flags);
    if (typeof r === 'number')
        return r;
    if (r.length === 0)
        return -EFAULT;
    return { pfn: r[0], vma: find_vma(mm, addr) };
}
/** Is this folio one a long-term pin may not hold (it must be migrated first)? */
function longterm_unpinnable(page) {
    return page.kind === 4 /* PageKind.DeviceCoherent */;
}
/**
 * pin_user_pages(): pins on nr pages (mmap_lock held for read). With FOLL_LONGTERM, pinned
 * device-coherent pages are migrated to system memory and the pins taken again.
 */
export function* pin_user_pages(mm, start, nr, flags) {
    for (;;) {
        const r = yield* get_user_pages_locked(mm, start, nr, flags | FOLL_PIN, true);
        if (typeof r === 'number' || (flags & FOLL_LONGTERM) === 0)
            return r;
        const movable = r.map((pfn) => pfn_to_page(pfn)).filter((p) => longterm_unpinnable(p));
        if (movable.length === 0)
            return r;
        // check_and_migrate_movable_pages(): unpin everything, migrate, retry the whole call.
        for (const p of movable)
            yield* get_page_point(p);
        for (const pfn of r)
            yield* unpin_user_page(pfn);
        for (const p of movable) {
            if ((yield* migrate_device_coherent_folio(p)) !== 0)
                return -ENOMEM;
        }
    }
}
function* get_page_point(page) {
    if (cur.record)
        note('folio_get', page.label);
    if (!lone_point())
        yield;
    visible('get_page', page);
    __get_page(page);
}
/**
 * The fast walk: pages whose entries already grant the access, taken without the mmap_lock
 * (each a step); the first that does not ends it.
 */
function* gup_fast(mm, start, nr, write, pin) {
    const out = [];
    for (let n = 0; n < nr; n++) {
        const addr = start + n * PAGE_SIZE;
        if (cur.record)
            pte_note('gup_fast', mm, addr);
        if (!lone_point())
            yield;
        pte_op(mm, addr);
        const pfn = follow_entry(mm, addr, write);
        const page = pfn >= 0 ? pfn_to_page(pfn) : null;
        // Device memory and pfns without struct pages take the slow path.
        if (page === null || page.kind === 3 /* PageKind.DevicePrivate */ || page.freed)
            break;
        grab(page, pin);
        out.push(pfn);
    }
    return out;
}
function* fast_then_slow(mm, start, nr, flags, pin) {
    const write = (flags & FOLL_WRITE) !== 0;
    // FOLL_LONGTERM has to look at every page anyway: the fast path still takes what it can.
    const got = yield* gup_fast(mm, start, nr, write, pin);
    if (got.length === nr && !(pin && flags & FOLL_LONGTERM && got.some((pfn) => longterm_unpinnable(pfn_to_page(pfn)))))
        return got;
    if (pin && flags & FOLL_LONGTERM) {
        for (const pfn of got)
            yield* unpin_user_page(pfn);
        yield* mmap_read_lock(mm);
        const r = yield* pin_user_pages(mm, start, nr, flags);
        yield* mmap_read_unlock(mm);
        return r;
    }
    yield* mmap_read_lock(mm);
    const rest = yield* get_user_pages_locked(mm, start + got.length * PAGE_SIZE, nr - got.length, flags | (pin ? FOLL_PIN : FOLL_GET), pin);
    yield* mmap_read_unlock(mm);
    if (typeof rest === 'number')
        return got.length > 0 ? got : rest;
    return [...got, ...rest];
}
/** get_user_pages_fast(): references, the lockless walk first (mmap_lock not held). */
export function* get_user_pages_fast(mm, start, nr, flags) {
    return yield* fast_then_slow(mm, start, nr, flags, false);
}
/** pin_user_pages_fast(): pins, the lockless walk first (mmap_lock not held). */
export function* pin_user_pages_fast(mm, start, nr, flags) {
    return yield* fast_then_slow(mm, start, nr, flags, true);
}
/** unpin_user_page(): drop one pin (a reference and the pincount); a step. */
export function* unpin_user_page(pfn) {
    const page = pfn_to_page(pfn);
    if (page === null)
        return;
    if (cur.record)
        note('unpin_user_page', page.label);
    if (!lone_point())
        yield;
    visible('put_page', page);
    if (page.kind === 2 /* PageKind.Zero */)
        return;
    if (page.pincount <= 0) {
        cur.report('refcount-underflow', 'BUG: unpin_user_page of a page that is not pinned', `unpin of ${page.label} with pincount 0`, [`by thread ${cur.current.name} at step ${cur.steps}`]);
        return;
    }
    page.pincount--;
    __put_page(page);
}
/** put_page() of a GUP reference, by pfn; a step. */
export function* gup_put_page(pfn) {
    const page = pfn_to_page(pfn);
    if (page === null)
        return;
    if (cur.record)
        note('put_page', page.label);
    if (!lone_point())
        yield;
    visible('put_page', page);
    __put_page(page);
}
