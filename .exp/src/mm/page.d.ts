import { KObj, WaitQueueHead, type GfpT, type Sched } from '../kernel/index.js';
import { ContentStore, DEVICE_PFN_BASE } from './page_contents.js';
export { DEVICE_PFN_BASE };
export declare const enum PageKind {
    Anon = 0,
    File = 1,
    Zero = 2,
    DevicePrivate = 3,
    DeviceCoherent = 4,
    /** A driver's or kernel page (vm_insert_page into a VM_MIXEDMAP VMA, dmirror backing pages). */
    Kernel = 5,
    /** Persistent memory of a DAX device (MEMORY_DEVICE_FS_DAX): mapped by devmap PTEs (dax.ts). */
    FsDax = 6
}
export declare const PAGE_KIND_NAMES: readonly ['anon', 'file', 'zero', 'device-private', 'device-coherent', 'kernel', 'fsdax'];
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
}
/**
 * struct dev_pagemap: MEMORY_DEVICE_PRIVATE, MEMORY_DEVICE_COHERENT or MEMORY_DEVICE_FS_DAX
 * memory of one device. Its
 * memory is the driver's (test_hmm embeds it in its chunk, nouveau too): a driver that kmallocs
 * it frees it after memunmap_pages, and a dereference of page->pgmap after that is a
 * use-after-free (kasan_check).
 */
export declare class DevPagemap extends KObj {
    readonly type: 'private' | 'coherent' | 'fsdax';
    /** pgmap->owner: compared with hmm_range.dev_private_owner / migrate owner. */
    readonly owner: unknown;
    readonly ops: DevPagemapOps;
    readonly label: string;
    /** The pfns memremap_pages() gave it, [start, end), or null before / after. */
    range: {
        start: number;
        end: number;
    } | null;
    /**
     * pgmap->ref: pages of the range in use (each initialised page holds one until it is
     * freed) plus every get_dev_pagemap() reference not yet put, and whether memunmap_pages has
     * killed it (no page may be initialised, no get_dev_pagemap succeed any more).
     */
    live: number;
    dying: boolean;
    /** fsdax: the order of the folios memremap_pages makes (18 for a 1 GiB-aligned device-dax). */
    folio_order: number;
    /** pgmap->done: memunmap_pages sleeps here until the last page in use is freed. */
    readonly done: WaitQueueHead;
    constructor(type: 'private' | 'coherent' | 'fsdax', 
    /** pgmap->owner: compared with hmm_range.dev_private_owner / migrate owner. */
    owner: unknown, ops: DevPagemapOps, label?: string);
}
export declare class Page {
    readonly pfn: number;
    readonly order: number;
    kind: PageKind;
    refcount: number;
    mapcount: number;
    /** PG_dirty. Cleared by MADV_FREE, set by writes through a mapping. */
    dirty: boolean;
    /** MADV_FREE'd and clean: reclaim may discard it instead of swapping. */
    lazyfree: boolean;
    /** PG_lru: on an LRU list; false while it waits in a CPU's lru_add batch (lru.ts). */
    lru: boolean;
    /**
     * PG_swapcache: the swap slot this page is the cached copy of (0: none). Set by a read
     * swap-in; while the page is clean its contents are the slot's, so reclaim may drop it
     * without writing it back. The cache holds one reference of the slot (SWAP_HAS_CACHE),
     * released when the page is freed. (The model's swap cache holds no page reference.)
     */
    swap_slot: number;
    freed: boolean;
    private ext;
    constructor(pfn: number, order: number, kind: PageKind);
    /** A recycled struct page (see recycle_pages) describes a new folio. */
    reuse(pfn: number, order: number, kind: PageKind): void;
    private get x();
    /** Page cache owner (file pages) or null. */
    get mapping(): AddressSpaceRef | null;
    set mapping(v: AddressSpaceRef | null);
    /** Offset in the file, in units of this folio's size. */
    get index(): number;
    set index(v: number);
    get pgmap(): DevPagemap | null;
    set pgmap(v: DevPagemap | null);
    /** Driver data (zone_device_data): dmirror's backing page, owning mirror... */
    get zone_device_data(): unknown;
    set zone_device_data(v: unknown);
    /** PG_locked stand-in for migration (migrate_vma_* hold it). */
    get locked(): boolean;
    set locked(v: boolean);
    /** Pinned by pin_user_pages / the driver (kept apart from refcount for reports). */
    get pincount(): number;
    set pincount(v: number);
    get nr_pages(): number;
    get label(): string;
}
export declare const ZERO_PFN = 1;
export declare const HUGE_ZERO_PFN = 512;
interface PageFreeObserver {
    (page: Page): void;
}
/**
 * mem_map for system RAM: pfn -> folio, in blocks of 512 pfns. A block is the folio of order
 * >= 9 covering it (one entry per huge folio, not 512) or an array of 512 slots for smaller
 * folios, or undefined when nothing there is allocated.
 */
