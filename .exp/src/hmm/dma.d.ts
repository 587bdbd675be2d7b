import { type Sched } from '../kernel/index.js';
import { type HmmWalkRange } from './walk.js';
/** Fault the range with the release's hmm_range_fault, then map every valid page. */
export declare function hmm_dma_map_range<R extends HmmWalkRange>(fault: (range: R, block: boolean) => Sched<number>, range: R, daddrs: number[], block: boolean): Sched<number>;
/**
 * Unmap every valid entry, reset it to NONE and its DMA address to 0; the count unmapped. With
 * `dirty`, a page the device could write (its entry has the WRITE flag) is marked dirty first
 * (set_page_dirty), so that reclaim does not drop what the device wrote: an atomic page-flag
 * update, its own step. The caller holds what keeps the pages alive (its notifier lock).
 */
export declare function hmm_dma_unmap_range(range: HmmWalkRange, daddrs: number[] | null, dirty: boolean): Sched<number>;
