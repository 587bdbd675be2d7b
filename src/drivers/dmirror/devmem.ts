/*
 * lib/test_hmm.c's device memory in the model: ZONE_DEVICE chunks of a dmirror device, the
 * allocator over them, the CPU-fault path back to system memory (migrate_to_ram), freeing, and
 * eviction of everything (on release of a file, RELEASE, module unload).
 *
 * What it owns, and what protects it:
 *   chunks      struct dmirror_chunk: a dev_pagemap of DEVMEM_CHUNK_SIZE (256 MiB) made by
 *               memremap_pages(), MEMORY_DEVICE_PRIVATE for devices 0/1 and
 *               MEMORY_DEVICE_COHERENT (the spm_addr_dev* memory) for 2/3; owner = the device.
 *               The array grows by DEVMEM_CHUNKS_RESERVE under devmem_lock (a mutex). A
 *               coherent device has exactly its one spm range: a second chunk cannot be mapped
 *               (so its large allocations, asked of a chunk of 4 KiB pages, fall back to 4 KiB).
 *   free lists  free_pages (4 KiB) and free_folios (PMD-sized, for THP migration), under
 *               mdevice->lock (a spinlock). The kernel threads every page of a new chunk onto a
 *               free list; the model hands out a chunk's pages in order the first time and keeps
 *               only freed ones on the lists, which is the same allocator seen from outside.
 *   calloc/cfree counters (not read by any test, kept as the driver keeps them).
 * A device-private page has no memory of its own: its data lives in a backing system page
 * (dpage->zone_device_data, "BACKING_PAGE"), whose zone_device_data points at the owning mirror.
 * A coherent page holds its data itself. The backing page is freed with the device page.
 */

import { footprint, kfree, kmalloc, KObj, mutex_lock, mutex_unlock, Mutex, spin_lock, spin_unlock, Spinlock, type Sched } from '../../kernel/index.js';
import {
  __put_page,
  __split_folio_pages,
  alloc_pages,
  copy_page_data,
  DevPagemap,
  folio_lock,
  HPAGE_PMD_NR,
  HPAGE_PMD_ORDER,
  memremap_pages,
  memunmap_pages,
  MIGRATE_PFN_COMPOUND,
  MIGRATE_PFN_MIGRATE,
  MIGRATE_PFN_WRITE,
  MIGRATE_VMA_SELECT_COMPOUND,
  MIGRATE_VMA_SELECT_DEVICE_COHERENT,
  MIGRATE_VMA_SELECT_DEVICE_PRIVATE,
  migrate_device_finalize,
  migrate_device_pages,
  migrate_device_range,
  migrate_pfn,
  migrate_pfn_to_page,
  migrate_vma_finalize,
  migrate_vma_pages,
  migrate_vma_setup,
  MigrateVma,
  mpfn_has,
  PAGE_SIZE,
  page_kasan_check,
  PageKind,
  VM_FAULT_OOM,
  VM_FAULT_SIGBUS,
  zone_device_folio_init,
  type Page,
  type VmFault,
} from '../../mm/index.js';
import { bug_on } from '../../mm/bug_switch.js';
import { device_zap } from '../device.js';
import { HMM_DMIRROR_FLAG_FAIL_ALLOC, HMM_DMIRROR_MEMORY_DEVICE_PRIVATE } from './uapi.js';

/** 256 MiB of device memory per chunk, as the driver allocates it. */
export const DEVMEM_CHUNK_SIZE = 256 * 1024 * 1024;
export const DEVMEM_CHUNK_PAGES = DEVMEM_CHUNK_SIZE / PAGE_SIZE;
export const DEVMEM_CHUNKS_RESERVE = 16;

export { HMM_DMIRROR_FLAG_FAIL_ALLOC } from './uapi.js';

/** What a device (struct dmirror_device) knows of its memory. */
export interface DevmemOwner {
  readonly zone_device_type: number;
  readonly name: string;
  devmem: Devmem;
}

/** A mirror as device memory sees it (struct dmirror): its device, page table, flags. */
export interface DevmemMirror extends KObj {
  readonly mdevice: DevmemOwner;
  readonly pt: import('../device.js').SimDevice;
  readonly mutex: Mutex;
  flags: number;
}

