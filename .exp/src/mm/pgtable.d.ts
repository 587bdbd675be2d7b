import type { MmStruct } from './mm_struct.js';
import { type Page } from './page.js';
export declare const enum PteKind {
    None = 0,
    Present = 1,
    Zero = 2,
    Swap = 3,
    Migration = 4,
    DevicePrivate = 5,
    DeviceExclusive = 6,
    Special = 7
}
export declare const PTE_KIND_NAMES: readonly ['none', 'present', 'zero', 'swap', 'migration', 'device-private', 'device-exclusive', 'special'];
export type CpuEntryKind = (typeof PTE_KIND_NAMES)[number];
export declare const PTE_WRITE = 1;
export declare const PTE_DIRTY = 2;
export declare const PTE_YOUNG = 4;
export declare const PTE_SOFT_DIRTY = 8;
/** The model's pte_protnone: present but inaccessible (mprotect PROT_NONE). */
export declare const PTE_NOACCESS = 16;
/**
 * pte_devmap: a present entry of a ZONE_DEVICE page inserted by DAX (pfn_t_devmap; 5.x to
 * 6.14). The model's devmap entries hold the mapping's page reference and rmap count like any
 * present entry (fsdax mappings did not count them before 6.15; nothing here observes that).
 */
export declare const PTE_DEVMAP = 32;
/** One PTE page: 512 entries. `val` is a pfn, or a swap slot for PteKind.Swap. */
export declare class PteTable {
    readonly kind: Uint8Array<ArrayBuffer>;
    readonly flags: Uint8Array<ArrayBuffer>;
    readonly val: Int32Array<ArrayBuffer>;
    /** Number of entries that are not none. */
    nr: number;
}
/** A PMD-level leaf: THP (present or huge zero), PMD migration / device-private entry, 2 MiB hugetlb. */
export declare class PmdLeaf {
    kind: PteKind;
    flags: number;
    /** Head pfn of the 2 MiB folio. */
    pfn: number;
    readonly hugetlb: boolean;
    constructor(kind: PteKind, flags: number, 
    /** Head pfn of the 2 MiB folio. */
    pfn: number, hugetlb: boolean);
}
/** A PUD-level leaf: 1 GiB hugetlb page, or a devmap leaf of a 1 GiB-aligned device-dax mapping. */
export declare class PudLeaf {
    kind: PteKind;
    flags: number;
    pfn: number;
    readonly hugetlb: boolean;
    constructor(kind: PteKind, flags: number, pfn: number, hugetlb?: boolean);
}
export type PmdEntry = PteTable | PmdLeaf;
/**
 * An mm's PMD level: PMD index -> PTE table or PMD leaf. A Map with a small direct-mapped
 * cache of recent look-ups in front (the model's page-walk cache): faults and user accesses
 * hit the same few PMDs again and again, and a Map look-up costs more than the access itself.
 * Every change goes through set, delete or clear, which keep the cache exact.
 */
export declare class PmdMap extends Map<number, PmdEntry> {
    private readonly ck;
    private readonly cv;
    /**
     * The mm whose PMD level this is (set by MmStruct): look-ups and changes are recorded for the
     * dependency relation under its key pmd:<mm>:<index> (dep_keys.ts), so a step that reads a
     * slot is ordered against one that changes it whatever else either step does.
     */
    owner: object | null;
    /**
     * A look-up by code that may go on to read any entry of the table it finds (a loop's
     * look-ahead, a walk): for the dependency relation a write of the slot, which every fine
     * operation under it reads (dep_keys.ts 'pmd get'). Sites that record each entry they read
     * (pte_op_fine, pte_read_op, pte_peek, peek_entry) use lookup().
     */
    get(k: number): PmdEntry | undefined;
    /** A look-up of the slot alone: the caller records every entry of the table it reads. */
    lookup(k: number): PmdEntry | undefined;
    private raw;
    /** The number of slots, not recorded as a read (for choosing how to look slots up only). */
    get rawSize(): number;
    has(k: number): boolean;
    set(k: number, v: PmdEntry): this;
    delete(k: number): boolean;
    get size(): number;
    keys(): MapIterator<number>;
    values(): MapIterator<PmdEntry>;
    entries(): MapIterator<[number, PmdEntry]>;
    [Symbol.iterator](): MapIterator<[number, PmdEntry]>;
    forEach(fn: (v: PmdEntry, k: number, m: Map<number, PmdEntry>) => void, self?: unknown): void;
    clear(): void;
}
/**
 * An mm's PUD level (PUD index -> leaf). PUD leaves are rare: every change is coarse (the whole
 * of memory, dep_keys.ts), every look-up a fine operation under it.
 */
