import { type Sched } from '../kernel/index.js';
import { type MmStruct } from './mm_struct.js';
import { type Page } from './page.js';
import { PmdLeaf, PteKind, PteTable } from './pgtable.js';
import { type VmAreaStruct } from './vma.js';
/** One entry mapping (part of) a folio. */
export interface FolioMapping {
    mm: MmStruct;
    vma: VmAreaStruct;
    /** Address of the entry (the 4 KiB page for a PTE, the PMD/PUD start for a leaf). */
    addr: number;
    level: 'pte' | 'pmd' | 'pud';
}
/**
 * Every entry of a live mm that maps a sub-page of `page` (present, device-private or
 * device-exclusive entries; with `migration`, migration entries for it instead), in mm then
 * address order.
 */
export declare function folio_mappings(page: Page, migration?: boolean): FolioMapping[];
/** Where a migration entry was installed for a folio (so it can be removed again). */
export interface MigrationSite {
    mm: MmStruct;
    vma: VmAreaStruct;
    addr: number;
    /** The PTE table or PMD leaf the entry was written in (a later change replaces it). */
    table: PteTable | PmdLeaf;
    /** The sub-page it maps (pfn). */
    pfn: number;
    /** Entry kind before migration: present or device-private. */
    was: PteKind;
}
/** fn(mm, addr, size) runs when the migration entry mapping [addr, addr + size) is replaced. */
export declare function register_migration_resolved_observer(fn: (mm: MmStruct, addr: number, size: number) => void): void;
/** Remember a migration entry installed for `page` (migrate_vma_collect does this itself). */
export declare function note_migration_site(page: Page, site: MigrationSite): void;
/**
 * try_to_migrate(): replace every remaining mapping of the locked folio with a migration entry
 * (writable if the mapping was). Each mm's entries are changed inside an MMU_NOTIFY_CLEAR
 * invalidation of the entry, one step per entry; the mapping's reference becomes the caller's.
 * PMD mappings of a THP are migrated as a PMD migration entry.
 */
export declare function try_to_migrate(page: Page): Sched;
/**
 * remove_migration_ptes(src, dst): every migration entry installed for `src` becomes a mapping
 * of the same sub-page of `dst` (of `src` itself when migration failed): a device-private
 * entry for device-private memory, a present one otherwise, writable if the migration entry
 * was. Adding a mapping needs no invalidation. An entry zapped meanwhile (munmap, exit) is
 * skipped. Waiters on the mm's migration entries are woken.
 */
export declare function remove_migration_ptes(src: Page, dst: Page): Sched;
/**
 * fork copied the migration entry of `page` at `addr` of `from` into `to` (same address, in
 * `table` of the child): the child's entry is found by the reverse map too, so it is restored
 * with the parent's when the migration ends.
 */
export declare function fork_migration_site(page: Page, from: MmStruct, addr: number, to: MmStruct, vma: VmAreaStruct, table: PteTable | PmdLeaf): void;
/** Forget the recorded sites of `page` (its migration was abandoned before any entry). */
export declare function drop_migration_sites(page: Page): void;
/** The sites recorded for `page` (tests). */
export declare function migration_sites(page: Page): readonly MigrationSite[];
/** A split folio's recorded sites follow the sub-pages they map. */
export declare function split_migration_sites(head: Page, pages: readonly Page[]): void;
/** A PMD migration entry was split into 512 PTE migration entries of table `t`. */
export declare function split_pmd_migration_sites(leaf: PmdLeaf, t: PteTable, haddr: number): void;
