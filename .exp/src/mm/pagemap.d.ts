import { type Sched } from '../kernel/index.js';
import { type MmStruct } from './mm_struct.js';
export declare const PM_PRESENT: bigint;
export declare const PM_SWAP: bigint;
export declare const PM_FILE: bigint;
export declare const PM_MMAP_EXCLUSIVE: bigint;
export declare const PM_SOFT_DIRTY: bigint;
/** The pagemap entry of one virtual page, as the kernel's pte/pmd walkers build it. */
export declare function pagemap_entry(mm: MmStruct, addr: number): bigint;
/**
 * pagemap_read(): the entries of `count` pages from `vaddr` (a pread of /proc/<pid>/pagemap at
 * offset vaddr / PAGE_SIZE * 8). Pages outside any VMA read as 0, as the kernel's hole walker
 * reports them.
 */
export declare function pagemap_read(mm: MmStruct, vaddr: number, count: number): Sched<bigint[]>;