/** struct dmirror_chunk. */
export class DmirrorChunk extends KObj {
  remove = false;
  /** Next page of the chunk never handed out yet (the lazily built free list). */
  fresh = 0;
  constructor(
    readonly pagemap: DevPagemap,
    readonly mdevice: DevmemOwner,
    readonly first: number,
    /** Pages in the chunk (DEVMEM_CHUNK_PAGES unless the model was told a smaller size). */
    readonly npages: number,
    /** Built for THP: its pages are handed out as PMD-sized folios. */
    readonly large: boolean,
  ) {
    super('dmirror_chunk');
  }
}

/** The device-memory half of struct dmirror_device. */
export class Devmem {
  chunks: DmirrorChunk[] = [];
  capacity = 0;
  readonly devmem_lock: Mutex;
  readonly lock: Spinlock;
  free_pages: number[] = [];
  free_folios: number[] = [];
  calloc = 0;
  cfree = 0;
  /**
   * Pages per chunk: DEVMEM_CHUNK_PAGES, as the module has it. Explorations on a reduced size
   * give a smaller one (every eviction visits every page of a chunk, each a step).
   */
  chunk_pages = DEVMEM_CHUNK_PAGES;
  constructor(name: string) {
    this.devmem_lock = new Mutex(`${name}->devmem_lock`);
    this.lock = new Spinlock(`${name}->lock`);
  }
}

export function dmirror_is_private_zone(mdevice: DevmemOwner): boolean {
  return mdevice.zone_device_type === HMM_DMIRROR_MEMORY_DEVICE_PRIVATE;
}

export function dmirror_select_device(dmirror: DevmemMirror): number {
  return dmirror_is_private_zone(dmirror.mdevice) ? MIGRATE_VMA_SELECT_DEVICE_PRIVATE : MIGRATE_VMA_SELECT_DEVICE_COHERENT;
}

/** BACKING_PAGE(): the page that holds a device page's data. */
export function BACKING_PAGE(page: Page): Page {
  return page.kind === PageKind.DevicePrivate ? (page.zone_device_data as Page) : page;
}

function chunk_of(page: Page): DmirrorChunk {
  return (page.pgmap as DevPagemap & { chunk: DmirrorChunk }).chunk;
}

/** The ops every chunk's dev_pagemap has. */
const dmirror_devmem_ops = {
  page_free: dmirror_devmem_free,
  migrate_to_ram: dmirror_devmem_fault,
  folio_split: dmirror_devmem_folio_split,
  // Both record what they touch besides the folio (for partial-order reduction).
  footprints: true,
};

/* ---- allocation ---------------------------------------------------------------------------- */

/** Take a free pfn (4 KiB page, or PMD folio with `large`) from the lists or an unused chunk. */
function take_free(mem: Devmem, large: boolean): number {
  const list = large ? mem.free_folios : mem.free_pages;
  if (list.length > 0) return list.pop()!;
  for (const c of mem.chunks) {
    if (c.remove || c.large !== large) continue;
    if (c.fresh + (large ? HPAGE_PMD_NR : 1) <= c.npages) {
      const pfn = c.first + c.fresh;
      c.fresh += large ? HPAGE_PMD_NR : 1;
      return pfn;
    }
  }
  return -1;
}

/**
 * dmirror_allocate_chunk(): map a new chunk; with `want` also take one page (or folio) from it
 * for the caller. Returns the pfn taken, 0 when none was asked, or -1 on failure.
 */
