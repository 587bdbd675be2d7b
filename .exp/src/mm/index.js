/*
 * The mm model, as one import for higher layers (hmm, drivers, scenarios):
 *   import { MmStruct, mmget_not_zero, handle_mm_fault, walk_entry, ... } from '../mm/index.js';
 */
export * from './errno.js';
export * from './constants.js';
export * from './page.js';
export * from './device_page_check.js';
export * from './pgtable.js';
export * from './mm_struct.js';
export * from './vma.js';
export * from './mmu_notifier.js';
export * from './release.js';
export * from './memory.js';
export * from './huge_memory.js';
export * from './hugetlb.js';
export * from './filemap.js';
export * from './swap.js';
export * from './mmap.js';
export * from './mprotect.js';
export * from './mremap.js';
export * from './madvise.js';
export * from './fork.js';
export * from './migrate.js';
export * from './migrate_device.js';
export * from './dax.js';
export * from './page_lock.js';
export * from './rmap.js';
export * from './gup.js';
export * from './device_exclusive.js';
export * from './pagemap.js';
export * from './clear_refs.js';
export * from './task.js';
export * from './uaccess.js';
export * from './oom_kill.js';
export * from './check.js';
export * from './tlb.js';
