/*
 * Physical memory: struct page / folio, the pfn allocator, page refcount and mapcount, page
 * contents, the shared zero pages, ZONE_DEVICE pages with their dev_pagemap, and the
 * per-execution page-free observers.
 *
 * A Page object is a folio: `order` 0 for a base page, 9 for a PMD-size THP or 2 MiB hugetlb
 * page, 18 for a 1 GiB hugetlb page. pfn_to_page(pfn) returns the folio containing pfn
 * (compound_head semantics); the sub-page is pfn - page.pfn. refcount and mapcount are per
 * folio: mapcount counts every page-table entry (PTE, PMD or PUD leaf, device-private and
 * device-exclusive entries included) mapping any part of it, refcount counts those mappings
 * plus every other reference (page cache, mmu_gather, migration, a driver's get_page).
 *
 * Locking: none in the model. In the kernel these are atomics and the page lock. A reference
 * change other threads can observe is a step of its own (get_page/put_page right after a
 * scheduling point); the variants with leading underscores are part of another step (below). A page is freed exactly when its refcount drops to zero; freeing one that is
 * still mapped is a `bug` report ("Bad page state"), as with CONFIG_DEBUG_VM.
 *
 * Contents (the bytes of each 4 KiB sub-page) are kept by page_contents.ts, addressed by pfn;
 * the functions at the end of this file read and write them by folio and offset. Data is
 * copied on COW and migration and moved to swap.
 */

import { cur, field_changed, footprint, footprint_any_state, GFP_HIGHUSER_MOVABLE, KObj, lone_point, might_alloc, note, observing, visible, wait_event, wake_up_all_now, WaitQueueHead, type GfpT, type Sched } from '../kernel/index.js';
import { HPAGE_PMD_ORDER, HPAGE_PUD_ORDER, PAGE_SHIFT, PAGE_SIZE } from './constants.js';
import { __folio_trylock } from './page_lock.js';
import { per_execution } from './exec_state.js';
import {
  CHUNK,
  CHUNK_SHIFT,
  ContentStore,
  DEVICE_PFN_BASE,
  FRAME_CHUNKS,
  frame_load_u32,
  frame_load_u64,
  frame_load_u8,
  frame_of,
  frame_read,
  frame_store_u32,
  frame_store_u64,
  frame_store_u8,
  frame_write,
  table_of,
} from './page_contents.js';

export { DEVICE_PFN_BASE };

export const enum PageKind {
  Anon = 0,
  File = 1,
  Zero = 2,
  DevicePrivate = 3,
  DeviceCoherent = 4,
  /** A driver's or kernel page (vm_insert_page into a VM_MIXEDMAP VMA, dmirror backing pages). */
  Kernel = 5,
  /** Persistent memory of a DAX device (MEMORY_DEVICE_FS_DAX): mapped by devmap PTEs (dax.ts). */
  FsDax = 6,
}

export const PAGE_KIND_NAMES = ['anon', 'file', 'zero', 'device-private', 'device-coherent', 'kernel', 'fsdax'] as const;

/** struct address_space as far as pages need it (the page cache lives in filemap.ts). */
export interface AddressSpaceRef {
  readonly label: string;
}

/** struct vm_fault, handed to dev_pagemap_ops.migrate_to_ram and vm_ops.fault. */
export interface VmFault {
  vma: import('./vma.js').VmAreaStruct;
  address: number;
  flags: number;
  /** The device page the CPU faulted on (migrate_to_ram), or null. */
  page: Page | null;
  /** The faulting pfn (a sub-page of `page` when it is a large folio). */
  pfn?: number;
  /** The fault came through a PTE (vmf->pte set), not a PMD mapping the whole folio. */
  pte?: boolean;
  /** Set by vm_ops.fault: the page to map (refcount already taken for the mapping). */
  result_page?: Page | null;
}

export interface DevPagemapOps {
  /** Called when a device folio's refcount drops to zero (folio_free / page_free). */
  page_free?(page: Page): void;
  /** CPU fault on a device-private entry: migrate the page back to system memory. */
  migrate_to_ram?(vmf: VmFault): Sched<number>;
  /**
   * The core split a large device folio (`head` keeps the first page, `tails` the others, in
   * pfn order): the driver fixes up what it keeps per folio (dmirror's backing pages).
   */
  folio_split?(head: Page, tails: readonly Page[]): void;
  /**
   * page_free and folio_split run inside a core step (the put that freed the folio, the split),
   * so what they touch is part of that step. true: they record it themselves with footprint()
   * (dmirror records the spinlock that orders its free lists, see dmirror_devmem_free). Absent:
   * the model cannot tell, and partial-order reduction treats such a step as touching any state
   * (it conflicts with every step). A driver that sets it and leaves something out makes dpor's
   * "every interleaving" claim unsound for its scenarios.
   */
  footprints?: boolean;
}

/**
 * struct dev_pagemap: MEMORY_DEVICE_PRIVATE, MEMORY_DEVICE_COHERENT or MEMORY_DEVICE_FS_DAX
 * memory of one device. Its
 * memory is the driver's (test_hmm embeds it in its chunk, nouveau too): a driver that kmallocs
 * it frees it after memunmap_pages, and a dereference of page->pgmap after that is a
 * use-after-free (kasan_check).
 */
export class DevPagemap extends KObj {
  /** The pfns memremap_pages() gave it, [start, end), or null before / after. */
  range: { start: number; end: number } | null = null;
  /**
   * pgmap->ref: pages of the range in use (each initialised page holds one until it is
   * freed) plus every get_dev_pagemap() reference not yet put, and whether memunmap_pages has
   * killed it (no page may be initialised, no get_dev_pagemap succeed any more).
   */
  live = 0;
  dying = false;
  /** fsdax: the order of the folios memremap_pages makes (18 for a 1 GiB-aligned device-dax). */
  folio_order = 0;
  /** pgmap->done: memunmap_pages sleeps here until the last page in use is freed. */
  readonly done: WaitQueueHead;
  constructor(
    readonly type: 'private' | 'coherent' | 'fsdax',
    /** pgmap->owner: compared with hmm_range.dev_private_owner / migrate owner. */
    readonly owner: unknown,
    readonly ops: DevPagemapOps,
    readonly label = 'pgmap',
  ) {
    super('dev_pagemap');
    this.done = new WaitQueueHead(`${label}->done`);
  }
}

