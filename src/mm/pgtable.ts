/*
 * Page tables: the per-mm tree of entries at 4 KiB (PTE), 2 MiB (PMD leaf: THP, huge zero page,
 * 2 MiB hugetlb) and 1 GiB (PUD leaf: 1 GiB hugetlb), every entry kind HMM distinguishes, the
 * read API HMM's walker uses (walk_entry), rmap counting, and the notifier-bracket check.
 *
 * Layout: mm.pmd maps a PMD index (addr / 2 MiB) to a PteTable (512 PTEs in typed arrays) or a
 * PmdLeaf; mm.pud maps a PUD index to a PudLeaf. There is no pgd/p4d level (nothing observes it).
 *
 * Locking: in the kernel the page-table lock (mm->page_table_lock / split PTE locks) protects
 * entries against other writers, and the mmap_lock (read) keeps the tables themselves; the CPU
 * (a TLB miss) and hmm_range_fault read entries without the ptl. So every change of one entry
 * (a PTE, a PMD or PUD leaf) is a step of its own, preceded by a scheduling point (pte_point),
 * and a change re-reads the entry after its point, as code under the ptl sees the entry as it
 * is when it takes the lock. What the kernel changes together with the entry under the ptl
 * (the rmap count, the mapping's page reference) is part of the same step. Walkers hold the
 * mmap_lock (walk_entry asserts it). Every removal or downgrade of a mapping must run inside an
 * mmu_notifier_invalidate_range_start/end bracket of the same thread covering the address:
 * assert_invalidating() reports a `bug` otherwise.
 */

import { cur, footprint, lock_is_held, note, observing, visible } from '../kernel/index.js';
import { HPAGE_PMD_ORDER, HPAGE_PUD_ORDER, PAGE_SIZE, PMD_SIZE, PUD_SIZE } from './constants.js';
import type { MmStruct } from './mm_struct.js';
import { pfn_to_page, type Page } from './page.js';

export const enum PteKind {
  None = 0,
  Present = 1,
  Zero = 2,
  Swap = 3,
  Migration = 4,
  DevicePrivate = 5,
  DeviceExclusive = 6,
  Special = 7,
}

export const PTE_KIND_NAMES = ['none', 'present', 'zero', 'swap', 'migration', 'device-private', 'device-exclusive', 'special'] as const;
export type CpuEntryKind = (typeof PTE_KIND_NAMES)[number];

/* Entry flag bits (stored next to the kind). For swap-like entries WRITE means a writable
 * migration / device-private / device-exclusive entry. */
export const PTE_WRITE = 1;
export const PTE_DIRTY = 2;
export const PTE_YOUNG = 4;
export const PTE_SOFT_DIRTY = 8;
/** The model's pte_protnone: present but inaccessible (mprotect PROT_NONE). */
export const PTE_NOACCESS = 16;
/**
 * pte_devmap: a present entry of a ZONE_DEVICE page inserted by DAX (pfn_t_devmap; 5.x to
 * 6.14). The model's devmap entries hold the mapping's page reference and rmap count like any
 * present entry (fsdax mappings did not count them before 6.15; nothing here observes that).
 */
export const PTE_DEVMAP = 32;

/** One PTE page: 512 entries. `val` is a pfn, or a swap slot for PteKind.Swap. */
export class PteTable {
  readonly kind = new Uint8Array(512);
  readonly flags = new Uint8Array(512);
  readonly val = new Int32Array(512);
  /** Number of entries that are not none. */
  nr = 0;
}

/** A PMD-level leaf: THP (present or huge zero), PMD migration / device-private entry, 2 MiB hugetlb. */
export class PmdLeaf {
  constructor(
    public kind: PteKind,
    public flags: number,
    /** Head pfn of the 2 MiB folio. */
    public pfn: number,
    readonly hugetlb: boolean,
  ) {}
}

/** A PUD-level leaf: 1 GiB hugetlb page, or a devmap leaf of a 1 GiB-aligned device-dax mapping. */
export class PudLeaf {
  constructor(
    public kind: PteKind,
    public flags: number,
    public pfn: number,
    readonly hugetlb: boolean = true,
  ) {}
}

export type PmdEntry = PteTable | PmdLeaf;

const PMD_CACHE = 64;

/**
 * An mm's PMD level: PMD index -> PTE table or PMD leaf. A Map with a small direct-mapped
 * cache of recent look-ups in front (the model's page-walk cache): faults and user accesses
 * hit the same few PMDs again and again, and a Map look-up costs more than the access itself.
 * Every change goes through set, delete or clear, which keep the cache exact.
 */
