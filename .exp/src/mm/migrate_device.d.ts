import { type Sched } from '../kernel/index.js';
import { type Page, type VmFault } from './page.js';
import { type VmAreaStruct } from './vma.js';
export declare const MIGRATE_PFN_VALID: number;
export declare const MIGRATE_PFN_MIGRATE: number;
export declare const MIGRATE_PFN_WRITE: number;
export declare const MIGRATE_PFN_COMPOUND: number;
/** migrate_pfn(pfn): a valid entry for pfn. */
export declare function migrate_pfn(pfn: number): number;
/** The flag bits of a migrate pfn. */
export declare function mpfn_flags(m: number): number;
/** The pfn of a valid migrate pfn. */
export declare function mpfn_pfn(m: number): number;
export declare function mpfn_has(m: number, f: number): boolean;
export declare function mpfn_set(m: number, f: number): number;
export declare function mpfn_clear(m: number, f: number): number;
/** migrate_pfn_to_page(): the page of a valid entry, or null. */
export declare function migrate_pfn_to_page(m: number): Page | null;
export declare const MIGRATE_VMA_SELECT_SYSTEM: number;
export declare const MIGRATE_VMA_SELECT_DEVICE_PRIVATE: number;
export declare const MIGRATE_VMA_SELECT_DEVICE_COHERENT: number;
export declare const MIGRATE_VMA_SELECT_COMPOUND: number;
/** struct migrate_vma. `src` and `dst` need room for (end - start) / PAGE_SIZE entries. */
export declare class MigrateVma {
    vma: VmAreaStruct | null;
    start: number;
    end: number;
    src: number[];
    dst: number[];
    /** Entries collected (set by setup). */
    npages: number;
    /** Entries selected for migration (set by setup). */
    cpages: number;
    pgmap_owner: unknown;
    flags: number;
    /** The locked device-private page of a CPU fault (migrate_to_ram), or null. */
    fault_page: Page | null;
    /**
     * The CPU fault it serves (migrate_to_ram sets it): if the folio of fault_page is split on
     * the way, the fault's lock and reference move to the new folio of the faulting pfn, and
     * vmf.page with them (the kernel's fault_page is that exact sub-page all along).
     */
    vmf: VmFault | null;
    constructor(init?: Partial<MigrateVma>);
}
/**
 * migrate_vma_setup(args): 0, or -EINVAL for bad arguments (no VMA, hugetlb or special VMA,
 * an empty range or one outside the VMA, missing arrays, a fault page that is not a locked
 * device-private page). The caller holds the mmap_lock.
 */
export declare function migrate_vma_setup(args: MigrateVma): Sched<number>;
/** migrate_vma_pages(): migrate the struct-page information of every selected page. */
export declare function migrate_vma_pages(m: MigrateVma): Sched;
/** migrate_device_pages(): the same for migrate_device_range() sources. */
export declare function migrate_device_pages(src: number[], dst: number[], npages: number): Sched;
/** migrate_vma_finalize(): map the new pages (or the old ones again) and drop the extra references. */
export declare function migrate_vma_finalize(m: MigrateVma): Sched;
/** migrate_device_finalize(): the same for migrate_device_range() sources. */
export declare function migrate_device_finalize(src: number[], dst: number[], npages: number): Sched;
/**
 * migrate_device_range(src, start, npages): select the device pfns [start, start + npages) that
 * are in use (a reference and the lock taken, each a step) and unmap them wherever they are
 * mapped. A large folio takes its head's entry (COMPOUND), its tail entries are 0.
 */
export declare function migrate_device_range(src: number[], start: number, npages: number): Sched<number>;
/**
 * migrate_device_coherent_folio(): move one device-coherent page back to system memory (a
 * long-term pin may not keep it). The caller's reference goes to the new page on success and is
 * dropped on failure; -EBUSY if it could not be moved.
 */
export declare function migrate_device_coherent_folio(page: Page): Sched<number>;
/** Forget what a migration recorded for a source it never unmapped (driver error paths). */
export declare function migrate_forget(page: Page): void;