/**
 * The fields most pages never use (page cache, device memory, pinning, migration locking),
 * kept out of line so that a page costs little to allocate: a 1 GiB fault-in makes 262,144 of
 * them.
 */
class PageExt {
  mapping: AddressSpaceRef | null = null;
  index = 0;
  pgmap: DevPagemap | null = null;
  zone_device_data: unknown = null;
  locked = false;
  pincount = 0;
}

export class Page {
  refcount = 1;
  mapcount = 0;
  /** PG_dirty. Cleared by MADV_FREE, set by writes through a mapping. */
  dirty = false;
  /** MADV_FREE'd and clean: reclaim may discard it instead of swapping. */
  lazyfree = false;
  /** PG_lru: on an LRU list; false while it waits in a CPU's lru_add batch (lru.ts). */
  lru = true;
  /**
   * PG_swapcache: the swap slot this page is the cached copy of (0: none). Set by a read
   * swap-in; while the page is clean its contents are the slot's, so reclaim may drop it
   * without writing it back. The cache holds one reference of the slot (SWAP_HAS_CACHE),
   * released when the page is freed. (The model's swap cache holds no page reference.)
   */
  swap_slot = 0;
  freed = false;
  private ext: PageExt | null = null;
  constructor(
    readonly pfn: number,
    readonly order: number,
    public kind: PageKind,
  ) {}
  /** A recycled struct page (see recycle_pages) describes a new folio. */
  reuse(pfn: number, order: number, kind: PageKind): void {
    const w = this as { pfn: number; order: number };
    w.pfn = pfn;
    w.order = order;
    this.kind = kind;
    this.refcount = 1;
    this.mapcount = 0;
    this.dirty = false;
    this.lazyfree = false;
    this.swap_slot = 0;
    this.freed = false;
    this.ext = null;
  }
  private get x(): PageExt {
    return (this.ext ??= new PageExt());
  }
  /** Page cache owner (file pages) or null. */
  get mapping(): AddressSpaceRef | null {
    return this.ext === null ? null : this.ext.mapping;
  }
  set mapping(v: AddressSpaceRef | null) {
    this.x.mapping = v;
  }
  /** Offset in the file, in units of this folio's size. */
  get index(): number {
    return this.ext === null ? 0 : this.ext.index;
  }
  set index(v: number) {
    this.x.index = v;
  }
  get pgmap(): DevPagemap | null {
    return this.ext === null ? null : this.ext.pgmap;
  }
  set pgmap(v: DevPagemap | null) {
    this.x.pgmap = v;
  }
  /** Driver data (zone_device_data): dmirror's backing page, owning mirror... */
  get zone_device_data(): unknown {
    return this.ext === null ? null : this.ext.zone_device_data;
  }
  set zone_device_data(v: unknown) {
    this.x.zone_device_data = v;
  }
  /** PG_locked stand-in for migration (migrate_vma_* hold it). */
  get locked(): boolean {
    return this.ext !== null && this.ext.locked;
  }
  set locked(v: boolean) {
    this.x.locked = v;
  }
  /** Pinned by pin_user_pages / the driver (kept apart from refcount for reports). */
  get pincount(): number {
    return this.ext === null ? 0 : this.ext.pincount;
  }
  set pincount(v: number) {
    this.x.pincount = v;
  }
  get nr_pages(): number {
    return 1 << this.order;
  }
  get label(): string {
    return `page pfn ${this.pfn}${this.order ? ` order ${this.order}` : ''} (${PAGE_KIND_NAMES[this.kind]})`;
  }
}

export const ZERO_PFN = 1;
export const HUGE_ZERO_PFN = 512;
const FIRST_RAM_PFN = 1024;

interface PageFreeObserver {
  (page: Page): void;
}

/*
 * struct pages are recycled between executions, the way mem_map exists before any process
 * runs: when an execution is over, its base pages (and mem_map slot arrays) are handed to the
 * next execution's allocations. A page object kept for the whole of a 1 GiB fault-in otherwise
 * costs more (the garbage collector copies it out of the young generation) than the fault
 * itself. Pages are never reused within an execution: a freed page keeps its identity and
 * `freed` flag for use-after-free checks.
 */
const SPARE_PAGES = 1 << 19;
const SPARE_BLOCKS = 1 << 10;
const sparePages: Page[] = [];
const spareBlocks: (Page | undefined)[][] = [];

/** Keep the base pages of a finished execution for the next one. */
function recycle_pages(pages: readonly (Page | undefined)[]): void {
  for (let i = 0; i < pages.length && sparePages.length < SPARE_PAGES; i++) {
    const p = pages[i];
    if (p !== undefined && p.order === 0 && p.kind !== PageKind.Zero) sparePages.push(p);
  }
}

/** pfns per mem_map block: one PMD's worth. */
const BLOCK_SHIFT = HPAGE_PMD_ORDER;
const BLOCK_MASK = (1 << BLOCK_SHIFT) - 1;

/**
 * mem_map for system RAM: pfn -> folio, in blocks of 512 pfns. A block is the folio of order
 * >= 9 covering it (one entry per huge folio, not 512) or an array of 512 slots for smaller
 * folios, or undefined when nothing there is allocated.
 */
class MemMap {
  private readonly blocks: (Page | (Page | undefined)[] | undefined)[] = [];

  get(pfn: number): Page | undefined {
    const b = this.blocks[pfn >>> BLOCK_SHIFT];
    if (b === undefined || b instanceof Page) return b;
    return b[pfn & BLOCK_MASK];
  }

  private slots(bi: number): (Page | undefined)[] {
    const blocks = this.blocks;
    // Keep the array dense (push, never `length =`): a sparse one drops to dictionary mode.
    while (blocks.length <= bi) blocks.push(undefined);
    let b = blocks[bi];
    if (b instanceof Page) throw new Error(`mem_map: block ${bi} already holds ${b.label}`);
    if (b === undefined) blocks[bi] = b = spareBlocks.pop() ?? new Array<Page | undefined>(1 << BLOCK_SHIFT).fill(undefined);
    return b;
  }