declare class MemMap {
    private readonly blocks;
    get(pfn: number): Page | undefined;
    private slots;
    /** Install `page` at its pfns. */
    set(page: Page): void;
    /** Remove `page` from its pfns. */
    remove(page: Page): void;
    private fill;
    /**
     * The execution is over: its base pages and slot arrays go to the next execution (see
     * recycle_pages). Nothing of this map may be used afterwards.
     */
    recycle(): void;
    /** Every folio, once. */
    [Symbol.iterator](): Generator<Page>;
}
declare class PhysMem {
    /** pfn -> folio, for system RAM. */
    readonly pages: MemMap;
    /** Base pages freed in this execution: recycled with the live ones when it is over. */
    readonly freedPages: Page[];
    /** pfn -> folio, for ZONE_DEVICE memory (sparse). */
    readonly devpages: Map<number, Page>;
    readonly freelist: number[][];
    readonly devFreelist: number[][];
    /** ZONE_DEVICE folios of 1 GiB (device-dax), by pfn >>> HPAGE_PUD_ORDER: not 262,144 map entries each. */
    readonly devHuge: Map<number, Page>;
    /** pgmap_array: every memremap'd dev_pagemap (get_dev_pagemap looks pfns up here). */
    readonly pgmaps: DevPagemap[];
    nextPfn: number;
    nextDevPfn: number;
    readonly zero: Page;
    readonly hugeZero: Page;
    /** Statistics (tests and the benchmark read them). */
    allocated: number;
    freed: number;
    readonly observers: PageFreeObserver[];
    readonly splitObservers: ((head: Page, pages: readonly Page[]) => void)[];
    /** What the frames hold (its memory goes to the next execution when this one is over). */
    readonly data: ContentStore;
    constructor();
}
export declare const physmem: () => PhysMem;
/** The shared zero page (ZERO_PAGE(0)) and the huge zero page of this execution. */
export declare function zero_page(): Page;
export declare function huge_zero_page(): Page;
export declare function is_zero_pfn(pfn: number): boolean;
export declare function is_huge_zero_pfn(pfn: number): boolean;
export declare function is_zero_page(page: Page | null): boolean;
export declare function is_device_private_page(page: Page | null): boolean;
export declare function is_device_coherent_page(page: Page | null): boolean;
/** Allocate a folio of 2^order pages (refcount 1, mapcount 0, zero-filled). */
/**
 * alloc_pages(): a fresh folio of 2^order pages (refcount 1). `gfp` as the kernel's: user
 * memory is GFP_HIGHUSER_MOVABLE, which may sleep and reclaim (might_alloc).
 */
export declare function alloc_pages(order: number, kind?: PageKind, gfp?: GfpT): Page;
export declare function alloc_page(kind?: PageKind, gfp?: GfpT): Page;
/**
 * A ZONE_DEVICE folio of `pgmap` (what a driver's device allocator hands out after
 * memremap_pages). Its pfn is above DEVICE_PFN_BASE; refcount 1.
 */