export declare class PudMap extends Map<number, PudLeaf> {
    get(k: number): PudLeaf | undefined;
    has(k: number): boolean;
    set(k: number, v: PudLeaf): this;
    delete(k: number): boolean;
    get size(): number;
    keys(): MapIterator<number>;
    values(): MapIterator<PudLeaf>;
    entries(): MapIterator<[number, PudLeaf]>;
    [Symbol.iterator](): MapIterator<[number, PudLeaf]>;
    forEach(fn: (v: PudLeaf, k: number, m: Map<number, PudLeaf>) => void, self?: unknown): void;
    clear(): void;
}
/** The PMD index of an address: the key of mm.pmd. */
export declare function pmd_index(addr: number): number;
/** The PUD index of an address: the key of mm.pud. */
export declare function pud_index(addr: number): number;
/** The PTE index of an address in its PTE table (bits 12..20; `>>>` keeps the low 32 bits). */
export declare function pte_index(addr: number): number;
/** The PMD slot for `addr`: a PTE table, a leaf, or undefined (pmd_none). */
export declare function pmd_lookup(mm: MmStruct, addr: number): PmdEntry | undefined;
/** pte_alloc: the PTE table for `addr`, created if the PMD is empty; null if a leaf is there. */
export declare function pte_alloc(mm: MmStruct, addr: number): PteTable | null;
/**
 * pte_alloc for a step that then reads or changes only the entry at `addr` (pte_op_fine): the
 * slot is looked up, not read as a whole (a new table is a recorded change of the slot).
 */
export declare function pte_alloc_one(mm: MmStruct, addr: number): PteTable | null;
export declare function pte_note(op: string, mm: MmStruct, addr: number): void;
/**
 * The visible operation of a page-table entry change (or lockless read) at `addr`, for the
 * dependency relation a coarse one: the step may touch any entry, page or device state (the
 * one "memory" key of dep_keys.ts). Sites that change the one entry at `addr` and nothing but
 * what the hooks below record use pte_op_fine.
 */
export declare function pte_op(mm: MmStruct, addr: number): void;
/**
 * pte_op for a step that reads and changes only the entry at `addr` (4 KiB, or the PMD leaf
 * there), the folio it maps, and what the hooks record: PmdMap slot changes, rmap and
 * reference changes (the folio keys), allocations and frees, swap slots. The caller must also
 * record every entry it reads ahead of its next scheduling point (pte_peek), since that read
 * belongs to this step. Keyed by what the slot holds when the step begins (dep_keys.ts): a
 * PTE table -> the entry's key; a PMD leaf or nothing -> the PMD slot's; a PUD leaf -> coarse.
 */
export declare function pte_op_fine(mm: MmStruct, addr: number): void;
/**
 * A lockless read of the entry at `addr` (hmm_range_fault's walk): the entry's key read, and the
 * folio it names read; on a PUD leaf coarse.
 */
export declare function pte_read_op(mm: MmStruct, addr: number): void;
/**
 * The visible operation `fine` at `addr` (dep_keys.ts), by what the slot holds when the step
 * begins: a PTE table -> `fine` (the entry's key); a PMD leaf or nothing -> 'pte pmd' (unless
 * `fine` only reads: reading a leaf is a fine operation under the slot, which every change of a
 * leaf writes); a PUD leaf -> coarse. The folio the entry names is touched as `pageOp`.
 */
export declare function pte_visible(fine: string, mm: MmStruct, addr: number, pageOp: string): void;
/** A step reads the entry count of the PTE table at `addr` (to free an empty table). */
export declare function pmd_nr_read(mm: MmStruct, addr: number): void;
/** A step reads the entry at `addr` besides its own operation (a loop's look-ahead). */
export declare function pte_peek(mm: MmStruct, addr: number): void;
/** True if the entry kind maps something a device or the CPU could be accessing. */
export declare function kind_maps(kind: number): boolean;
/** True if the entry kind holds a page reference and a mapcount (rmap). */
export declare function kind_counted(kind: number): boolean;
/** page_add_*_rmap + the mapping's reference. */
export declare function rmap_add(page: Page): void;
/** page_remove_rmap. The reference is dropped separately (mmu_gather or put_page). */
export declare function rmap_remove(page: Page): void;
/**
 * The bracket check: a mapping of [start, end) in `mm` is being removed or downgraded by the
 * current thread, which must be between invalidate_range_start and _end of a range covering it.
 */
export declare function assert_invalidating(mm: MmStruct, start: number, end: number, what: string): void;
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
/** Classify the CPU entry for `addr` without any lock check (tests, checkers, reports). */
export declare function peek_entry(mm: MmStruct, addr: number): CpuEntry;
/**
 * The page-walk read API: classify the CPU entry mapping `addr` in `mm`. The caller must hold
 * the mmap_lock (read or write), as walk_page_range() requires; otherwise `lock-not-held`.
 */
export declare function walk_entry(mm: MmStruct, addr: number): CpuEntry;
/** Iterate every populated 4 KiB slot of [start, end) (used by checkers and tests). */
export declare function for_each_entry(mm: MmStruct, start: number, end: number, fn: (addr: number, e: CpuEntry) => void): void;