  /** Install `page` at its pfns. */
  set(page: Page): void {
    this.fill(page, page);
  }

  /** Remove `page` from its pfns. */
  remove(page: Page): void {
    this.fill(page, undefined);
  }

  private fill(page: Page, v: Page | undefined): void {
    if (page.order >= BLOCK_SHIFT) {
      const b0 = page.pfn >>> BLOCK_SHIFT;
      const blocks = this.blocks;
      while (blocks.length < b0 + (1 << (page.order - BLOCK_SHIFT))) blocks.push(undefined);
      for (let i = 0, n = 1 << (page.order - BLOCK_SHIFT); i < n; i++) blocks[b0 + i] = v;
      return;
    }
    const b = this.slots(page.pfn >>> BLOCK_SHIFT);
    for (let i = 0, o = page.pfn & BLOCK_MASK, n = 1 << page.order; i < n; i++) b[o + i] = v;
  }

  /**
   * The execution is over: its base pages and slot arrays go to the next execution (see
   * recycle_pages). Nothing of this map may be used afterwards.
   */
  recycle(): void {
    const blocks = this.blocks;
    for (let bi = 0; bi < blocks.length; bi++) {
      const b = blocks[bi];
      if (b === undefined || b instanceof Page) continue;
      recycle_pages(b);
      if (spareBlocks.length < SPARE_BLOCKS) spareBlocks.push(b.fill(undefined));
    }
    blocks.length = 0;
  }

  /** Every folio, once. */
  *[Symbol.iterator](): Generator<Page> {
    const blocks = this.blocks;
    for (let bi = 0; bi < blocks.length; bi++) {
      const b = blocks[bi];
      if (b === undefined) continue;
      if (b instanceof Page) {
        if (b.pfn === bi << BLOCK_SHIFT) yield b;
        continue;
      }
      for (let i = 0; i < b.length; i++) {
        const p = b[i];
        if (p !== undefined && p.pfn === (bi << BLOCK_SHIFT) + i) yield p;
      }
    }
  }
}

class PhysMem {
  /** pfn -> folio, for system RAM. */
  readonly pages = new MemMap();
  /** Base pages freed in this execution: recycled with the live ones when it is over. */
  readonly freedPages: Page[] = [];
  /** pfn -> folio, for ZONE_DEVICE memory (sparse). */
  readonly devpages = new Map<number, Page>();
  readonly freelist: number[][] = [];
  readonly devFreelist: number[][] = [];
  /** ZONE_DEVICE folios of 1 GiB (device-dax), by pfn >>> HPAGE_PUD_ORDER: not 262,144 map entries each. */
  readonly devHuge = new Map<number, Page>();
  /** pgmap_array: every memremap'd dev_pagemap (get_dev_pagemap looks pfns up here). */
  readonly pgmaps: DevPagemap[] = [];
  nextPfn = FIRST_RAM_PFN;
  nextDevPfn = DEVICE_PFN_BASE;
  readonly zero: Page;
  readonly hugeZero: Page;
  /** Statistics (tests and the benchmark read them). */
  allocated = 0;
  freed = 0;
  readonly observers: PageFreeObserver[] = [];
  readonly splitObservers: ((head: Page, pages: readonly Page[]) => void)[] = [];
  /** What the frames hold (its memory goes to the next execution when this one is over). */
  readonly data = new ContentStore();
  constructor() {
    cur.onFinish(() => {
      this.data.release();
      this.pages.recycle();
      recycle_pages(this.freedPages);
    });
    this.zero = new Page(ZERO_PFN, 0, PageKind.Zero);
    this.hugeZero = new Page(HUGE_ZERO_PFN, HPAGE_PMD_ORDER, PageKind.Zero);
    this.pages.set(this.zero);
    this.pages.set(this.hugeZero);
  }
}

export const physmem = per_execution('mm.physmem', () => new PhysMem());

/** The shared zero page (ZERO_PAGE(0)) and the huge zero page of this execution. */
export function zero_page(): Page {
  return physmem().zero;
}
export function huge_zero_page(): Page {
  return physmem().hugeZero;
}
export function is_zero_pfn(pfn: number): boolean {
  return pfn === ZERO_PFN;
}
export function is_huge_zero_pfn(pfn: number): boolean {
  return pfn >= HUGE_ZERO_PFN && pfn < HUGE_ZERO_PFN + 512;
}
export function is_zero_page(page: Page | null): boolean {
  return page !== null && page.kind === PageKind.Zero;
}
export function is_device_private_page(page: Page | null): boolean {
  return page !== null && page.kind === PageKind.DevicePrivate;
}
export function is_device_coherent_page(page: Page | null): boolean {
  return page !== null && page.kind === PageKind.DeviceCoherent;
}

/** Allocate a folio of 2^order pages (refcount 1, mapcount 0, zero-filled). */
/**
 * alloc_pages(): a fresh folio of 2^order pages (refcount 1). `gfp` as the kernel's: user
 * memory is GFP_HIGHUSER_MOVABLE, which may sleep and reclaim (might_alloc).
 */
export function alloc_pages(order: number, kind: PageKind = PageKind.Anon, gfp: GfpT = GFP_HIGHUSER_MOVABLE): Page {
  if (observing()) footprint('alloc', null);
  might_alloc(gfp, 'alloc_pages');
  const m = physmem();
  const fl = m.freelist[order];
  let pfn: number;
  if (fl !== undefined && fl.length > 0) pfn = fl.pop()!;
  else {
    const nr = 1 << order;
    pfn = (m.nextPfn + nr - 1) & -nr; // aligned to the folio size (pfns stay below 2^30)
    m.nextPfn = pfn + nr;
  }
  let p: Page;
  if (order === 0 && sparePages.length > 0) {
    p = sparePages.pop()!;
    p.reuse(pfn, order, kind);
  } else p = new Page(pfn, order, kind);
  m.pages.set(p);
  m.allocated++;
  // pfn_to_page of its pfns changes: the folio's key (dep_keys.ts) is written.
  if (observing()) footprint('page', p);
  return p;
}

export function alloc_page(kind: PageKind = PageKind.Anon, gfp: GfpT = GFP_HIGHUSER_MOVABLE): Page {
  return alloc_pages(0, kind, gfp);
}

