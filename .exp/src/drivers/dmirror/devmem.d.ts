import { KObj, Mutex, Spinlock, type Sched } from '../../kernel/index.js';
import { DevPagemap, MigrateVma, type Page } from '../../mm/index.js';
/** 256 MiB of device memory per chunk, as the driver allocates it. */
export declare const DEVMEM_CHUNK_SIZE: number;
export declare const DEVMEM_CHUNK_PAGES: number;
export declare const DEVMEM_CHUNKS_RESERVE = 16;
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
export declare class DmirrorChunk extends KObj {
    readonly pagemap: DevPagemap;
    readonly mdevice: DevmemOwner;
    readonly first: number;
    /** Pages in the chunk (DEVMEM_CHUNK_PAGES unless the model was told a smaller size). */
    readonly npages: number;
    /** Built for THP: its pages are handed out as PMD-sized folios. */
    readonly large: boolean;
    remove: boolean;
    /** Next page of the chunk never handed out yet (the lazily built free list). */
    fresh: number;
    constructor(pagemap: DevPagemap, mdevice: DevmemOwner, first: number, 
    /** Pages in the chunk (DEVMEM_CHUNK_PAGES unless the model was told a smaller size). */
    npages: number, 
    /** Built for THP: its pages are handed out as PMD-sized folios. */
    large: boolean);
}
/** The device-memory half of struct dmirror_device. */
export declare class Devmem {
    chunks: DmirrorChunk[];
    capacity: number;
    readonly devmem_lock: Mutex;
    readonly lock: Spinlock;
    free_pages: number[];
    free_folios: number[];
    calloc: number;
    cfree: number;
    /**
     * Pages per chunk: DEVMEM_CHUNK_PAGES, as the module has it. Explorations on a reduced size
     * give a smaller one (every eviction visits every page of a chunk, each a step).
     */
    chunk_pages: number;
    constructor(name: string);
}
export declare function dmirror_is_private_zone(mdevice: DevmemOwner): boolean;
export declare function dmirror_select_device(dmirror: DevmemMirror): number;
/** BACKING_PAGE(): the page that holds a device page's data. */
export declare function BACKING_PAGE(page: Page): Page;
/**
 * dmirror_devmem_alloc_page(): a device page (or PMD folio) for a migration destination,
 * initialised (refcount 1, locked); for device-private memory with a fresh backing page.
 * Null when no memory could be had.
 */
export declare function dmirror_devmem_alloc_page(dmirror: DevmemMirror, large: boolean): Sched<Page | null>;
/**
 * dmirror_devmem_fault_alloc_and_copy(): for each device page being migrated back, a system
 * page (a PMD folio for a compound source, unless FAIL_ALLOC says no, then 4 KiB pages), its
 * device entry erased, the data copied. VM_FAULT_OOM when nothing can be allocated.
 */
export declare function dmirror_devmem_fault_alloc_and_copy(args: MigrateVma, dmirror: DevmemMirror): Sched<number>;
/**
 * dmirror_device_evict_chunk(): every page of the chunk still in use back to system memory,
 * wherever it is mapped (migrate_device_range), before the chunk can go.
 */
export declare function dmirror_device_evict_chunk(chunk: DmirrorChunk): Sched;
/**
 * dmirror_device_remove_chunks() (RELEASE, module unload): mark every chunk removed and take
 * its pages off the free lists, evict it, unmap it, free it; the device starts from nothing.
 */
export declare function dmirror_device_remove_chunks(mdevice: DevmemOwner): Sched;
/** At device init (module load): the first chunk, before any file is open (no locking needed). */
export declare function dmirror_allocate_first_chunk(mdevice: DevmemOwner): void;
