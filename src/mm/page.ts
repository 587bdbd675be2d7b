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
 * Locking: none in the model. In the kernel these are atomics and the page lock; here every
 * operation is a plain atomic step (no scheduling point), which is what the kernel's atomics
 * guarantee. A page is freed exactly when its refcount drops to zero; freeing one that is
 * still mapped is a `bug` report ("Bad page state"), as with CONFIG_DEBUG_VM.
 *
 * Contents are sparse: 64-byte chunks allocated on first write from one per-execution pool;
 * an untouched chunk reads as zero. Data is copied on COW and migration and moved to swap.
 */

import { cur, type Sched } from '../kernel/index.js';
import { HPAGE_PMD_ORDER, PAGE_SHIFT, PAGE_SIZE } from './constants.js';
import { per_execution } from './exec_state.js';

export const enum PageKind {
  Anon = 0,
  File = 1,
  Zero = 2,
  DevicePrivate = 3,
  DeviceCoherent = 4,
  /** A driver's or kernel page (vm_insert_page into a VM_MIXEDMAP VMA, dmirror backing pages). */
  Kernel = 5,
}

export const PAGE_KIND_NAMES = ['anon', 'file', 'zero', 'device-private', 'device-coherent', 'kernel'] as const;

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
  /** Set by vm_ops.fault: the page to map (refcount already taken for the mapping). */
  result_page?: Page | null;
}

export interface DevPagemapOps {
  /** Called when a device page's refcount drops to zero (before its pfn is reused). */
  page_free?(page: Page): void;
  /** CPU fault on a device-private entry: migrate the page back to system memory. */
  migrate_to_ram?(vmf: VmFault): Sched<number>;
}