/**
 * A ZONE_DEVICE folio of `pgmap` (what a driver's device allocator hands out after
 * memremap_pages). Its pfn is above DEVICE_PFN_BASE; refcount 1.
 */
export function alloc_device_pages(pgmap: DevPagemap, order = 0): Page {
  if (observing()) {
    footprint('alloc', null);
    footprint('pgmap', pgmap);
  }
  const m = physmem();
  const fl = m.devFreelist[order];
  let pfn: number;
  if (fl !== undefined && fl.length > 0) pfn = fl.pop()!;
  else {
    const nr = 1 << order;
    pfn = Math.ceil(m.nextDevPfn / nr) * nr;
    m.nextDevPfn = pfn + nr;
  }
  const p = new Page(pfn, order, pgmap_page_kind(pgmap));
  p.pgmap = pgmap;
  pgmap.live += 1 << order;
  field_changed(pgmap, 'live');
  for (let i = 0, n = 1 << order; i < n; i++) m.devpages.set(pfn + i, p);
  m.allocated++;
  device_page_made();
  return p;
}

/**
 * memremap_pages(): give `pgmap` a range of `nr_pages` ZONE_DEVICE pfns (aligned to its size
 * rounded to a PMD) and return the first. The struct pages of the range exist from then on in
 * the kernel; the model makes a folio's Page when the driver initialises it
 * (zone_device_folio_init), so a 256 MiB chunk costs nothing until it is used.
 */
export function memremap_pages(pgmap: DevPagemap, nr_pages: number): number {
  // The next device pfn and the list of pgmaps (the allocator's), and the pgmap's range.
  if (observing()) {
    footprint('alloc', null);
    footprint('pgmap', pgmap);
  }
  const m = physmem();
  const align = Math.max(512, 2 ** Math.ceil(Math.log2(nr_pages)));
  const start = Math.ceil(m.nextDevPfn / align) * align;
  m.nextDevPfn = start + nr_pages;
  pgmap.range = { start, end: start + nr_pages };
  m.pgmaps.push(pgmap);
  if (pgmap.type === 'fsdax') memmap_init_fsdax(pgmap);
  return start;
}

/** The PageKind of `pgmap`'s pages. */
function pgmap_page_kind(pgmap: DevPagemap): PageKind {
  return pgmap.type === 'private' ? PageKind.DevicePrivate : pgmap.type === 'coherent' ? PageKind.DeviceCoherent : PageKind.FsDax;
}

/**
 * memmap_init_zone_device() for persistent memory: every page of the range is made at once
 * and is in use from then on (refcount 1, the reference memunmap_pages drops), as fsdax pages
 * are: the filesystem hands out blocks, not pages, so nobody allocates or frees them.
 */
function memmap_init_fsdax(pgmap: DevPagemap): void {
  const m = physmem();
  const r = pgmap.range!;
  const nr = 1 << pgmap.folio_order;
  for (let pfn = r.start; pfn < r.end; pfn += nr) {
    const p = new Page(pfn, pgmap.folio_order, PageKind.FsDax);
    p.pgmap = pgmap;
    if (p.order === HPAGE_PUD_ORDER) m.devHuge.set(pfn >>> HPAGE_PUD_ORDER, p);
    else for (let i = 0; i < nr; i++) m.devpages.set(pfn + i, p);
    m.allocated++;
  }
  pgmap.live += r.end - r.start;
  field_changed(pgmap, 'live');
  device_page_made();
}

/**
 * get_dev_pagemap(): the dev_pagemap whose range holds `pfn`, with a reference on it, or null
 * when there is none or memunmap_pages has killed it (percpu_ref_tryget_live). With `cached`
 * (a pgmap the caller holds a reference on) covering pfn, that one is returned and nothing is
 * taken; a `cached` that does not cover pfn is put first. Each reference change is a step.
 */
export function* get_dev_pagemap(pfn: number, cached: DevPagemap | null = null): Sched<DevPagemap | null> {
  if (cached !== null) {
    const r = cached.range;
    if (r !== null && pfn >= r.start && pfn < r.end) return cached;
    yield* put_dev_pagemap(cached);
  }
  if (cur.record) note('get_dev_pagemap', `pfn ${pfn}`);
  if (!lone_point()) yield;
  // It looks the pfn up in the list of pgmaps (memremap_pages and memunmap_pages change it).
  if (observing()) footprint('alloc read', null);
  const pgmaps = physmem().pgmaps;
  for (let i = 0; i < pgmaps.length; i++) {
    const pgmap = pgmaps[i]!;
    const r = pgmap.range;
    if (r === null || pfn < r.start || pfn >= r.end) continue;
    visible('get_dev_pagemap', pgmap);
    if (pgmap.dying) return null;
    pgmap.live++;
    field_changed(pgmap, 'live');
    return pgmap;
  }
  return null;
}

/** put_dev_pagemap(): drop a get_dev_pagemap() reference (a step); the last one wakes memunmap_pages. */
export function* put_dev_pagemap(pgmap: DevPagemap): Sched {
  if (cur.record) note('put_dev_pagemap', pgmap.label);
  if (!lone_point()) yield;
  visible('put_dev_pagemap', pgmap);
  if (pgmap.live <= 0) {
    cur.report('refcount-underflow', 'WARNING: percpu ref underflow in put_dev_pagemap', `put_dev_pagemap on ${pgmap.label} with no reference left`, [`by thread ${cur.current.name} at step ${cur.steps}`]);
    return;
  }
  field_changed(pgmap, 'live');
  if (--pgmap.live === 0 && pgmap.dying) wake_up_all_now(pgmap.done);
}

/** Observers told when a device page is made (the end-of-execution device page check arms). */
const devicePageHooks: (() => void)[] = [];
export function register_device_page_hook(fn: () => void): void {
  if (!devicePageHooks.includes(fn)) devicePageHooks.push(fn);
}
function device_page_made(): void {
  for (let i = 0; i < devicePageHooks.length; i++) devicePageHooks[i]!();
}

/**
 * memunmap_pages(): kill pgmap->ref (its own step: from then on no page of the range can be
 * initialised), sleep until every page still in use has been freed, and remove the range. A
 * page that nobody frees keeps the caller waiting, as in the kernel.
 */
