import { type Sched } from '../kernel/index.js';
import { type MmStruct } from './mm_struct.js';
import { type VmAreaStruct } from './vma.js';
/** copy_page_range(): entries of `src` into `dst` (same range, child mm). */
export declare function copy_page_range(dst: VmAreaStruct, src: VmAreaStruct): Sched;
/** dup_mm(): a copy of `oldmm` for a child process (mm_users = mm_count = 1). */
export declare function dup_mm(oldmm: MmStruct): Sched<MmStruct>;
