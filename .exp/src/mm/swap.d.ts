import { type Sched } from '../kernel/index.js';
import { type MmStruct } from './mm_struct.js';
import { type PageData } from './page.js';
/** Allocate a slot holding `data` with one reference. */
export declare function get_swap_slot(data: PageData): number;
/** swap_duplicate(): another swap entry (fork) refers to the slot. */
export declare function swap_duplicate(slot: number): void;
/** swap_free() / free_swap_and_cache(): drop one reference; the last frees the slot. */
export declare function swap_free(slot: number): void;
export declare function swap_slot_data(slot: number): PageData;
/** Start reading `slot` in; true if it had not been read before (the caller must wait for it). */
export declare function swap_readahead(slot: number): boolean;
export declare function swap_count(slot: number): number;
export declare function swap_slots_in_use(): number;
/**
 * Reclaim the anonymous private pages of [start, end) of `mm`: each present anon PTE becomes a
 * swap entry (a clean MADV_FREE'd page mapped once is discarded instead). PMD THPs in the range
 * are split first. Pages with extra references (pinned, held by a driver) are skipped, as
 * reclaim would fail to free them. Returns the number of 4 KiB pages unmapped.
 */
export declare function swap_out(mm: MmStruct, start: number, end: number): Sched<number>;