export function* memunmap_pages(pgmap: DevPagemap): Sched {
  if (pgmap.range === null) return;
  if (cur.record) note('memunmap_pages', pgmap.label);
  if (!lone_point()) yield;
  visible('memunmap_pages', pgmap);
  pgmap.dying = true;
  if (pgmap.type === 'fsdax') {
    // The reference every page got at memremap time (5.x dropped it here for every type; the
    // model's other types make and free their pages on demand).
    const r = pgmap.range;
    for (let pfn = r.start; pfn < r.end; pfn += 1 << pgmap.folio_order) {
      const p = pfn_to_page(pfn);
      if (p !== null && p.pfn === pfn && !p.freed) yield* put_page_point(p);
    }
  }
  if (pgmap.live > 0) yield* wait_event(pgmap.done, () => pgmap.live === 0, [[pgmap, 'live']]);
  pgmap.range = null;
  if (observing()) footprint('alloc', null);
  const pgmaps = physmem().pgmaps;
  const at = pgmaps.indexOf(pgmap);
  if (at >= 0) pgmaps.splice(at, 1);
}

/** put_page() after its own scheduling point. */
function* put_page_point(page: Page): Sched {
  if (cur.record) note('put_page', page.label);
  if (!lone_point()) yield;
  put_page(page);
}

/**
 * zone_device_folio_init(): the driver hands out the device folio of 2^order pages at `pfn` of
 * its `pgmap` range: refcount 1, locked (as zone_device_page_init leaves it, ready to be a
 * migration destination), nothing mapping it. Initialising a pfn still in use is a kernel bug.
 */
export function zone_device_folio_init(pgmap: DevPagemap, pfn: number, order = 0): Page {
  // It reads the pgmap (range, dying: memunmap_pages writes them) and takes a reference on it.
  // What pfn_to_page finds at the pfn changes: a 4 KiB folio's key (a look-up of the pfn reads
  // it), a larger folio's every pfn (coarse).
  if (observing()) {
    if (order === 0) footprint('pfn write', null, pfn);
    else footprint('memory', null);
    footprint('pgmap', pgmap);
  }
  const m = physmem();
  const r = pgmap.range;
  if (r === null || pfn < r.start || pfn + (1 << order) > r.end) throw new RangeError(`zone_device_folio_init: pfn ${pfn} is not in ${pgmap.label}'s range`);
  const old = m.devpages.get(pfn);
  if (old !== undefined && !old.freed) {
    cur.report('bug', 'BUG: zone_device_folio_init on a device page still in use', `${old.label} (refcount ${old.refcount}) initialised again`, []);
  }
  if (pgmap.dying) {
    cur.report('bug', 'WARNING: zone_device_folio_init on a dev_pagemap being removed', `pfn ${pfn} initialised after memunmap_pages killed ${pgmap.label}'s reference`, []);
  }
  const p = new Page(pfn, order, pgmap_page_kind(pgmap));
  p.pgmap = pgmap;
  pgmap.live += 1 << order;
  field_changed(pgmap, 'live');
  for (let i = 0, n = 1 << order; i < n; i++) m.devpages.set(pfn + i, p);
  m.allocated++;
  device_page_made();
  __folio_trylock(p);
  return p;
}

/** The folio containing `pfn`, or null (no struct page: free memory or a raw PFNMAP pfn). */
export function pfn_to_page(pfn: number): Page | null {
  const m = physmem();
  if (pfn < DEVICE_PFN_BASE) {
    const p = m.pages.get(pfn);
    return p === undefined ? null : p;
  }
  const p = m.devpages.get(pfn) ?? (m.devHuge.size > 0 ? m.devHuge.get(pfn >>> HPAGE_PUD_ORDER) : undefined);
  // A device pfn's folio comes and goes with zone_device_folio_init and free_folio, which write
  // its key (a 4 KiB folio) or the coarse one: the look-up reads the key of what it found, or of
  // the pfn when it found nothing.
  if (observing()) pfn_lookup_footprint(p === undefined ? pfn : p.pfn);
  return p === undefined ? null : p;
}

/**
 * The footprint of a device pfn look-up. A step that looks up more than a few pfns (a scan of
 * a whole chunk) is coarse instead (a key per pfn would make its footprint as long as the
 * chunk): a walk, which conflicts with every fine operation.
 */
const PFN_READS_FINE = 16;
let pfnReadExec: unknown = null;
let pfnReadStep = -1;
let pfnReads = 0;
function pfn_lookup_footprint(pfn: number): void {
  const c = cur;
  if (c !== pfnReadExec || c.steps !== pfnReadStep) {
    pfnReadExec = c;
    pfnReadStep = c.steps;
    pfnReads = 0;
  }
  pfnReads++;
  if (pfnReads <= PFN_READS_FINE) footprint('pfn read', null, pfn);
  else if (pfnReads === PFN_READS_FINE + 1) footprint('memory read', null);
}

/** page_to_pfn for a sub-page: the folio's pfn plus the index. */
export function folio_page_pfn(page: Page, i: number): number {
  return page.pfn + i;
}

/**
 * set_page_dirty(): a driver marks a page it let its device write (hmm_range_dma_unmap with
 * dirty). An atomic flag update that reclaim reads: a step of its own. Dirtying a freed page
 * is a use-after-free. (No address_space dirty accounting: the page cache has no writeback.)
 */
export function* set_page_dirty(page: Page): Sched {
  if (cur.record) note('set_page_dirty', page.label);
  if (!lone_point()) yield;
  visible('set_page_dirty', page);
  if (page.freed) cur.report('use-after-free', 'BUG: Bad page state: set_page_dirty on a freed page', `set_page_dirty on freed ${page.label}`, [`by thread ${cur.current.name} at step ${cur.steps}`]);
  page.dirty = true;
}

/*
 * Reference counting. get_page() and put_page() are atomic operations other threads observe
 * (a put may free the page under a device), so each is a visible operation of its own: the
 * caller has just taken a scheduling point. __get_page() and __put_page() are the same changes
 * made inside another operation's step, where the kernel makes them under the page-table lock
 * together with the entry they belong to (the reference of a mapping being installed, a new
 * page that lost the race to install and was never seen by anyone).
 */

