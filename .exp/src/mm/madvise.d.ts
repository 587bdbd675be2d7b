import { type Sched } from '../kernel/index.js';
import { type MmStruct } from './mm_struct.js';
/** do_madvise(). Returns 0, or -ENOMEM if part of the range was unmapped (after acting on the rest). */
export declare function do_madvise(mm: MmStruct, start: number, len: number, advice: number): Sched<number>;