function* dmirror_allocate_chunk(mdevice: DevmemOwner, want: boolean, large: boolean): Sched<number> {
  const mem = mdevice.devmem;
  const type = dmirror_is_private_zone(mdevice) ? 'private' : 'coherent';
  const pagemap = new DevPagemap(type, mdevice, dmirror_devmem_ops, `${mdevice.name} chunk`);
  yield* mutex_lock(mem.devmem_lock);
  if (type === 'coherent' && mem.chunks.length > 0) {
    // Coherent memory is the one spm_addr_dev range, already mapped: memremap_pages fails.
    yield* mutex_unlock(mem.devmem_lock);
    return -1;
  }
  if (large && mem.chunk_pages < HPAGE_PMD_NR) {
    // A reduced chunk cannot hold a PMD folio: the large allocation fails (4 KiB fallback).
    yield* mutex_unlock(mem.devmem_lock);
    return -1;
  }
  if (mem.chunks.length === mem.capacity) mem.capacity += DEVMEM_CHUNKS_RESERVE;
  // The pagemap is part of the chunk (struct dmirror_chunk embeds it): allocated and freed with it.
  kmalloc(pagemap);
  const first = memremap_pages(pagemap, mem.chunk_pages);
  const chunk = kmalloc(new DmirrorChunk(pagemap, mdevice, first, mem.chunk_pages, large));
  (pagemap as DevPagemap & { chunk: DmirrorChunk }).chunk = chunk;
  // The list of chunks changes under devmem_lock, in a step after the one that took it (a
  // release of a file reads the list without the lock).
  footprint('lock data', mem.devmem_lock);
  mem.chunks.push(chunk);
  yield* mutex_unlock(mem.devmem_lock);
  yield* spin_lock(mem.lock);
  let pfn = 0;
  if (want) {
    pfn = take_free(mem, large);
    if (pfn >= 0) mem.calloc += large ? HPAGE_PMD_NR : 1;
  }
  yield* spin_unlock(mem.lock);
  return pfn;
}

/**
 * The one-shot HMM_DMIRROR_FLAG_FAIL_ALLOC test before an allocation: true (and the flag
 * cleared) if the next allocation is to fail. A test that finds the flag clear changes nothing:
 * a read of the mirror, commuting with other reads of it (its KASAN checks); one that clears it
 * is a write.
 */
export function dmirror_take_fail_alloc(dmirror: DevmemMirror): boolean {
  const set = (dmirror.flags & HMM_DMIRROR_FLAG_FAIL_ALLOC) !== 0;
  footprint(set ? 'flags' : 'read', dmirror);
  if (set) dmirror.flags &= ~HMM_DMIRROR_FLAG_FAIL_ALLOC;
  return set;
}

/**
 * dmirror_devmem_alloc_page(): a device page (or PMD folio) for a migration destination,
 * initialised (refcount 1, locked); for device-private memory with a fresh backing page.
 * Null when no memory could be had.
 */
export function* dmirror_devmem_alloc_page(dmirror: DevmemMirror, large: boolean): Sched<Page | null> {
  const mdevice = dmirror.mdevice;
  const mem = mdevice.devmem;
  const order = large ? HPAGE_PMD_ORDER : 0;
  // A device-private page is a pretend device's memory: real system memory holds its data.
  const rpage = dmirror_is_private_zone(mdevice) ? alloc_pages(order, PageKind.Kernel) : null;
  yield* spin_lock(mem.lock);
  let pfn = take_free(mem, large);
  if (pfn >= 0) mem.calloc += 1 << order;
  yield* spin_unlock(mem.lock);
  if (pfn < 0) pfn = yield* dmirror_allocate_chunk(mdevice, true, large);
  if (pfn < 0) {
    if (rpage !== null) __put_page(rpage);
    return null;
  }
  const chunk = mem.chunks.find((c) => pfn >= c.first && pfn < c.first + c.npages)!;
  const dpage = zone_device_folio_init(chunk.pagemap, pfn, order);
  dpage.zone_device_data = rpage;
  return dpage;
}

/** page_free / folio_free: back to the free list (unless its chunk is going away). */
function dmirror_devmem_free(page: Page): void {
  const rpage = BACKING_PAGE(page);
  if (rpage !== page && rpage !== null && !rpage.freed) __put_page(rpage);
  const chunk = chunk_of(page);
  const mem = chunk.mdevice.devmem;
  // mdevice->lock: in the kernel a spinlock around the list; here part of the freeing step,
  // which therefore touches what that lock protects (the lists, the counters, chunk.remove):
  // it is ordered against every critical section of mdevice->lock.
  footprint('lock data', mem.lock);
  if (!chunk.remove) {
    mem.cfree += 1 << page.order;
    if (page.order > 0) mem.free_folios.push(page.pfn);
    else mem.free_pages.push(page.pfn);
  }
}

/** folio_split: the core split a device folio; split its backing folio the same way. */
function dmirror_devmem_folio_split(head: Page, tails: readonly Page[]): void {
  const rpage = head.zone_device_data as Page | null;
  if (rpage === null || rpage.order === 0) {
    for (const t of tails) t.zone_device_data = null;
    return;
  }
  const nr = 1 << rpage.order;
  // The backing pages are the device pages' own: one reference each, never mapped.
  const pieces = __split_folio_pages(rpage, new Array<number>(nr).fill(0), new Array<number>(nr).fill(1));
  for (let i = 0; i < tails.length; i++) tails[i]!.zone_device_data = pieces[i + 1];
  const mirror = rpage.zone_device_data;
  for (const p of pieces) p.zone_device_data = mirror;
}