export declare function alloc_device_pages(pgmap: DevPagemap, order?: number): Page;
/**
 * memremap_pages(): give `pgmap` a range of `nr_pages` ZONE_DEVICE pfns (aligned to its size
 * rounded to a PMD) and return the first. The struct pages of the range exist from then on in
 * the kernel; the model makes a folio's Page when the driver initialises it
 * (zone_device_folio_init), so a 256 MiB chunk costs nothing until it is used.
 */
export declare function memremap_pages(pgmap: DevPagemap, nr_pages: number): number;
/**
 * get_dev_pagemap(): the dev_pagemap whose range holds `pfn`, with a reference on it, or null
 * when there is none or memunmap_pages has killed it (percpu_ref_tryget_live). With `cached`
 * (a pgmap the caller holds a reference on) covering pfn, that one is returned and nothing is
 * taken; a `cached` that does not cover pfn is put first. Each reference change is a step.
 */
export declare function get_dev_pagemap(pfn: number, cached?: DevPagemap | null): Sched<DevPagemap | null>;
/** put_dev_pagemap(): drop a get_dev_pagemap() reference (a step); the last one wakes memunmap_pages. */
export declare function put_dev_pagemap(pgmap: DevPagemap): Sched;
export declare function register_device_page_hook(fn: () => void): void;
/**
 * memunmap_pages(): kill pgmap->ref (its own step: from then on no page of the range can be
 * initialised), sleep until every page still in use has been freed, and remove the range. A
 * page that nobody frees keeps the caller waiting, as in the kernel.
 */
export declare function memunmap_pages(pgmap: DevPagemap): Sched;
/**
 * zone_device_folio_init(): the driver hands out the device folio of 2^order pages at `pfn` of
 * its `pgmap` range: refcount 1, locked (as zone_device_page_init leaves it, ready to be a
 * migration destination), nothing mapping it. Initialising a pfn still in use is a kernel bug.
 */
export declare function zone_device_folio_init(pgmap: DevPagemap, pfn: number, order?: number): Page;
/** The folio containing `pfn`, or null (no struct page: free memory or a raw PFNMAP pfn). */
export declare function pfn_to_page(pfn: number): Page | null;
/** page_to_pfn for a sub-page: the folio's pfn plus the index. */
export declare function folio_page_pfn(page: Page, i: number): number;
/**
 * set_page_dirty(): a driver marks a page it let its device write (hmm_range_dma_unmap with
 * dirty). An atomic flag update that reclaim reads: a step of its own. Dirtying a freed page
 * is a use-after-free. (No address_space dirty accounting: the page cache has no writeback.)
 */
export declare function set_page_dirty(page: Page): Sched;
/**
 * The kernel uses `page` as an allocated page in function `where` (reads a field only an
 * allocated page has, such as a driver's zone_device_data, which a freed device page's driver
 * reuses for its free list): on a freed page that is a use-after-free, reported as KASAN
 * reports one of an object. Returns the page.
 */
export declare function page_kasan_check(page: Page, where: string): Page;
/** get_page(): take a reference (a visible operation). Taking one on a freed page is a use-after-free. */
export declare function get_page(page: Page): void;
/** The reference change of get_page() inside another operation's step. */
export declare function __get_page(page: Page): void;
/** put_page(): drop a reference (a visible operation); the last one frees the folio. */
export declare function put_page(page: Page): void;
/** The reference drop of put_page() inside another operation's step. */
export declare function __put_page(page: Page): void;
export declare function page_ref_count(page: Page): number;
export declare function page_mapcount(page: Page): number;
export declare function set_swapcache_release(fn: (slot: number) => void): void;
/**
 * The struct-page half of split_folio(): `head` (order > 0) becomes 2^order order-0 folios at
 * the same pfns, with the given per-page mapcounts and refcounts (the caller computed them
 * from the page tables). The head keeps its object (and its lock); the others are new. Page
 * contents are addressed by pfn and do not move. Observers (simulated devices holding page
 * objects) and the pgmap's folio_split op see the new pages. Returns them in pfn order.
 */