/** struct dev_pagemap: MEMORY_DEVICE_PRIVATE or MEMORY_DEVICE_COHERENT memory of one device. */
export class DevPagemap {
  constructor(
    readonly type: 'private' | 'coherent',
    /** pgmap->owner: compared with hmm_range.dev_private_owner / migrate owner. */
    readonly owner: unknown,
    readonly ops: DevPagemapOps,
    readonly label = 'pgmap',
  ) {}
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
  /*
   * Contents (see "contents" below): the folio's first written 64-byte chunk is kept inline
   * (index c0k, pool offset c0), the others in `more` (a directory indexed by chunk: 1 + pool
   * offset, or 0). A chunk never written reads as zero. Pages written in one place never
   * allocate a directory.
   */
  c0k = -1;
  c0 = 0;
  more: ChunkDir | null = null;
  /** PG_dirty. Cleared by MADV_FREE, set by writes through a mapping. */
  dirty = false;
  /** MADV_FREE'd and clean: reclaim may discard it instead of swapping. */
  lazyfree = false;
  freed = false;
  private ext: PageExt | null = null;
  constructor(
    readonly pfn: number,
    readonly order: number,
    public kind: PageKind,
  ) {}
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

/** First pfn of ZONE_DEVICE memory; everything below is system RAM. */
export const DEVICE_PFN_BASE = 2 ** 30;
export const ZERO_PFN = 1;
export const HUGE_ZERO_PFN = 512;
const FIRST_RAM_PFN = 1024;

interface PageFreeObserver {
  (page: Page): void;
}

class PhysMem {
  /** pfn -> folio, for system RAM (dense array). */
  readonly pages: (Page | undefined)[] = [];
  /** pfn -> folio, for ZONE_DEVICE memory (sparse). */
  readonly devpages = new Map<number, Page>();
  readonly freelist: number[][] = [];
  readonly devFreelist: number[][] = [];
  nextPfn = FIRST_RAM_PFN;
  nextDevPfn = DEVICE_PFN_BASE;
  readonly zero: Page;
  readonly hugeZero: Page;
  /** Statistics (tests and the benchmark read them). */
  allocated = 0;
  freed = 0;
  readonly observers: PageFreeObserver[] = [];
  /** Content pool: 64-byte chunks. */
  pool = new Uint8Array(64 * 1024);
  view = new DataView(this.pool.buffer);
  poolTop = 0;
  readonly poolFree: number[] = [];
  constructor() {
    this.zero = new Page(ZERO_PFN, 0, PageKind.Zero);
    this.hugeZero = new Page(HUGE_ZERO_PFN, HPAGE_PMD_ORDER, PageKind.Zero);
    // Keep the array dense (push, never `length =`): a sparse one drops to dictionary mode.
    const pages = this.pages;
    while (pages.length < FIRST_RAM_PFN) pages.push(undefined);
    pages[ZERO_PFN] = this.zero;
    for (let i = 0; i < 512; i++) pages[HUGE_ZERO_PFN + i] = this.hugeZero;
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
export function alloc_pages(order: number, kind: PageKind = PageKind.Anon): Page {
  const m = physmem();
  const fl = m.freelist[order];
  let pfn: number;
  if (fl !== undefined && fl.length > 0) pfn = fl.pop()!;
  else {
    const nr = 1 << order;
    pfn = Math.ceil(m.nextPfn / nr) * nr;
    m.nextPfn = pfn + nr;
  }
  const p = new Page(pfn, order, kind);
  const pages = m.pages;
  const n = 1 << order;
  if (pfn + n > pages.length) {
    while (pages.length < pfn) pages.push(undefined);
    for (let i = 0; i < n; i++) pages.push(p);
  } else if (n === 1) pages[pfn] = p;
  else for (let i = 0; i < n; i++) pages[pfn + i] = p;
  m.allocated++;
  return p;
}

export function alloc_page(kind: PageKind = PageKind.Anon): Page {
  return alloc_pages(0, kind);
}

/**
 * A ZONE_DEVICE folio of `pgmap` (what a driver's device allocator hands out after
 * memremap_pages). Its pfn is above DEVICE_PFN_BASE; refcount 1.
 */
export function alloc_device_pages(pgmap: DevPagemap, order = 0): Page {
  const m = physmem();
  const fl = m.devFreelist[order];
  let pfn: number;
  if (fl !== undefined && fl.length > 0) pfn = fl.pop()!;
  else {
    const nr = 1 << order;
    pfn = Math.ceil(m.nextDevPfn / nr) * nr;
    m.nextDevPfn = pfn + nr;
  }
  const p = new Page(pfn, order, pgmap.type === 'private' ? PageKind.DevicePrivate : PageKind.DeviceCoherent);
  p.pgmap = pgmap;
  for (let i = 0, n = 1 << order; i < n; i++) m.devpages.set(pfn + i, p);
  m.allocated++;
  return p;
}

/** The folio containing `pfn`, or null (no struct page: free memory or a raw PFNMAP pfn). */
export function pfn_to_page(pfn: number): Page | null {
  const m = physmem();
  const p = pfn < DEVICE_PFN_BASE ? m.pages[pfn] : m.devpages.get(pfn);
  return p === undefined ? null : p;
}

/** page_to_pfn for a sub-page: the folio's pfn plus the index. */
export function folio_page_pfn(page: Page, i: number): number {
  return page.pfn + i;
}

/** get_page(): take a reference. Taking one on a freed page is a use-after-free. */
export function get_page(page: Page): void {
  if (page.kind === PageKind.Zero) return;
  if (page.freed || page.refcount <= 0) {
    cur.report('use-after-free', 'BUG: Bad page state: get_page on a freed page', `get_page on freed ${page.label}`, [`by thread ${cur.current.name} at step ${cur.steps}`]);
  }
  page.refcount++;
}

/** put_page(): drop a reference; the last one frees the folio. */
export function put_page(page: Page): void {
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

/** Called once when the last reference goes. */
function free_folio(page: Page): void {
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
  page.freed = true;
  const obs = m.observers;
  for (let i = 0; i < obs.length; i++) obs[i]!(page);
  release_data(m, page);
  const nr = 1 << page.order;
  if (page.pfn >= DEVICE_PFN_BASE) {
    page.pgmap?.ops.page_free?.(page);
    for (let i = 0; i < nr; i++) m.devpages.delete(page.pfn + i);
    (m.devFreelist[page.order] ??= []).push(page.pfn);
  } else {
    const pages = m.pages;
    if (nr === 1) pages[page.pfn] = undefined;
    else for (let i = 0; i < nr; i++) pages[page.pfn + i] = undefined;
    (m.freelist[page.order] ??= []).push(page.pfn);
  }
  m.freed++;
}

/**
 * Hook 4a for simulated devices: `fn(page)` runs whenever a folio is freed (after the
 * mapped-page check, before its pfn can be reused), for this execution only.
 */
export function register_page_free_observer(fn: (page: Page) => void): void {
  physmem().observers.push(fn);
}

/* ---- contents ---------------------------------------------------------------------------- */

const CHUNK_SHIFT = 6;
const CHUNK = 1 << CHUNK_SHIFT;
/** Chunks per 4 KiB page. */
const CHUNKS_PER_PAGE = PAGE_SIZE >>> CHUNK_SHIFT;

/**
 * A chunk directory (1 + pool offset per chunk, 0 = zero). A 4 KiB page's 64 entries live in a
 * small on-heap array; a huge folio's thousands in an Int32Array (a large JS array costs far
 * more to allocate, a small typed array's off-heap buffer more to collect).
 */
type ChunkDir = Int32Array | number[];

function new_chunk_dir(n: number): ChunkDir {
  return n <= CHUNKS_PER_PAGE ? new Array<number>(n).fill(0) : new Int32Array(n);
}

/** Anything holding contents as chunks in the pool: a folio, or a swapped-out page. */
interface Contents {
  c0k: number;
  c0: number;
  more: ChunkDir | null;
}

function pool_alloc(m: PhysMem): number {
  if (m.poolFree.length > 0) {
    const off = m.poolFree.pop()!;
    m.pool.fill(0, off, off + CHUNK);
    return off;
  }
  if (m.poolTop + CHUNK > m.pool.length) {
    const bigger = new Uint8Array(m.pool.length * 2);
    bigger.set(m.pool);
    m.pool = bigger;
    m.view = new DataView(bigger.buffer);
  }
  const off = m.poolTop;
  m.poolTop += CHUNK;
  return off;
}

/** Pool offset of chunk k, or -1 when it reads as zero. */
function chunk_at(o: Contents, k: number): number {
  if (o.c0k === k) return o.c0;
  const more = o.more;
  return more === null ? -1 : more[k]! - 1;
}

/** Pool offset of chunk k, allocating it (and the directory, sized for `nchunks`). */
function chunk_alloc(m: PhysMem, o: Contents, k: number, nchunks: number): number {
  if (o.c0k === k) return o.c0;
  if (o.c0k < 0) {
    o.c0k = k;
    return (o.c0 = pool_alloc(m));
  }
  let more = o.more;
  if (more === null) o.more = more = new_chunk_dir(nchunks);
  const c = more[k]!;
  if (c !== 0) return c - 1;
  const n = pool_alloc(m);
  more[k] = n + 1;
  return n;
}

/** Return the chunks with index in [from, to) to the pool. */
function chunks_release(m: PhysMem, o: Contents, from: number, to: number): void {
  if (o.c0k >= from && o.c0k < to) {
    m.poolFree.push(o.c0);
    o.c0k = -1;
  }
  const more = o.more;
  if (more === null) return;
  for (let k = from; k < to; k++) {
    const c = more[k]!;
    if (c !== 0) {
      m.poolFree.push(c - 1);
      more[k] = 0;
    }
  }
}

/** Call fn(k, poolOffset) for every allocated chunk with index in [from, to). */
function chunks_each(o: Contents, from: number, to: number, fn: (k: number, c: number) => void): void {
  if (o.c0k >= from && o.c0k < to) fn(o.c0k, o.c0);
  const more = o.more;
  if (more === null) return;
  for (let k = from; k < to; k++) {
    const c = more[k]!;
    if (c !== 0) fn(k, c - 1);
  }
}

function release_data(m: PhysMem, o: Contents): void {
  if (o.c0k >= 0) {
    m.poolFree.push(o.c0);
    o.c0k = -1;
  }
  const more = o.more;
  if (more !== null) {
    for (let k = 0; k < more.length; k++) if (more[k]! !== 0) m.poolFree.push(more[k]! - 1);
    o.more = null;
  }
}

/** Pool byte offset of folio byte `off`, allocating its chunk. */
function chunk_w(m: PhysMem, page: Page, off: number): number {
  return chunk_alloc(m, page, off >>> CHUNK_SHIFT, CHUNKS_PER_PAGE << page.order) + (off & (CHUNK - 1));
}

/** Pool byte offset of folio byte `off`, or -1 if it reads as zero. */
function chunk_r(page: Page, off: number): number {
  const c = chunk_at(page, off >>> CHUNK_SHIFT);
  return c < 0 ? -1 : c + (off & (CHUNK - 1));
}

function check_off(page: Page, off: number, size: number): void {
  if (off < 0 || off + size > PAGE_SIZE << page.order) throw new RangeError(`offset ${off}+${size} outside ${page.label}`);
}

/** Read `size` (1, 2, 4 or 8) bytes little-endian at byte `off` of the folio, as a bigint. */
function read_bytes(page: Page, off: number, size: number): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(page_read_u8(page, off + i));
  return v;
}

export function page_read_u8(page: Page, off: number): number {
  const c = chunk_r(page, off);
  return c < 0 ? 0 : physmem().pool[c]!;
}

export function page_write_u8(page: Page, off: number, v: number): void {
  const m = physmem();
  const c = chunk_w(m, page, off);
  m.pool[c] = v & 0xff;
}

export function page_read_u32(page: Page, off: number): number {
  if ((off & (CHUNK - 1)) > CHUNK - 4) return Number(read_bytes(page, off, 4));
  const c = chunk_r(page, off);
  return c < 0 ? 0 : physmem().view.getUint32(c, true);
}

export function page_write_u32(page: Page, off: number, v: number): void {
  const m = physmem();
  if ((off & (CHUNK - 1)) > CHUNK - 4) {
    for (let i = 0; i < 4; i++) page_write_u8(page, off + i, (v >>> (8 * i)) & 0xff);
    return;
  }
  const c = chunk_w(m, page, off); // may grow the pool (and replace m.view)
  m.view.setUint32(c, v >>> 0, true);
}

export function page_read_u64(page: Page, off: number): bigint {
  if ((off & (CHUNK - 1)) > CHUNK - 8) return read_bytes(page, off, 8);
  const c = chunk_r(page, off);
  return c < 0 ? 0n : physmem().view.getBigUint64(c, true);
}

export function page_write_u64(page: Page, off: number, v: bigint): void {
  const m = physmem();
  if ((off & (CHUNK - 1)) > CHUNK - 8) {
    for (let i = 0; i < 8; i++) page_write_u8(page, off + i, Number((v >> BigInt(8 * i)) & 0xffn));
    return;
  }
  const c = chunk_w(m, page, off);
  m.view.setBigUint64(c, BigInt.asUintN(64, v), true);
}

/** Read `size` bytes (1, 4 or 8) at a pfn and offset in that 4 KiB page (drivers, HMM tests). */
export function pfn_read(pfn: number, off: number, size: 1 | 4 | 8): bigint {
  const p = pfn_to_page(pfn);
  if (p === null) throw new RangeError(`pfn ${pfn} has no struct page`);
  const o = (pfn - p.pfn) * PAGE_SIZE + off;
  check_off(p, o, size);
  return size === 8 ? page_read_u64(p, o) : BigInt(size === 4 ? page_read_u32(p, o) : page_read_u8(p, o));
}

export function pfn_write(pfn: number, off: number, size: 1 | 4 | 8, v: bigint): void {
  const p = pfn_to_page(pfn);
  if (p === null) throw new RangeError(`pfn ${pfn} has no struct page`);
  const o = (pfn - p.pfn) * PAGE_SIZE + off;
  check_off(p, o, size);
  if (size === 8) page_write_u64(p, o, v);
  else if (size === 4) page_write_u32(p, o, Number(BigInt.asUintN(32, v)));
  else page_write_u8(p, o, Number(v & 0xffn));
}

/**
 * Copy `len` bytes (multiples of 64, chunk-aligned) of folio contents into `dst` at `dstOff`
 * (a device or kernel reading the page: memcpy from a kmap'd page).
 */
export function page_copy_out(page: Page, off: number, dst: Uint8Array, dstOff: number, len: number): void {
  const pool = physmem().pool;
  for (let c = 0; c < len; c += CHUNK) {
    const at = chunk_at(page, (off + c) >>> CHUNK_SHIFT);
    if (at < 0) dst.fill(0, dstOff + c, dstOff + c + CHUNK);
    else dst.set(pool.subarray(at, at + CHUNK), dstOff + c);
  }
}

/** Copy `len` bytes (multiples of 64, chunk-aligned) from `src` into folio contents. */
export function page_copy_in(page: Page, off: number, src: Uint8Array, srcOff: number, len: number): void {
  const m = physmem();
  for (let c = 0; c < len; c += CHUNK) {
    const k = (off + c) >>> CHUNK_SHIFT;
    if (chunk_at(page, k) < 0) {
      // An all-zero chunk over a zero chunk changes nothing: keep it unallocated.
      let zero = true;
      for (let i = 0; i < CHUNK; i++) {
        if (src[srcOff + c + i] !== 0) {
          zero = false;
          break;
        }
      }
      if (zero) continue;
    }
    const at = chunk_alloc(m, page, k, CHUNKS_PER_PAGE << page.order);
    m.pool.set(src.subarray(srcOff + c, srcOff + c + CHUNK), at);
  }
}

/**
 * Copy chunks [s0, s0+n) of `src` to chunks [d0, d0+n) of `dst` (which were released);
 * `dstChunks` sizes dst's directory.
 */
function copy_chunks(m: PhysMem, dst: Contents, d0: number, dstChunks: number, src: Contents, s0: number, n: number): void {
  chunks_each(src, s0, s0 + n, (k, from) => {
    const c = chunk_alloc(m, dst, k - s0 + d0, dstChunks);
    m.pool.copyWithin(c, from, from + CHUNK);
  });
}

/**
 * Copy `len` bytes (a multiple of 64) of contents: folio `src` at byte `srcOff` to folio `dst`
 * at byte `dstOff` (copy_highpage / folio_copy / copy_mc_user_highpage).
 */
export function copy_page_data(dst: Page, dstOff: number, src: Page, srcOff: number, len: number): void {
  const m = physmem();
  const d0 = dstOff >>> CHUNK_SHIFT;
  const n = len >>> CHUNK_SHIFT;
  chunks_release(m, dst, d0, d0 + n);
  copy_chunks(m, dst, d0, CHUNKS_PER_PAGE << dst.order, src, srcOff >>> CHUNK_SHIFT, n);
}

/** Copy one 4 KiB sub-page: dst sub-page `di` from src sub-page `si`. */
export function copy_subpage(dst: Page, di: number, src: Page, si: number): void {
  copy_page_data(dst, di << PAGE_SHIFT, src, si << PAGE_SHIFT, PAGE_SIZE);
}

/** Detached contents of one 4 KiB sub-page (swap-out stores these). */
export interface PageData extends Contents {}

/** Copy a sub-page's contents into a detached PageData (used by swap). */
export function save_subpage(src: Page, si: number): PageData {
  const out: PageData = { c0k: -1, c0: 0, more: null };
  copy_chunks(physmem(), out, 0, CHUNKS_PER_PAGE, src, si * CHUNKS_PER_PAGE, CHUNKS_PER_PAGE);
  return out;
}

/** Copy saved contents into sub-page `di` of `dst` (swap-in). */
export function restore_subpage(dst: Page, di: number, saved: PageData): void {
  const m = physmem();
  const d0 = di * CHUNKS_PER_PAGE;
  chunks_release(m, dst, d0, d0 + CHUNKS_PER_PAGE);
  copy_chunks(m, dst, d0, CHUNKS_PER_PAGE << dst.order, saved, 0, CHUNKS_PER_PAGE);
}

export function free_saved(saved: PageData): void {
  release_data(physmem(), saved);
}

/** Zero a byte range of a folio's contents (multiple of 64 bytes). */
export function clear_page_range(page: Page, off: number, len: number): void {
  chunks_release(physmem(), page, off >>> CHUNK_SHIFT, (off + len) >>> CHUNK_SHIFT);
}

/** Memory statistics of the running execution. */
export function mem_stats(): { allocated: number; freed: number; live: number } {
  const m = physmem();
  return { allocated: m.allocated, freed: m.freed, live: m.allocated - m.freed };
}