/* ---- back to system memory ----------------------------------------------------------------- */

/**
 * dmirror_devmem_fault_alloc_and_copy(): for each device page being migrated back, a system
 * page (a PMD folio for a compound source, unless FAIL_ALLOC says no, then 4 KiB pages), its
 * device entry erased, the data copied. VM_FAULT_OOM when nothing can be allocated.
 */
export function* dmirror_devmem_fault_alloc_and_copy(args: MigrateVma, dmirror: DevmemMirror): Sched<number> {
  for (let i = 0, addr = args.start; addr < args.end; ) {
    let spage = migrate_pfn_to_page(args.src[i]!);
    if (spage === null || !mpfn_has(args.src[i]!, MIGRATE_PFN_MIGRATE)) {
      addr += PAGE_SIZE;
      i++;
      continue;
    }
    if (spage.kind !== PageKind.DevicePrivate && spage.kind !== PageKind.DeviceCoherent) {
      addr += PAGE_SIZE;
      i++;
      continue;
    }
    spage = BACKING_PAGE(spage);
    const order = spage.order;
    let flags = 0;
    if (order) flags |= MIGRATE_PFN_COMPOUND;
    if (mpfn_has(args.src[i]!, MIGRATE_PFN_WRITE)) flags |= MIGRATE_PFN_WRITE;
    let dpage: Page | null;
    if (dmirror_take_fail_alloc(dmirror)) {
      flags &= ~MIGRATE_PFN_COMPOUND;
      dpage = null;
    } else dpage = alloc_pages(order, PageKind.Anon);
    if (dpage === null && !order) return VM_FAULT_OOM;
    if (dpage !== null) {
      yield* folio_lock(dpage);
      args.dst[i] = migrate_pfn(dpage.pfn) + flags;
    }
    for (let j = 0; j < 1 << order; j++) {
      let dst: Page;
      let di: number;
      if (dpage === null) {
        // The large allocation failed: 4 KiB pages, one per source page.
        const small = alloc_pages(0, PageKind.Anon);
        yield* folio_lock(small);
        args.dst[i + j] = migrate_pfn(small.pfn) + (flags & MIGRATE_PFN_WRITE);
        dst = small;
        di = 0;
      } else {
        dst = dpage;
        di = j;
      }
      yield* device_zap(dmirror.pt, addr, addr + PAGE_SIZE); // xa_erase
      addr += PAGE_SIZE;
      copy_page_data(dst, di * PAGE_SIZE, spage, j * PAGE_SIZE, PAGE_SIZE);
    }
    i += 1 << order;
  }
  return 0;
}

/** dmirror_devmem_fault(): migrate_to_ram, the CPU touched a page that is on the device. */
function* dmirror_devmem_fault(vmf: VmFault): Sched<number> {
  const dpage = page_kasan_check(vmf.page!, 'dmirror_devmem_fault');
  const rpage = dpage.zone_device_data as Page;
  const dmirror = rpage.zone_device_data as DevmemMirror;
  let order = dpage.order;
  // A folio only partly mapped by PTEs (after a partial unmap) moves one page at a time.
  if (vmf.pte) order = 0;
  const size = PAGE_SIZE << order;
  const start = vmf.address - (vmf.address % size);
  const nr = size / PAGE_SIZE;
  const args = new MigrateVma({
    vma: vmf.vma,
    start,
    end: start + size,
    src: new Array<number>(nr).fill(0),
    dst: new Array<number>(nr).fill(0),
    pgmap_owner: dmirror.mdevice,
    flags: dmirror_select_device(dmirror) | (order ? MIGRATE_VMA_SELECT_COMPOUND : 0),
    // Before 6.1 (bug switch private-fault-no-ref) migrate_vma had no fault page to pass.
    fault_page: bug_on('private-fault-no-ref') ? null : dpage,
    vmf,
  });
  // In practice setup fails only if the test is wrong: it checks static VMA properties.
  if ((yield* migrate_vma_setup(args)) !== 0) return VM_FAULT_SIGBUS;
  const ret = yield* dmirror_devmem_fault_alloc_and_copy(args, dmirror);
  if (ret) {
    yield* migrate_vma_finalize(args);
    return ret;
  }
  yield* migrate_vma_pages(args);
  // No device step: alloc_and_copy already erased the device entries.
  yield* migrate_vma_finalize(args);
  return 0;
}

