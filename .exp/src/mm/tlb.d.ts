import { type Sched } from '../kernel/index.js';
import type { MmStruct } from './mm_struct.js';
/** A translation some CPU may still hold for `address` of an mm: the page frame it named. */
export interface StaleTranslation {
    address: number;
    pfn: number;
}
/**
 * A site changed the present entry at `address` (mapping `pfn`) and flushes later: until its
 * flush, a CPU may still use the old translation. Part of the step of the entry change.
 */
export declare function tlb_defer(mm: MmStruct, address: number, pfn: number): void;
/** flush_tlb_range(): no CPU of `mm` translates [start, end) from before any more. Its own step. */
export declare function flush_tlb_range(mm: MmStruct, start: number, end: number): Sched;
/** The pending translations of `mm` inside [start, end), oldest first (tests, reports). */
export declare function tlb_stale_in(mm: MmStruct, start: number, end: number): StaleTranslation[];
/**
 * `what` (a system call that unmaps [start, end) of `mm`) returns to user space: report a
 * translation of the range some CPU may still use. Part of the caller's last step.
 */
export declare function tlb_check_returned(mm: MmStruct, start: number, end: number, what: string): void;