export declare function __split_folio_pages(head: Page, mapcounts: readonly number[], refcounts: readonly number[]): Page[];
/** `fn(head, pages)` runs whenever a folio is split (simulated devices re-point their entries). */
export declare function register_folio_split_observer(fn: (head: Page, pages: readonly Page[]) => void): void;
/**
 * Hook 4a for simulated devices: `fn(page)` runs whenever a folio is freed (after the
 * mapped-page check, before its pfn can be reused), for this execution only.
 */
export declare function register_page_free_observer(fn: (page: Page) => void): void;
export declare function page_read_u8(page: Page, off: number): number;
export declare function page_write_u8(page: Page, off: number, v: number): void;
export declare function page_read_u32(page: Page, off: number): number;
export declare function page_write_u32(page: Page, off: number, v: number): void;
export declare function page_read_u64(page: Page, off: number): bigint;
export declare function page_write_u64(page: Page, off: number, v: bigint): void;
/** Read `size` bytes (1, 4 or 8) at a pfn and offset in that 4 KiB page (drivers, HMM tests). */
export declare function pfn_read(pfn: number, off: number, size: 1 | 4 | 8): bigint;
export declare function pfn_write(pfn: number, off: number, size: 1 | 4 | 8, v: bigint): void;
/**
 * Copy `len` bytes of folio contents from byte `off` into `dst` at `dstOff` (a device or kernel
 * reading the page: memcpy from a kmap'd page).
 */
export declare function page_copy_out(page: Page, off: number, dst: Uint8Array, dstOff: number, len: number): void;
/** Copy `len` bytes from `src` at `srcOff` into folio contents at byte `off` (memcpy to the page). */
export declare function page_copy_in(page: Page, off: number, src: Uint8Array, srcOff: number, len: number): void;
/**
 * Copy `len` bytes (a multiple of 64) of contents: folio `src` at byte `srcOff` to folio `dst`
 * at byte `dstOff` (copy_highpage / folio_copy / copy_mc_user_highpage).
 */
export declare function copy_page_data(dst: Page, dstOff: number, src: Page, srcOff: number, len: number): void;
/** Copy one 4 KiB sub-page: dst sub-page `di` from src sub-page `si`. */
export declare function copy_subpage(dst: Page, di: number, src: Page, si: number): void;
/** Detached contents of one 4 KiB sub-page, as swap holds them: a swap frame of the store. */
export type PageData = number;
/** Copy a sub-page's contents out to a new swap frame (swap-out). */
export declare function save_subpage(src: Page, si: number): PageData;
/** Copy saved contents into sub-page `di` of `dst` (swap-in). */
export declare function restore_subpage(dst: Page, di: number, saved: PageData): void;
/** Does sub-page `si` of `page` hold exactly what `saved` holds (a clean page and its slot)? */
export declare function subpage_matches_saved(page: Page, si: number, saved: PageData): boolean;
/** Overwrite `saved` with sub-page `si` of `page` (writeback of a dirty swap-cache page). */
export declare function write_subpage_to_saved(page: Page, si: number, saved: PageData): void;
export declare function free_saved(saved: PageData): void;
/** Zero a byte range of a folio's contents (64-byte aligned). */
export declare function clear_page_range(page: Page, off: number, len: number): void;
/** The contents of this execution's frames (uaccess reads and writes them by pfn directly). */
export declare function page_contents(): ContentStore;
/** Memory statistics of the running execution. */
export declare function mem_stats(): {
    allocated: number;
    freed: number;
    live: number;
    chunks: number;
};