/* ---- eviction -------------------------------------------------------------------------------- */

/**
 * dmirror_device_evict_chunk(): every page of the chunk still in use back to system memory,
 * wherever it is mapped (migrate_device_range), before the chunk can go.
 */
export function* dmirror_device_evict_chunk(chunk: DmirrorChunk): Sched {
  const npages = chunk.npages;
  const src = new Array<number>(npages).fill(0);
  const dst = new Array<number>(npages).fill(0);
  yield* migrate_device_range(src, chunk.first, npages);
  for (let i = 0; i < npages; i++) {
    if (src[i] === 0) continue; // nothing collected there (most of a chunk)
    const spage0 = migrate_pfn_to_page(src[i]!);
    if (spage0 === null || !mpfn_has(src[i]!, MIGRATE_PFN_MIGRATE)) continue;
    let order = spage0.order;
    const spage = BACKING_PAGE(spage0);
    let dpage: Page;
    if (mpfn_has(src[i]!, MIGRATE_PFN_COMPOUND)) dpage = alloc_pages(order, PageKind.Anon);
    else {
      dpage = alloc_pages(0, PageKind.Anon);
      order = 0;
    }
    yield* folio_lock(dpage);
    dst[i] = migrate_pfn(dpage.pfn) + (mpfn_has(src[i]!, MIGRATE_PFN_WRITE) ? MIGRATE_PFN_WRITE : 0) + (order ? MIGRATE_PFN_COMPOUND : 0);
    copy_page_data(dpage, 0, spage, 0, PAGE_SIZE << order);
  }
  yield* migrate_device_pages(src, dst, npages);
  yield* migrate_device_finalize(src, dst, npages);
}

/**
 * dmirror_device_remove_chunks() (RELEASE, module unload): mark every chunk removed and take
 * its pages off the free lists, evict it, unmap it, free it; the device starts from nothing.
 */
export function* dmirror_device_remove_chunks(mdevice: DevmemOwner): Sched {
  const mem = mdevice.devmem;
  yield* mutex_lock(mem.devmem_lock);
  for (const chunk of mem.chunks) {
    yield* spin_lock(mem.lock);
    chunk.remove = true;
    const mine = (pfn: number) => pfn >= chunk.first && pfn < chunk.first + chunk.npages;
    mem.free_pages = mem.free_pages.filter((p) => !mine(p));
    mem.free_folios = mem.free_folios.filter((p) => !mine(p));
    yield* spin_unlock(mem.lock);
    yield* dmirror_device_evict_chunk(chunk);
    // The chunk's struct pages go away once every page of it is free (a page the eviction could
    // not move, held by a racing fault, is freed when that fault brings it back).
    yield* memunmap_pages(chunk.pagemap);
    kfree(chunk.pagemap, 'dmirror_device_remove_chunks');
    kfree(chunk, 'dmirror_device_remove_chunks');
  }
  footprint('lock data', mem.devmem_lock);
  mem.chunks = [];
  mem.capacity = 0;
  mem.free_pages = [];
  mem.free_folios = [];
  yield* mutex_unlock(mem.devmem_lock);
}

/** At device init (module load): the first chunk, before any file is open (no locking needed). */
export function dmirror_allocate_first_chunk(mdevice: DevmemOwner): void {
  const mem = mdevice.devmem;
  const type = dmirror_is_private_zone(mdevice) ? 'private' : 'coherent';
  const pagemap = new DevPagemap(type, mdevice, dmirror_devmem_ops, `${mdevice.name} chunk`);
  mem.capacity += DEVMEM_CHUNKS_RESERVE;
  kmalloc(pagemap);
  const first = memremap_pages(pagemap, mem.chunk_pages);
  const chunk = kmalloc(new DmirrorChunk(pagemap, mdevice, first, mem.chunk_pages, false));
  (pagemap as DevPagemap & { chunk: DmirrorChunk }).chunk = chunk;
  mem.chunks.push(chunk);
}
