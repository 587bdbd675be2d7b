/*
 * Device DMA mappings (the DMA API / an IOMMU per device): the second way a device reaches
 * memory, besides its own page table (device.ts). A driver maps a page for the device with
 * dma_map_page() and gets a DMA address (an IOVA of that device); the device reads and writes
 * through it (dma_device_access) until dma_unmap_page(). RDMA ODP and the DRM drivers keep such
 * mappings per mirrored virtual page (hmm_dma_map_pfn, ib_umem_odp's dma_list).
 *
 * What it owns (per execution): every live mapping of every device, by DMA address.
 * A mapping made for a mirrored virtual address (the `mirror` argument: the mm and virtual
 * address the page was looked up for, as an HMM driver does) is checked like a device page-
 * table entry:
 *   stale-device-mapping   after the CPU invalidation covering `va` ended, the CPU no longer
 *                          maps that page at `va` (or maps it read-only while the mapping lets
 *                          the device write): the driver should have unmapped it in its
 *                          invalidate callback; also checked at map time when no invalidation
 *                          covers `va`, and at the end of the execution for a page the CPU
 *                          dropped but that was never freed;
 *   device-use-after-free  a mapped page is freed (the device may DMA at any time), a freed
 *                          page is mapped, or the device accesses a mapping whose page is freed.
 *                          A mirrored mapping the device uses while an invalidation covering
 *                          `va` runs and the CPU entry no longer agrees is stale-device-mapping
 *                          at that access (see device.ts: the start must have unmapped it).
 * Every mapping (mirrored or not) is checked for the last rule.
 * CONFIG_DMA_API_DEBUG's rules: unmapping an address that is not mapped ("tries to free DMA
 * memory it has not allocated") or with another size or direction is a bug.
 *
 * Each map, unmap and device access is one visible step, named as the device page-table
 * operations are (device_map, device_zap, device access): to the step checker and to a
 * reduction by partial order they touch the same thing, the device's view of memory, which the
 * pages' frees and the invalidations' checks read. Fault injection (failslab) may make
 * dma_map_page fail: it then returns DMA_MAPPING_ERROR, which dma_mapping_error() tells.
 *
 * Hook into the device layer: none; this file uses only SimDevice's name and the mm
 * observers (page free, invalidate end) that device.ts uses too, so it stays a layer beside it.
 * Simplified: one page per mapping (no scatterlists, no offsets within the page), no IOMMU
 * page-table walk, no bounce buffers, no sync_single_for_cpu/device.
 */
import { cur, footprint, lone_point, note, ScenarioError, should_failslab, GFP_ATOMIC, trace, visible } from '../kernel/index.js';
import { per_execution } from '../mm/exec_state.js';
import { EFAULT, PAGE_SIZE, peek_entry, pfn_to_page, register_invalidate_end_observer, register_page_free_observer } from '../mm/index.js';
export const DMA_BIDIRECTIONAL = 0;
export const DMA_TO_DEVICE = 1;
export const DMA_FROM_DEVICE = 2;
/** The error value dma_map_page returns (dma_addr_t ~0 in the kernel). */
export const DMA_MAPPING_ERROR = -1;
/** The first IOVA the model hands out (distinct from physical addresses, so they are not confused). */
const IOVA_BASE = 0x1_0000_0000;
export class DmaMapping {
    dev;
    addr;
    page;
    pfn;
    size;
    dir;
    mirror;
    by;
    step;
    doomed = false;
    constructor(dev, addr, page, pfn, size, dir, mirror, by, step) {
        this.dev = dev;
        this.addr = addr;
        this.page = page;
        this.pfn = pfn;
        this.size = size;
        this.dir = dir;
        this.mirror = mirror;
        this.by = by;
        this.step = step;
    }
    /** The device may write through it. */
    get deviceWrites() {
        return this.dir !== DMA_TO_DEVICE;
    }
}
const globals = per_execution('drivers.dma_mapping', () => {
    register_page_free_observer(dma_page_freed);
    register_invalidate_end_observer(dma_invalidate_end);
    cur.onExit(dma_exit_check);
    return { maps: new Map(), next: IOVA_BASE, freed: new Map() };
});
function hex(a) {
    return `0x${a.toString(16)}`;
}
const dirName = ['DMA_BIDIRECTIONAL', 'DMA_TO_DEVICE', 'DMA_FROM_DEVICE'];
/**
 * dma_map_page(dev, page, offset, size, dir, mirror): map `page` for `dev`; the DMA address, or
 * DMA_MAPPING_ERROR (fault injection). One step. `page` is a Page or a pfn.
 */
