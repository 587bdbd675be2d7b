import type { Sched } from '../../kernel/index.js';
import { type Scenario } from '../types.js';
import { type ExplorePhase, type HmmVariant } from './harness.js';
import { type HmmBuffer, type HmmSelf } from './hmm_fixture.js';
import { type Proc } from './libc.js';
/** Pages of the explored instances. */
export declare const EXPLORE_NPAGES = 2;
/**
 * Device-memory chunk of the explored instances, in pages (the module's is 256 MiB): RELEASE
 * and every eviction visit each page of a chunk, taking a reference step per page.
 */
export declare const EXPLORE_CHUNK_PAGES = 4;
export declare const EXPLORE_PREEMPTIONS = 2;
/**
 * The racing thread's reads: the first and the last int of each page of [first, n) instead of
 * every int (each load is a scheduling point while the other thread runs, and the ones in
 * between add interleavings that differ only in which int is read). The main thread reads
 * every int once both are done.
 */
export declare function expect_i32_edges(p: Proc, page_size: number, ptr: number, first: number, n: number): Sched;
/** `npages` fresh RW private anonymous pages holding ptr[i] = i, and a mirror of their size. */
export declare function small_buffer(self: HmmSelf, npages: number): Sched<HmmBuffer>;
/** A migration that may lose pages to a racing CPU fault: 0 with everything, or -ENOENT. */
export declare function migrate_outcome(ret: number, buffer: HmmBuffer, npages: number, self: HmmSelf): void;
/** The built-in scenarios (group selftests), both variants. */
export declare const migrateExploreScenarios: Scenario[];
/** The exploration phase backing TEST_F(hmm, <test>) on `variant`. */
export declare function migrateExplorePhases(test: string, variant: HmmVariant): ExplorePhase[];
