import { type Sched } from '../kernel/index.js';
import { type MmStruct } from './mm_struct.js';
/**
 * Migrate every eligible page of [start, end); returns how many moved. move_pages and NUMA
 * balancing (the default) look at anonymous VMAs only here. `compaction` stands for kcompactd
 * or alloc_contig_range moving the pages that back the range: compaction finds pages by pfn,
 * not by VMA, so it also moves the anonymous copies in private file mappings (the COW pages of
 * a MAP_PRIVATE file or DAX mapping), which move_pages would skip in a DAX VMA (vma_migratable).
 */
export declare function migrate_pages_range(mm: MmStruct, start: number, end: number, compaction?: boolean): Sched<number>;