export class PmdMap extends Map<number, PmdEntry> {
  private readonly ck = new Int32Array(PMD_CACHE).fill(-1);
  private readonly cv: (PmdEntry | undefined)[] = new Array<PmdEntry | undefined>(PMD_CACHE).fill(undefined);
  /**
   * The mm whose PMD level this is (set by MmStruct): look-ups and changes are recorded for the
   * dependency relation under its key pmd:<mm>:<index> (dep_keys.ts), so a step that reads a
   * slot is ordered against one that changes it whatever else either step does.
   */
  owner: object | null = null;

  /**
   * A look-up by code that may go on to read any entry of the table it finds (a loop's
   * look-ahead, a walk): for the dependency relation a write of the slot, which every fine
   * operation under it reads (dep_keys.ts 'pmd get'). Sites that record each entry they read
   * (pte_op_fine, pte_read_op, pte_peek, peek_entry) use lookup().
   */
  override get(k: number): PmdEntry | undefined {
    if (this.owner !== null && observing()) footprint('pmd get', this.owner, k * PMD_SIZE);
    return this.raw(k);
  }

  /** A look-up of the slot alone: the caller records every entry of the table it reads. */
  lookup(k: number): PmdEntry | undefined {
    if (this.owner !== null && observing()) footprint('pmd lookup', this.owner, k * PMD_SIZE);
    return this.raw(k);
  }

  private raw(k: number): PmdEntry | undefined {
    const i = k & (PMD_CACHE - 1);
    if (this.ck[i] === k) return this.cv[i];
    const v = super.get(k);
    if (v !== undefined) {
      this.ck[i] = k;
      this.cv[i] = v;
    }
    return v;
  }
  /** The number of slots, not recorded as a read (for choosing how to look slots up only). */
  get rawSize(): number {
    return super.size;
  }
  override has(k: number): boolean {
    if (this.owner !== null && observing()) footprint('pmd lookup', this.owner, k * PMD_SIZE);
    return super.has(k);
  }
  override set(k: number, v: PmdEntry): this {
    if (this.owner !== null && observing()) footprint('pmd slot', this.owner, k * PMD_SIZE);
    const i = k & (PMD_CACHE - 1);
    if (this.ck[i] === k) this.cv[i] = v;
    return super.set(k, v);
  }
  override delete(k: number): boolean {
    if (this.owner !== null && observing()) footprint('pmd slot', this.owner, k * PMD_SIZE);
    const i = k & (PMD_CACHE - 1);
    if (this.ck[i] === k) {
      this.ck[i] = -1;
      this.cv[i] = undefined;
    }
    return super.delete(k);
  }
  /* Walking every slot reads the whole level: coarse (dep_keys.ts 'memory read'). */
  override get size(): number {
    if (observing()) footprint('memory read', null);
    return super.size;
  }
  override keys(): MapIterator<number> {
    if (observing()) footprint('memory read', null);
    return super.keys();
  }
  override values(): MapIterator<PmdEntry> {
    if (observing()) footprint('memory read', null);
    return super.values();
  }
  override entries(): MapIterator<[number, PmdEntry]> {
    if (observing()) footprint('memory read', null);
    return super.entries();
  }
  override [Symbol.iterator](): MapIterator<[number, PmdEntry]> {
    if (observing()) footprint('memory read', null);
    return super[Symbol.iterator]();
  }
  override forEach(fn: (v: PmdEntry, k: number, m: Map<number, PmdEntry>) => void, self?: unknown): void {
    if (observing()) footprint('memory read', null);
    super.forEach(fn, self);
  }
  override clear(): void {
    if (observing()) footprint('memory', null);
    this.ck.fill(-1);
    this.cv.fill(undefined);
    super.clear();
  }
}

/**
 * An mm's PUD level (PUD index -> leaf). PUD leaves are rare: every change is coarse (the whole
 * of memory, dep_keys.ts), every look-up a fine operation under it.
 */