/**
 * The kernel uses `page` as an allocated page in function `where` (reads a field only an
 * allocated page has, such as a driver's zone_device_data, which a freed device page's driver
 * reuses for its free list): on a freed page that is a use-after-free, reported as KASAN
 * reports one of an object. Returns the page.
 */
export function page_kasan_check(page: Page, where: string): Page {
  if (page.freed) {
    cur.report('use-after-free', `BUG: KASAN: use-after-free in ${where}`, `use of freed ${page.label} in ${where}`, [`page: refcount:${page.refcount} mapcount:${page.mapcount}`, `by thread ${cur.current.name} at step ${cur.steps}`]);
  }
  return page;
}

/** A content access by pfn: its folio's key, or the coarse one for a pfn without a folio. */
function pfn_touch(pfn: number): void {
  const p = pfn_to_page(pfn);
  if (p !== null) footprint('page', p);
  else footprint('memory', null);
}

/** get_page(): take a reference (a visible operation). Taking one on a freed page is a use-after-free. */
export function get_page(page: Page): void {
  visible('get_page', page);
  __get_page(page);
}

/** The reference change of get_page() inside another operation's step. */
export function __get_page(page: Page): void {
  if (observing()) footprint('page', page);
  if (page.kind === PageKind.Zero) return;
  if (page.freed || page.refcount <= 0) {
    cur.report('use-after-free', 'BUG: Bad page state: get_page on a freed page', `get_page on freed ${page.label}`, [`by thread ${cur.current.name} at step ${cur.steps}`]);
  }
  page.refcount++;
}

/** put_page(): drop a reference (a visible operation); the last one frees the folio. */
export function put_page(page: Page): void {
  visible('put_page', page);
  __put_page(page);
}

/** The reference drop of put_page() inside another operation's step. */
export function __put_page(page: Page): void {
  if (observing()) footprint('page', page);
  if (page.kind === PageKind.Zero) return;
  if (page.freed || page.refcount <= 0) {
    cur.report('refcount-underflow', 'BUG: Bad page state: put_page on a page with refcount 0', `put_page on ${page.freed ? 'freed ' : ''}${page.label}`, [
      `by thread ${cur.current.name} at step ${cur.steps}`,
    ]);
  }
  if (--page.refcount === 0) free_folio(page);
}

export function page_ref_count(page: Page): number {
  return page.refcount;
}
export function page_mapcount(page: Page): number {
  return page.mapcount;
}

/** Drops the swap cache's reference of a slot (swap.ts installs it: swap imports page). */
let swapcache_release: (slot: number) => void = () => {};
export function set_swapcache_release(fn: (slot: number) => void): void {
  swapcache_release = fn;
}

/** Called once when the last reference goes. */
function free_folio(page: Page): void {
  // The folio's lock bit goes with it: a lock, trylock or unlock of it (page_lock.ts) is
  // ordered against this step by the key of the folio's lock (first: a check below may report).
  footprint('folio free', page);
  // A device folio goes back to its driver, and pfn_to_page stops finding it: a 4 KiB folio's
  // key (written above: look-ups of its pfn read it), a larger one's every pfn (coarse). The
  // driver's page_free touches what it says it touches, else anything
  // (DevPagemapOps.footprints). The swap cache's slot reference is released below.
  if (observing()) {
    if (page.pfn >= DEVICE_PFN_BASE) {
      if (page.order !== 0) footprint('memory', null);
      // Its reference on the pgmap goes (memunmap_pages waits for the last one).
      if (page.pgmap !== null) footprint('pgmap', page.pgmap);
      const ops = page.pgmap?.ops;
      if (ops?.page_free !== undefined && ops.footprints !== true) footprint_any_state();
    }
    if (page.swap_slot !== 0) footprint('swap', null);
  }
  const m = physmem();
  if (page.mapcount !== 0) {
    cur.report('bug', 'BUG: Bad page state: freeing a page that is still mapped', `${page.label} freed with mapcount ${page.mapcount}`, [
      `page: refcount:0 mapcount:${page.mapcount}`,
      'page dumped because: nonzero mapcount',
      `by thread ${cur.current.name} at step ${cur.steps}`,
    ]);
  }
  if (page.mapping !== null) {
    cur.report('bug', 'BUG: Bad page state: freeing a page still in the page cache', `${page.label} freed while in ${page.mapping.label}`, []);
  }
  // free_pages_prepare's PAGE_FLAGS_CHECK_AT_FREE (PG_locked among them); ZONE_DEVICE folios go
  // back to their driver without it.
  if (page.locked && page.pfn < DEVICE_PFN_BASE) {
    cur.report('bug', 'BUG: Bad page state: freeing a locked page', `${page.label} freed while locked`, [
      `page: refcount:0 mapcount:${page.mapcount} flags: locked`,
      'page dumped because: PAGE_FLAGS_CHECK_AT_FREE flag(s) set',
      `by thread ${cur.current.name} at step ${cur.steps}`,
    ]);
  }
  page.freed = true;
  if (page.swap_slot !== 0) {
    const slot = page.swap_slot;
    page.swap_slot = 0;
    swapcache_release(slot);
  }
  const obs = m.observers;
  for (let i = 0; i < obs.length; i++) obs[i]!(page);
  const nr = 1 << page.order;
  const t = table_of(m.data, page.pfn);
  for (let i = 0, f = frame_of(page.pfn); i < nr; i++) m.data.clear(t, f + i);
  if (page.pfn >= DEVICE_PFN_BASE) {
    if (page.order === HPAGE_PUD_ORDER && m.devHuge.get(page.pfn >>> HPAGE_PUD_ORDER) === page) m.devHuge.delete(page.pfn >>> HPAGE_PUD_ORDER);
    else for (let i = 0; i < nr; i++) m.devpages.delete(page.pfn + i);
    // A folio of a memremap'd range goes back to its driver; alloc_device_pages' own ones to
    // the model's allocator.
    if (page.pgmap?.range === null || page.pgmap === null) (m.devFreelist[page.order] ??= []).push(page.pfn);
    page.pgmap?.ops.page_free?.(page);
    const pgmap = page.pgmap;
    if (pgmap !== null) {
      pgmap.live -= nr;
      field_changed(pgmap, 'live');
      if (pgmap.dying && pgmap.live === 0) wake_up_all_now(pgmap.done);
    }
  } else {
    m.pages.remove(page);
    if (page.order === 0) m.freedPages.push(page);
    (m.freelist[page.order] ??= []).push(page.pfn);
  }
  m.freed++;
}