export function* dma_map_page(dev, page, offset, size, dir, mirror = null) {
    const pfn = typeof page === 'number' ? page : page.pfn;
    if (cur.record)
        note('dma_map_page', `${dev.name} pfn ${pfn} ${dirName[dir] ?? dir}${mirror ? ` for ${hex(mirror.va)}` : ''}`);
    if (!lone_point())
        yield;
    visible('dma_map', dev); // the DMA mappings, their pages and the mirrored CPU entries: the coarse "memory" key (dep_keys.ts)
    const g = globals();
    const p = typeof page === 'number' ? pfn_to_page(page) : page;
    if (p === null) {
        if (!g.freed.has(pfn))
            throw new ScenarioError(`dma_map_page(${dev.name}): pfn ${pfn} was never allocated`);
        report_uaf(dev, null, pfn, 'mapped for DMA after it was freed');
    }
    if (offset < 0 || size <= 0 || offset + size > PAGE_SIZE)
        throw new ScenarioError(`dma_map_page(${dev.name}): offset ${offset} + size ${size} is not inside one page`);
    if (should_failslab('dma_map_page', GFP_ATOMIC)) {
        trace(() => `${dev.name}: dma_map_page of pfn ${pfn} fails`);
        return DMA_MAPPING_ERROR;
    }
    const pg = p;
    if (pg.freed)
        report_uaf(dev, null, pfn, 'mapped for DMA after it was freed');
    const addr = g.next + offset;
    g.next += PAGE_SIZE;
    const m = new DmaMapping(dev, addr, pg, pfn, size, dir, mirror === null ? null : { mm: mirror.mm, va: mirror.va - (mirror.va % PAGE_SIZE) }, cur.current ? cur.current.name : 'init', cur.steps);
    g.maps.set(addr - offset, m);
    trace(() => `${dev.name}: dma map pfn ${pfn} at ${hex(addr)} ${dirName[dir]}${m.mirror ? ` for ${hex(m.mirror.va)}` : ''}`);
    if (m.mirror !== null && !covered(m.mirror.mm, m.mirror.va, null))
        check_mapping(m, 'when it was mapped', null);
    return addr;
}
/** dma_mapping_error(): -ENOMEM for DMA_MAPPING_ERROR, else 0. */
export function dma_mapping_error(_dev, addr) {
    return addr === DMA_MAPPING_ERROR ? -12 : 0;
}
/** dma_unmap_page(dev, addr, size, dir): one step. */
export function* dma_unmap_page(dev, addr, size, dir) {
    if (cur.record)
        note('dma_unmap_page', `${dev.name} ${hex(addr)}`);
    if (!lone_point())
        yield;
    visible('dma_unmap', dev); // (see dma_map_page)
    const g = globals();
    const base = addr - (addr % PAGE_SIZE);
    const m = g.maps.get(base);
    if (m === undefined || m.dev !== dev) {
        cur.report('bug', `DMA-API: ${dev.name}: device driver tries to free DMA memory it has not allocated [device address=${hex(addr)}] [size=${size} bytes]`, `${dev.name}: dma_unmap_page of ${hex(addr)}, which is not mapped`, [`by thread ${cur.current.name} at step ${cur.steps}`], false);
        return;
    }
    if (m.size !== size || m.dir !== dir) {
        cur.report('bug', `DMA-API: ${dev.name}: device driver frees DMA memory with different ${m.size !== size ? 'size' : 'direction'} [device address=${hex(addr)}]`, `${dev.name}: dma_unmap_page of ${hex(addr)} mapped ${m.size} bytes ${dirName[m.dir]}, unmapped ${size} bytes ${dirName[dir] ?? dir}`, [`mapped by thread ${m.by} at step ${m.step}`], false);
    }
    g.maps.delete(base);
    trace(() => `${dev.name}: dma unmap ${hex(addr)} (pfn ${m.pfn})`);
}
/**
 * The device reads or writes DMA address `addr` (one step): 0, or -EFAULT for an IOMMU fault
 * (nothing mapped there, or a write through a DMA_TO_DEVICE mapping). A mapping whose page was
 * freed is a device use-after-free.
 */
export function* dma_device_access(dev, addr, write) {
    if (cur.record)
        note(write ? 'device DMA write' : 'device DMA read', `${dev.name} ${hex(addr)}`);
    if (!lone_point())
        yield;
    visible('dma access', dev); // (see dma_map_page)
    const m = globals().maps.get(addr - (addr % PAGE_SIZE));
    if (m === undefined || m.dev !== dev || (write && !m.deviceWrites)) {
        trace(() => `${dev.name}: IOMMU fault at ${hex(addr)}`);
        return -EFAULT;
    }
    if (m.page.freed)
        report_uaf(dev, m, m.pfn, `${write ? 'written' : 'read'} by the device through DMA after it was freed`);
    else if (m.mirror !== null && covered(m.mirror.mm, m.mirror.va, null))
        check_access_in_window(m, write);
    return 0;
}
/**
 * A mirrored mapping used while an invalidation covering its address runs: once the CPU entry
 * no longer agrees, the driver should have unmapped it when invalidate_range_start returned
 * (as device.ts checks for device page-table entries; hmm-history §4, P2). Migration entries
 * are left to the end-of-invalidation check.
 */