export class PudMap extends Map<number, PudLeaf> {
  override get(k: number): PudLeaf | undefined {
    if (observing()) footprint('pud get', null);
    return super.get(k);
  }
  override has(k: number): boolean {
    if (observing()) footprint('pud get', null);
    return super.has(k);
  }
  override set(k: number, v: PudLeaf): this {
    if (observing()) footprint('memory', null);
    return super.set(k, v);
  }
  override delete(k: number): boolean {
    if (observing()) footprint('memory', null);
    return super.delete(k);
  }
  /* Every read of the level is a fine operation under the coarse key its changes write. */
  override get size(): number {
    if (observing()) footprint('pud get', null);
    return super.size;
  }
  override keys(): MapIterator<number> {
    if (observing()) footprint('pud get', null);
    return super.keys();
  }
  override values(): MapIterator<PudLeaf> {
    if (observing()) footprint('pud get', null);
    return super.values();
  }
  override entries(): MapIterator<[number, PudLeaf]> {
    if (observing()) footprint('pud get', null);
    return super.entries();
  }
  override [Symbol.iterator](): MapIterator<[number, PudLeaf]> {
    if (observing()) footprint('pud get', null);
    return super[Symbol.iterator]();
  }
  override forEach(fn: (v: PudLeaf, k: number, m: Map<number, PudLeaf>) => void, self?: unknown): void {
    if (observing()) footprint('pud get', null);
    super.forEach(fn, self);
  }
  override clear(): void {
    if (observing()) footprint('memory', null);
    super.clear();
  }
}

/* Multiplying by the inverse of a power of two is exact, and much cheaper than dividing. */
const INV_PMD_SIZE = 1 / PMD_SIZE;
const INV_PUD_SIZE = 1 / PUD_SIZE;

/** The PMD index of an address: the key of mm.pmd. */
export function pmd_index(addr: number): number {
  return Math.floor(addr * INV_PMD_SIZE);
}
/** The PUD index of an address: the key of mm.pud. */
export function pud_index(addr: number): number {
  return Math.floor(addr * INV_PUD_SIZE);
}
/** The PTE index of an address in its PTE table (bits 12..20; `>>>` keeps the low 32 bits). */
export function pte_index(addr: number): number {
  return (addr >>> 12) & 511;
}

/** The PMD slot for `addr`: a PTE table, a leaf, or undefined (pmd_none). */
export function pmd_lookup(mm: MmStruct, addr: number): PmdEntry | undefined {
  return mm.pmd.get(pmd_index(addr));
}

/** pte_alloc: the PTE table for `addr`, created if the PMD is empty; null if a leaf is there. */
export function pte_alloc(mm: MmStruct, addr: number): PteTable | null {
  const k = pmd_index(addr);
  return table_in(mm, k, mm.pmd.get(k));
}

/**
 * pte_alloc for a step that then reads or changes only the entry at `addr` (pte_op_fine): the
 * slot is looked up, not read as a whole (a new table is a recorded change of the slot).
 */
export function pte_alloc_one(mm: MmStruct, addr: number): PteTable | null {
  const k = pmd_index(addr);
  return table_in(mm, k, mm.pmd.lookup(k));
}

/** The PTE table of slot k holding `e`: a new one if the slot is empty, null if it holds a leaf. */
function table_in(mm: MmStruct, k: number, e: PmdEntry | undefined): PteTable | null {
  if (e === undefined) {
    const t = new PteTable();
    mm.pmd.set(k, t);
    return t;
  }
  return e instanceof PteTable ? e : null;
}

/*
 * The step of one page-table entry operation. In a generator:
 *
 *     if (cur.record) pte_note('zap pte', mm, addr);
 *     if (!lone_point()) yield;
 *     pte_op(mm, addr);        // then re-read the entry and change it
 *
 * pte_note describes the step for the explain path; pte_op marks the visible operation.
 */
export function pte_note(op: string, mm: MmStruct, addr: number): void {
  note(op, `${mm.__label} 0x${addr.toString(16)}`, 1);
}

/**
 * The visible operation of a page-table entry change (or lockless read) at `addr`, for the
 * dependency relation a coarse one: the step may touch any entry, page or device state (the
 * one "memory" key of dep_keys.ts). Sites that change the one entry at `addr` and nothing but
 * what the hooks below record use pte_op_fine.
 */
export function pte_op(mm: MmStruct, addr: number): void {
  visible('pte', mm, addr);
}

/**
 * pte_op for a step that reads and changes only the entry at `addr` (4 KiB, or the PMD leaf
 * there), the folio it maps, and what the hooks record: PmdMap slot changes, rmap and
 * reference changes (the folio keys), allocations and frees, swap slots. The caller must also
 * record every entry it reads ahead of its next scheduling point (pte_peek), since that read
 * belongs to this step. Keyed by what the slot holds when the step begins (dep_keys.ts): a
 * PTE table -> the entry's key; a PMD leaf or nothing -> the PMD slot's; a PUD leaf -> coarse.
 */
export function pte_op_fine(mm: MmStruct, addr: number): void {
  pte_visible('pte fine', mm, addr, 'page');
}

/**
 * A lockless read of the entry at `addr` (hmm_range_fault's walk): the entry's key read, and the
 * folio it names read; on a PUD leaf coarse.
 */