/**
 * The struct-page half of split_folio(): `head` (order > 0) becomes 2^order order-0 folios at
 * the same pfns, with the given per-page mapcounts and refcounts (the caller computed them
 * from the page tables). The head keeps its object (and its lock); the others are new. Page
 * contents are addressed by pfn and do not move. Observers (simulated devices holding page
 * objects) and the pgmap's folio_split op see the new pages. Returns them in pfn order.
 */
export function __split_folio_pages(head: Page, mapcounts: readonly number[], refcounts: readonly number[]): Page[] {
  // Every sub-page becomes a folio of its own, and observers re-point device entries: coarse;
  // a driver's folio_split touches what it says it touches, else anything.
  if (observing()) {
    footprint('memory', null);
    const ops = head.pgmap?.ops;
    if (ops?.folio_split !== undefined && ops.footprints !== true) footprint_any_state();
  }
  const m = physmem();
  const nr = 1 << head.order;
  const dev = head.pfn >= DEVICE_PFN_BASE;
  if (!dev) m.pages.remove(head);
  const pages: Page[] = [head];
  for (let i = 1; i < nr; i++) {
    const p = new Page(head.pfn + i, 0, head.kind);
    p.dirty = head.dirty;
    p.lazyfree = head.lazyfree;
    if (head.pgmap !== null) p.pgmap = head.pgmap;
    if (head.mapping !== null) {
      p.mapping = head.mapping;
      p.index = head.index * nr + i;
    }
    pages.push(p);
  }
  (head as unknown as { order: number }).order = 0;
  if (head.mapping !== null) head.index = head.index * nr;
  for (let i = 0; i < nr; i++) {
    const p = pages[i]!;
    p.mapcount = mapcounts[i]!;
    p.refcount = refcounts[i]!;
    if (dev) m.devpages.set(p.pfn, p);
    else m.pages.set(p);
  }
  m.allocated += nr - 1;
  head.pgmap?.ops.folio_split?.(head, pages.slice(1));
  for (const f of m.splitObservers) f(head, pages);
  return pages;
}

/** `fn(head, pages)` runs whenever a folio is split (simulated devices re-point their entries). */
export function register_folio_split_observer(fn: (head: Page, pages: readonly Page[]) => void): void {
  physmem().splitObservers.push(fn);
}

/**
 * Hook 4a for simulated devices: `fn(page)` runs whenever a folio is freed (after the
 * mapped-page check, before its pfn can be reused), for this execution only.
 */
export function register_page_free_observer(fn: (page: Page) => void): void {
  physmem().observers.push(fn);
}

/* ---- contents ---------------------------------------------------------------------------- */

/*
 * Folio byte `off` is byte (off & 4095) of the frame page.pfn + (off >> 12). Multi-byte
 * accesses are little-endian and may cross chunks (see page_contents.ts).
 */

export function page_read_u8(page: Page, off: number): number {
  if (observing()) footprint('page', page);
  return frame_load_u8(physmem().data, page.pfn, off);
}
export function page_write_u8(page: Page, off: number, v: number): void {
  if (observing()) footprint('page', page);
  frame_store_u8(physmem().data, page.pfn, off, v);
}
export function page_read_u32(page: Page, off: number): number {
  if (observing()) footprint('page', page);
  return frame_load_u32(physmem().data, page.pfn + (off >>> PAGE_SHIFT), off & (PAGE_SIZE - 1));
}
export function page_write_u32(page: Page, off: number, v: number): void {
  if (observing()) footprint('page', page);
  frame_store_u32(physmem().data, page.pfn + (off >>> PAGE_SHIFT), off & (PAGE_SIZE - 1), v);
}
export function page_read_u64(page: Page, off: number): bigint {
  if (observing()) footprint('page', page);
  return frame_load_u64(physmem().data, page.pfn + (off >>> PAGE_SHIFT), off & (PAGE_SIZE - 1));
}
export function page_write_u64(page: Page, off: number, v: bigint): void {
  if (observing()) footprint('page', page);
  frame_store_u64(physmem().data, page.pfn + (off >>> PAGE_SHIFT), off & (PAGE_SIZE - 1), v);
}

function check_off(page: Page, off: number, size: number): void {
  if (off < 0 || off + size > PAGE_SIZE << page.order) throw new RangeError(`offset ${off}+${size} outside ${page.label}`);
}

/** Read `size` bytes (1, 4 or 8) at a pfn and offset in that 4 KiB page (drivers, HMM tests). */
export function pfn_read(pfn: number, off: number, size: 1 | 4 | 8): bigint {
  if (observing()) pfn_touch(pfn);
  const p = pfn_to_page(pfn);
  if (p === null) throw new RangeError(`pfn ${pfn} has no struct page`);
  const o = (pfn - p.pfn) * PAGE_SIZE + off;
  check_off(p, o, size);
  return size === 8 ? page_read_u64(p, o) : BigInt(size === 4 ? page_read_u32(p, o) : page_read_u8(p, o));
}

export function pfn_write(pfn: number, off: number, size: 1 | 4 | 8, v: bigint): void {
  if (observing()) pfn_touch(pfn);
  const p = pfn_to_page(pfn);
  if (p === null) throw new RangeError(`pfn ${pfn} has no struct page`);
  const o = (pfn - p.pfn) * PAGE_SIZE + off;
  check_off(p, o, size);
  if (size === 8) page_write_u64(p, o, v);
  else if (size === 4) page_write_u32(p, o, Number(BigInt.asUintN(32, v)));
  else page_write_u8(p, o, Number(v & 0xffn));
}

/**
 * Copy `len` bytes of folio contents from byte `off` into `dst` at `dstOff` (a device or kernel
 * reading the page: memcpy from a kmap'd page).
 */
