import { type Sched } from '../kernel/index.js';
import { type MmStruct } from './mm_struct.js';
/** clear_refs type for soft-dirty bits. */
export declare const CLEAR_REFS_SOFT_DIRTY = 4;
/** Entries whose soft-dirty bit was cleared. */
export declare function clear_refs_soft_dirty(mm: MmStruct): Sched<number>;
/** The soft-dirty bit of the entry mapping `addr` (pagemap bit 55); false when nothing maps it. */
export declare function pagemap_soft_dirty(mm: MmStruct, addr: number): boolean;