export function pte_read_op(mm: MmStruct, addr: number): void {
  pte_visible('pte read', mm, addr, 'page read');
}

/**
 * The visible operation `fine` at `addr` (dep_keys.ts), by what the slot holds when the step
 * begins: a PTE table -> `fine` (the entry's key); a PMD leaf or nothing -> 'pte pmd' (unless
 * `fine` only reads: reading a leaf is a fine operation under the slot, which every change of a
 * leaf writes); a PUD leaf -> coarse. The folio the entry names is touched as `pageOp`.
 */
export function pte_visible(fine: string, mm: MmStruct, addr: number, pageOp: string): void {
  if (!observing()) {
    visible(fine, mm, addr);
    return;
  }
  if (mm.pud.size > 0 && mm.pud.get(pud_index(addr)) !== undefined) {
    visible('pte', mm, addr);
    return;
  }
  const e = mm.pmd.lookup(pmd_index(addr));
  let kind: number = PteKind.None;
  let v = 0;
  if (e instanceof PteTable) {
    visible(fine, mm, addr);
    const i = pte_index(addr);
    kind = e.kind[i]!;
    v = e.val[i]!;
  } else {
    visible(fine === 'pte read' ? fine : 'pte pmd', mm, addr);
    if (e !== undefined) {
      kind = e.kind;
      v = e.pfn;
    }
  }
  if (kind === PteKind.None) return;
  if (kind === PteKind.Swap) footprint('swap', null);
  else {
    // The folio, or (none there: freed, or a raw pfn) coarse: which folio an allocation of
    // the pfn would make is not known here.
    const page = pfn_to_page(v);
    if (page !== null) footprint(pageOp, page);
    else footprint('memory read', null);
  }
}

/** A step reads the entry count of the PTE table at `addr` (to free an empty table). */
export function pmd_nr_read(mm: MmStruct, addr: number): void {
  if (observing()) footprint('pmd nr', mm, addr);
}

/** A step reads the entry at `addr` besides its own operation (a loop's look-ahead). */
export function pte_peek(mm: MmStruct, addr: number): void {
  if (observing()) footprint('pte peek', mm, addr);
}

/** True if the entry kind maps something a device or the CPU could be accessing. */
export function kind_maps(kind: number): boolean {
  return kind === PteKind.Present || kind === PteKind.Zero || kind === PteKind.Special || kind === PteKind.DevicePrivate || kind === PteKind.DeviceExclusive;
}

/** True if the entry kind holds a page reference and a mapcount (rmap). */
export function kind_counted(kind: number): boolean {
  return kind === PteKind.Present || kind === PteKind.DevicePrivate || kind === PteKind.DeviceExclusive;
}

/** page_add_*_rmap + the mapping's reference. */
export function rmap_add(page: Page): void {
  if (observing()) footprint('page', page);
  page.mapcount++;
}

/** page_remove_rmap. The reference is dropped separately (mmu_gather or put_page). */
export function rmap_remove(page: Page): void {
  if (observing()) footprint('page', page);
  if (--page.mapcount < 0) {
    cur.report('bug', 'BUG: Bad page map: mapcount underflow', `${page.label} mapcount went negative`, [`by thread ${cur.current.name} at step ${cur.steps}`]);
  }
}

/**
 * The bracket check: a mapping of [start, end) in `mm` is being removed or downgraded by the
 * current thread, which must be between invalidate_range_start and _end of a range covering it.
 */
export function assert_invalidating(mm: MmStruct, start: number, end: number, what: string): void {
  const rs = mm.active_ranges;
  const t = cur.current;
  for (let i = 0; i < rs.length; i++) {
    const r = rs[i]!;
    if (r.thread === t && r.start <= start && end <= r.end) return;
  }
  cur.report(
    'bug',
    `BUG: ${what} without mmu_notifier invalidation`,
    `${what} of [0x${start.toString(16)}, 0x${end.toString(16)}) in ${mm.__label} outside any invalidate_range_start/end bracket`,
    [
      `thread ${t.name} at step ${cur.steps}`,
      `active ranges of ${mm.__label}: ${rs.map((r) => `[0x${r.start.toString(16)}, 0x${r.end.toString(16)}) by ${r.thread.name}`).join(', ') || 'none'}`,
    ],
  );
}

/* ---- read API (for HMM's page walk, drivers and tests) ------------------------------------ */