export function page_copy_out(page: Page, off: number, dst: Uint8Array, dstOff: number, len: number): void {
  if (observing()) footprint('page', page);
  const s = physmem().data;
  for (let done = 0; done < len; ) {
    const o = off + done;
    const n = Math.min(len - done, PAGE_SIZE - (o & (PAGE_SIZE - 1)));
    frame_read(s, page.pfn + (o >>> PAGE_SHIFT), o & (PAGE_SIZE - 1), dst.subarray(dstOff + done, dstOff + done + n));
    done += n;
  }
}

/** Copy `len` bytes from `src` at `srcOff` into folio contents at byte `off` (memcpy to the page). */
export function page_copy_in(page: Page, off: number, src: Uint8Array, srcOff: number, len: number): void {
  if (observing()) footprint('page', page);
  const s = physmem().data;
  for (let done = 0; done < len; ) {
    const o = off + done;
    const n = Math.min(len - done, PAGE_SIZE - (o & (PAGE_SIZE - 1)));
    frame_write(s, page.pfn + (o >>> PAGE_SHIFT), o & (PAGE_SIZE - 1), src.subarray(srcOff + done, srcOff + done + n));
    done += n;
  }
}

/**
 * Copy `len` bytes (a multiple of 64) of contents: folio `src` at byte `srcOff` to folio `dst`
 * at byte `dstOff` (copy_highpage / folio_copy / copy_mc_user_highpage).
 */
export function copy_page_data(dst: Page, dstOff: number, src: Page, srcOff: number, len: number): void {
  if (observing()) (footprint('page', dst), footprint('page', src));
  const s = physmem().data;
  const dt = table_of(s, dst.pfn);
  const st = table_of(s, src.pfn);
  if (((dstOff | srcOff | len) & (PAGE_SIZE - 1)) === 0) {
    // Whole frames (every caller but odd drivers).
    const df = frame_of(dst.pfn) + (dstOff >>> PAGE_SHIFT);
    const sf = frame_of(src.pfn) + (srcOff >>> PAGE_SHIFT);
    for (let i = 0, n = len >>> PAGE_SHIFT; i < n; i++) s.copy(dt, df + i, st, sf + i);
    return;
  }
  for (let c = 0; c < len; c += CHUNK) {
    const dp = dst.pfn + ((dstOff + c) >>> PAGE_SHIFT);
    const dk = ((dstOff + c) & (PAGE_SIZE - 1)) >>> CHUNK_SHIFT;
    const sp = src.pfn + ((srcOff + c) >>> PAGE_SHIFT);
    const from = s.find(st, frame_of(sp), ((srcOff + c) & (PAGE_SIZE - 1)) >>> CHUNK_SHIFT);
    if (from < 0) s.clear(dt, frame_of(dp), dk, dk + 1);
    else s.copyChunk(s.get(dt, frame_of(dp), dk), from);
  }
}

/** Copy one 4 KiB sub-page: dst sub-page `di` from src sub-page `si`. */
export function copy_subpage(dst: Page, di: number, src: Page, si: number): void {
  if (observing()) (footprint('page', dst), footprint('page', src));
  copy_page_data(dst, di << PAGE_SHIFT, src, si << PAGE_SHIFT, PAGE_SIZE);
}

/** Detached contents of one 4 KiB sub-page, as swap holds them: a swap frame of the store. */
export type PageData = number;

/** Copy a sub-page's contents out to a new swap frame (swap-out). */
export function save_subpage(src: Page, si: number): PageData {
  if (observing()) (footprint('page', src), footprint('swap', null));
  const s = physmem().data;
  return s.saveToSwap(table_of(s, src.pfn), frame_of(src.pfn) + si);
}

/** Copy saved contents into sub-page `di` of `dst` (swap-in). */
export function restore_subpage(dst: Page, di: number, saved: PageData): void {
  if (observing()) (footprint('page', dst), footprint('swap', null));
  const s = physmem().data;
  s.copy(table_of(s, dst.pfn), frame_of(dst.pfn) + di, s.swap, saved);
}

/** Does sub-page `si` of `page` hold exactly what `saved` holds (a clean page and its slot)? */
export function subpage_matches_saved(page: Page, si: number, saved: PageData): boolean {
  if (observing()) (footprint('page', page), footprint('swap', null));
  const s = physmem().data;
  return s.sameFrame(table_of(s, page.pfn), frame_of(page.pfn) + si, s.swap, saved);
}

/** Overwrite `saved` with sub-page `si` of `page` (writeback of a dirty swap-cache page). */
export function write_subpage_to_saved(page: Page, si: number, saved: PageData): void {
  if (observing()) (footprint('page', page), footprint('swap', null));
  const s = physmem().data;
  s.copy(s.swap, saved, table_of(s, page.pfn), frame_of(page.pfn) + si);
}

export function free_saved(saved: PageData): void {
  if (observing()) footprint('swap', null);
  physmem().data.freeSwap(saved);
}

/** Zero a byte range of a folio's contents (64-byte aligned). */
export function clear_page_range(page: Page, off: number, len: number): void {
  if (observing()) footprint('page', page);
  const s = physmem().data;
  const t = table_of(s, page.pfn);
  for (let o = off; o < off + len; ) {
    const f = frame_of(page.pfn) + (o >>> PAGE_SHIFT);
    const k0 = (o & (PAGE_SIZE - 1)) >>> CHUNK_SHIFT;
    const k1 = Math.min(FRAME_CHUNKS, k0 + ((off + len - o) >>> CHUNK_SHIFT));
    if (k1 === k0) break; // less than a chunk left: callers pass 64-byte multiples
    s.clear(t, f, k0, k1);
    o += (k1 - k0) << CHUNK_SHIFT;
  }
}

/** The contents of this execution's frames (uaccess reads and writes them by pfn directly). */
export function page_contents(): ContentStore {
  return physmem().data;
}

/** Memory statistics of the running execution. */
export function mem_stats(): { allocated: number; freed: number; live: number; chunks: number } {
  // Counts every allocation and free made so far: a read of all of memory.
  if (observing()) footprint('memory read', null);
  const m = physmem();
  return { allocated: m.allocated, freed: m.freed, live: m.allocated - m.freed, chunks: m.data.chunksInUse };
}
