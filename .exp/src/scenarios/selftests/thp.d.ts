import type { Sched } from '../../kernel/index.js';
import { type HmmSelf } from './hmm_fixture.js';
/** An untouched THP-sized range migrates as zero-filled device memory. */
export declare function migrate_anon_huge_empty(self: HmmSelf): Sched;
/** The huge zero page migrates as zero-filled device memory, and faults back as zeros. */
export declare function migrate_anon_huge_zero(self: HmmSelf): Sched;
/** A migrated THP can be MADV_FREEd. */
export declare function migrate_anon_huge_free(self: HmmSelf): Sched;
/** A collapsed THP migrates whole (a device-private PMD) and faults back intact. */
export declare function migrate_anon_huge_fault(self: HmmSelf): Sched;
/** Migrate, unmap part of the (device) THP, fault the rest back: 3 offsets x THP or not. */
export declare function migrate_partial_unmap_fault(self: HmmSelf): Sched;
/** mremap before or after migration, to aligned and unaligned targets, with and without DONTUNMAP. */
export declare function migrate_remap_fault(self: HmmSelf): Sched;
/** FAIL_ALLOC on the way to the device (4 KiB device pages) and on the way back (4 KiB system pages). */
export declare function migrate_anon_huge_err(self: HmmSelf): Sched;
/** FAIL_ALLOC while migrating the huge zero page (and an empty range). */
export declare function migrate_anon_huge_zero_err(self: HmmSelf): Sched;
/** Buffer sizes of benchmark_thp_migration (each run with and without THP). */
export declare const BENCHMARK_THP_SIZES: readonly number[];
/** Every size, with and without THP: every migration returns 0 (timings: npm run bench). */
export declare function benchmark_thp_migration(self: HmmSelf): Sched;
