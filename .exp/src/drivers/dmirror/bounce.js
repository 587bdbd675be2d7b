/*
 * lib/test_hmm.c's bounce buffer and the device's copy loops: struct dmirror_bounce (a vmalloc'd
 * kernel buffer the size of the command's range) and dmirror_do_read / dmirror_do_write, which
 * copy between it and the pages the device page table points at. READ, WRITE, MIGRATE_TO_DEV
 * and EXCLUSIVE all end with such a copy.
 *
 * Locking: the caller holds dmirror->mutex around a copy (the device page table cannot change
 * under it). A copy is one step of the model: the device moves the bytes of every page of the
 * range between two scheduling points, checked page by page (device_touch) against freed pages
 * and pages under migration.
 */
import { PAGE_SIZE } from '../../mm/constants.js';
import { ENOENT } from '../../mm/errno.js';
import { cur } from '../../kernel/index.js';
import { per_execution } from '../../mm/exec_state.js';
import { page_copy_in, page_copy_out } from '../../mm/page.js';
import { device_lookup, device_touch } from '../device.js';
/** Largest bounce buffer vmalloc gives the model (beyond it: -ENOMEM). */
const BOUNCE_MAX = 1 << 30;
/*
 * The kernel's bounce buffer is vmalloc'd and not cleared; every byte that leaves it was written
 * by the copy first (a read that misses a page returns -ENOENT and copies nothing out). The model
 * keeps the buffers an execution freed (dmirror_bounce_fini) and hands one out again, so a 256 MiB
 * command does not allocate and fault in 256 MiB of fresh host memory each time; what a reused
 * buffer held before is never observed.
 */
const pool = per_execution('drivers.dmirror.bounce', () => []);
/** dmirror_bounce_init(): null when the buffer cannot be had (-ENOMEM). */
export function dmirror_bounce_init(addr, size) {
    if (size > BOUNCE_MAX)
        return null;
    const free = pool();
    let best = -1;
    for (let i = 0; i < free.length; i++)
        if (free[i].length >= size && (best < 0 || free[i].length < free[best].length))
            best = i;
    const buf = best >= 0 ? free.splice(best, 1)[0] : new Uint8Array(size);
    return { ptr: buf.subarray(0, size), size, addr, cpages: 0 };
}
/** dmirror_bounce_fini(): the buffer goes back (vfree). */
export function dmirror_bounce_fini(bounce) {
    const p = bounce.ptr;
    pool().push(new Uint8Array(p.buffer, 0, p.buffer.byteLength));
}
/**
 * The pretend device copies with the CPU (kmap + memcpy). A device-private page has no CPU
 * mapping (memremap_pages gives MEMORY_DEVICE_PRIVATE struct pages only, no direct map): its
 * data is in the backing page, and touching the page itself is a kernel access to memory that
 * is not there. Reported as the oops it would be; the copy then goes on with zeros.
 */
function cpu_inaccessible(page, what) {
    if (page.kind !== 3 /* PageKind.DevicePrivate */)
        return false;
    cur.report('oops', `BUG: unable to handle page fault: kmap of device-private ${page.label}`, `dmirror ${what} a device-private page through the CPU (its data is in the backing page; the page itself has no CPU mapping)`, [`by thread ${cur.current.name} at step ${cur.steps}`], false);
    return true;
}
/** The device reads one 4 KiB page of `page` (sub-page at `pfn`) into `dst` at `off`. */
function memcpy_from_page(dst, off, page, pfn) {
    if (cpu_inaccessible(page, 'reads')) {
        dst.fill(0, off, off + PAGE_SIZE);
        return;
    }
    page_copy_out(page, (pfn - page.pfn) * PAGE_SIZE, dst, off, PAGE_SIZE);
}
/** The device writes one 4 KiB page from `src` at `off`. */
function memcpy_to_page(page, pfn, src, off) {
    if (cpu_inaccessible(page, 'writes'))
        return;
    page_copy_in(page, (pfn - page.pfn) * PAGE_SIZE, src, off, PAGE_SIZE);
    page.dirty = true;
}
/** dmirror_do_read(): every page of [start, end) into the bounce buffer; -ENOENT at the first missing entry. */
export function dmirror_do_read(pt, start, end, bounce) {
    let off = start - bounce.addr - ((start - bounce.addr) % PAGE_SIZE);
    for (let addr = start; addr < end; addr += PAGE_SIZE) {
        const e = device_lookup(pt, addr);
        if (e === undefined)
            return -ENOENT;
        device_touch(pt, e, false);
        memcpy_from_page(bounce.ptr, off, e.page, e.pfn);
        off += PAGE_SIZE;
        bounce.cpages++;
    }
    return 0;
}
/**
 * dmirror_do_write(): the bounce buffer into every page of [start, end). Only an entry tagged
 * exactly WRITE lets the device write (read-only and ATOMIC entries count as missing: -ENOENT,
 * and the caller faults for write).
 */
export function dmirror_do_write(pt, start, end, bounce) {
    let off = start - bounce.addr - ((start - bounce.addr) % PAGE_SIZE);
    for (let addr = start; addr < end; addr += PAGE_SIZE) {
        const e = device_lookup(pt, addr);
        if (e === undefined || !e.write || e.atomic)
            return -ENOENT;
        device_touch(pt, e, true);
        memcpy_to_page(e.page, e.pfn, bounce.ptr, off);
        off += PAGE_SIZE;
        bounce.cpages++;
    }
    return 0;
}