function check_access_in_window(m, write) {
    const mir = m.mirror;
    const e = peek_entry(mir.mm, mir.va);
    if (e.kind === 'migration')
        return;
    if (e.page === m.page && e.pfn === m.pfn && (e.kind === 'present' || e.kind === 'zero') && (!m.deviceWrites || e.writable))
        return;
    cur.report('stale-device-mapping', `BUG: stale DMA mapping: ${m.dev.name} ${write ? 'writes' : 'reads'} ${hex(m.addr)} -> pfn ${m.pfn} for ${hex(mir.va)} inside an invalidation that already changed the CPU entry`, `${m.dev.name} ${write ? 'writes' : 'reads'} through DMA mapping ${hex(m.addr)} for ${hex(mir.va)} after invalidate_range_start returned and the CPU took the page back`, [
        mapping_line(m),
        cpu_line(mir.mm, mir.va),
        ...mir.mm.active_ranges.filter((r) => r.start <= mir.va && mir.va < r.end).map((r) => `invalidation ${r} by thread ${r.thread.name} is running`),
        'the driver must unmap it in invalidate_range_start: the CPU side may free, copy or write-protect the page before the end',
    ]);
}
/** The live DMA mappings of `dev` (tests, reports). */
export function dma_mappings(dev) {
    return [...globals().maps.values()].filter((m) => m.dev === dev);
}
/* ---- the checks ---- */
function covered(mm, va, except) {
    footprint('ranges read', mm);
    for (const r of mm.active_ranges)
        if (r !== except && r.start <= va && va < r.end)
            return true;
    return false;
}
function mapping_line(m) {
    return `DMA mapping ${hex(m.addr)} -> pfn ${m.pfn} ${dirName[m.dir]}${m.mirror ? ` for ${hex(m.mirror.va)}` : ''}, mapped by thread ${m.by} at step ${m.step}`;
}
function cpu_line(mm, va) {
    const e = peek_entry(mm, va);
    if (e.kind === 'none')
        return `CPU page table of ${mm.__label} at ${hex(va)}: none`;
    return `CPU page table of ${mm.__label} at ${hex(va)}: ${e.kind}${e.kind === 'swap' ? ` slot ${e.pfn}` : ` pfn ${e.pfn} ${e.writable ? 'rw' : 'ro'}`}`;
}
function check_mapping(m, when, range, final = false) {
    const mir = m.mirror;
    const e = peek_entry(mir.mm, mir.va);
    if (e.page === m.page && e.pfn === m.pfn && (e.kind === 'present' || e.kind === 'zero') && (!m.deviceWrites || e.writable))
        return;
    if (m.page.freed) {
        report_uaf(m.dev, m, m.pfn, 'still mapped for DMA', [cpu_line(mir.mm, mir.va)]);
        return;
    }
    if (!final && m.page.mapcount === 0 && e.page !== m.page) {
        m.doomed = true; // on its way to the allocator: the free reports it
        return;
    }
    const why = e.page === m.page && e.pfn === m.pfn ? 'the device may write through DMA a page the CPU maps read-only' : 'the device has a DMA mapping of a page the CPU no longer maps there';
    cur.report('stale-device-mapping', `BUG: stale DMA mapping: ${m.dev.name} maps ${hex(m.addr)} -> pfn ${m.pfn} for ${hex(mir.va)} ${when}`, `${m.dev.name} still has DMA mapping ${hex(m.addr)} -> pfn ${m.pfn} for ${hex(mir.va)} ${when}: ${why}`, [mapping_line(m), cpu_line(mir.mm, mir.va), ...(range ? [`invalidation ${range} by thread ${range.thread.name} has finished`] : ['no invalidation covers this address']), why]);
}
function report_uaf(dev, m, pfn, what, lines = []) {
    const f = globals().freed.get(m ? m.page.pfn : pfn);
    cur.report('device-use-after-free', `BUG: device use-after-free: pfn ${pfn} ${what} (${dev.name}${m ? ` at DMA address ${hex(m.addr)}` : ''})`, `${dev.name}: pfn ${pfn} ${what}`, [
        f ? `pfn ${pfn}: freed by thread ${f.thread} at step ${f.step}` : `pfn ${pfn}: freed`,
        ...(m ? [mapping_line(m)] : []),
        ...lines,
        `detected in thread ${cur.current ? cur.current.name : 'init'} at step ${cur.steps}`,
    ]);
}
function dma_page_freed(page) {
    // The DMA mappings are one coarse object (see dma_map_page): so is a free they observe.
    footprint('memory', null);
    const g = globals();
    g.freed.set(page.pfn, { thread: cur.current ? cur.current.name : 'init', step: cur.steps });
    if (g.maps.size === 0)
        return;
    for (const m of g.maps.values())
        if (m.page === page)
            report_uaf(m.dev, m, m.pfn, 'freed while the device still has a DMA mapping of it');
}
function dma_invalidate_end(range) {
    footprint('memory', null);
    const g = globals();
    if (g.maps.size === 0)
        return;
    for (const m of [...g.maps.values()]) {
        const mir = m.mirror;
        if (mir === null || mir.mm !== range.mm || mir.va < range.start || mir.va >= range.end)
            continue;
        if (covered(range.mm, mir.va, range))
            continue;
        check_mapping(m, 'after the CPU invalidation covering it finished', range);
    }
}
function dma_exit_check() {
    for (const m of globals().maps.values())
        if (m.doomed && !m.page.freed && m.mirror !== null)
            check_mapping(m, 'at the end of the execution', null, true);
}