/** What the CPU page tables say about one 4 KiB page. */
export interface CpuEntry {
  kind: CpuEntryKind;
  /** pfn of this 4 KiB page (sub-page of a huge mapping already added); swap slot for 'swap'. */
  pfn: number;
  writable: boolean;
  dirty: boolean;
  /** Map order: 0 for a PTE, 9 for a PMD leaf (THP, 2 MiB hugetlb), 18 for a PUD leaf. */
  order: number;
  level: 'pte' | 'pmd' | 'pud';
  hugetlb: boolean;
  /** For 'device-private' entries: the page's pgmap->owner (null for every other kind). */
  owner: unknown;
  /** The folio (null for none, swap and raw PFNMAP pfns). */
  page: Page | null;
}

const NONE_ENTRY: CpuEntry = Object.freeze({ kind: 'none', pfn: 0, writable: false, dirty: false, order: 0, level: 'pte', hugetlb: false, owner: null, page: null }) as CpuEntry;

function leafEntry(kind: number, flags: number, headPfn: number, addr: number, size: number, order: number, level: 'pmd' | 'pud', hugetlb: boolean): CpuEntry {
  const pfn = kind === PteKind.Swap ? headPfn : headPfn + Math.floor((addr % size) / PAGE_SIZE);
  const page = kind === PteKind.Swap ? null : pfn_to_page(pfn);
  return {
    kind: PTE_KIND_NAMES[kind]!,
    pfn,
    writable: (flags & PTE_WRITE) !== 0,
    dirty: (flags & PTE_DIRTY) !== 0,
    order,
    level,
    hugetlb,
    owner: kind === PteKind.DevicePrivate ? (page?.pgmap?.owner ?? null) : null,
    page,
  };
}

/** Classify the CPU entry for `addr` without any lock check (tests, checkers, reports). */
export function peek_entry(mm: MmStruct, addr: number): CpuEntry {
  if (!observing()) return peek(mm, addr);
  // For the dependency relation: a read of the entry and of the folio it names (callers
  // compare with the folio's state).
  footprint('pte peek', mm, addr);
  const e = peek(mm, addr);
  if (e.page !== null) footprint('page read', e.page);
  else if (e.kind !== 'none' && e.kind !== 'swap') footprint('memory read', null);
  return e;
}

function peek(mm: MmStruct, addr: number): CpuEntry {
  if (mm.pud.size > 0) {
    const u = mm.pud.get(pud_index(addr));
    if (u !== undefined) return leafEntry(u.kind, u.flags, u.pfn, addr, PUD_SIZE, HPAGE_PUD_ORDER, 'pud', u.hugetlb);
  }
  const e = mm.pmd.lookup(pmd_index(addr));
  if (e === undefined) return NONE_ENTRY;
  if (e instanceof PmdLeaf) return leafEntry(e.kind, e.flags, e.pfn, addr, PMD_SIZE, HPAGE_PMD_ORDER, 'pmd', e.hugetlb);
  const i = pte_index(addr);
  const kind = e.kind[i]!;
  if (kind === PteKind.None) return NONE_ENTRY;
  const v = e.val[i]!;
  const flags = e.flags[i]!;
  const page = kind === PteKind.Swap ? null : pfn_to_page(v);
  return {
    kind: PTE_KIND_NAMES[kind]!,
    pfn: v,
    writable: (flags & PTE_WRITE) !== 0,
    dirty: (flags & PTE_DIRTY) !== 0,
    order: 0,
    level: 'pte',
    hugetlb: false,
    owner: kind === PteKind.DevicePrivate ? (page?.pgmap?.owner ?? null) : null,
    page,
  };
}

/**
 * The page-walk read API: classify the CPU entry mapping `addr` in `mm`. The caller must hold
 * the mmap_lock (read or write), as walk_page_range() requires; otherwise `lock-not-held`.
 */
export function walk_entry(mm: MmStruct, addr: number): CpuEntry {
  if (!lock_is_held(mm.mmap_lock)) {
    cur.report('lock-not-held', `WARNING: mmap_assert_locked(${mm.__label}) failed in walk_page_range`, `page-table walk of ${mm.__label} without the mmap_lock`, [], false);
  }
  return peek_entry(mm, addr);
}

/** Iterate every populated 4 KiB slot of [start, end) (used by checkers and tests). */
export function for_each_entry(mm: MmStruct, start: number, end: number, fn: (addr: number, e: CpuEntry) => void): void {
  for (let a = start; a < end; ) {
    const e = peek_entry(mm, a);
    if (e.kind !== 'none') fn(a, e);
    if (e.kind === 'none' && mm.pud.size === 0 && !mm.pmd.has(pmd_index(a))) a = pmd_index(a) * PMD_SIZE + PMD_SIZE;
    else a += PAGE_SIZE;
  }
}
