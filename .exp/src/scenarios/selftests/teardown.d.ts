import { type Sched } from '../../kernel/index.js';
import { type Scenario } from '../types.js';
import { type ExplorePhase, type HmmVariant } from './harness.js';
import { type HmmSelf } from './hmm_fixture.js';
/** Pages of the explored (dfs) instance: part of one fault piece, its second half unmapped. */
export declare const ANON_TEARDOWN_EXPLORE_NPAGES = 16;
export declare const ANON_TEARDOWN_DFS_PREEMPTIONS = 2;
/** One iteration of the kernel loop, for a given c and npages. */
export declare function anon_teardown_iteration(self: HmmSelf, c: number, npages: number): Sched;
/** The kernel's test: every iteration, back to back, on the fixture's one device file. */
export declare function anon_teardown_kernel(self: HmmSelf): Sched;
/** Executions of the kernel-size test (each runs all NTIMES iterations). */
export declare const ANON_TEARDOWN_FULL_EXECUTIONS = 3;
/** The explored instance: one iteration of the smaller buffer. */
export declare function anon_teardown_small(self: HmmSelf): Sched;
/**
 * The built-in scenarios of anon_teardown (group selftests): the private variant only. The
 * coherent device does not exist in this model yet (no coherent device memory), so a coherent
 * scenario would explore a test that SKIPs at once: a "clean" that checked nothing.
 */
export declare const anonTeardownScenarios: Scenario[];
/** The fixture alone (open, close) on `variant`: tells the runner whether the test can run. */
export declare function anon_teardown_probe(variant: HmmVariant): void;
/** The exploration phases backing TEST_F(hmm, anon_teardown) on `variant`. */
export declare function anon_teardown_phases(variant: HmmVariant): ExplorePhase[];
