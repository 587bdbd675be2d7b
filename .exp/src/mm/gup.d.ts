import { type Sched } from '../kernel/index.js';
import { type MmStruct } from './mm_struct.js';
import { type VmAreaStruct } from './vma.js';
export declare const FOLL_WRITE = 1;
export declare const FOLL_TOUCH = 2;
export declare const FOLL_GET = 4;
export declare const FOLL_FORCE = 16;
export declare const FOLL_NOWAIT = 32;
export declare const FOLL_LONGTERM = 256;
export declare const FOLL_SPLIT_PMD = 512;
export declare const FOLL_PIN = 4096;
/** get_user_pages_remote(): references on nr pages of `mm` (mmap_lock held for read). */
export declare function get_user_pages_remote(mm: MmStruct, start: number, nr: number, flags: number): Sched<number[] | number>;
/** get_user_pages(): the same on the caller's own mm. */
export declare const get_user_pages: typeof get_user_pages_remote;
/** get_user_page_vma_remote(): one page and its VMA (make_device_exclusive uses it). */
export declare function get_user_page_vma_remote(mm: MmStruct, addr: number, flags: number): Sched<{
    pfn: number;
    vma: VmAreaStruct;
} | number>;
/**
 * pin_user_pages(): pins on nr pages (mmap_lock held for read). With FOLL_LONGTERM, pinned
 * device-coherent pages are migrated to system memory and the pins taken again.
 */
export declare function pin_user_pages(mm: MmStruct, start: number, nr: number, flags: number): Sched<number[] | number>;
/** get_user_pages_fast(): references, the lockless walk first (mmap_lock not held). */
export declare function get_user_pages_fast(mm: MmStruct, start: number, nr: number, flags: number): Sched<number[] | number>;
/** pin_user_pages_fast(): pins, the lockless walk first (mmap_lock not held). */
export declare function pin_user_pages_fast(mm: MmStruct, start: number, nr: number, flags: number): Sched<number[] | number>;
/** unpin_user_page(): drop one pin (a reference and the pincount); a step. */
export declare function unpin_user_page(pfn: number): Sched;
/** put_page() of a GUP reference, by pfn; a step. */
export declare function gup_put_page(pfn: number): Sched;
