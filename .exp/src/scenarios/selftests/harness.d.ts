/** The explorer strategies a phase may use (the explorer's own names). */
export type StrategyName = 'random' | 'pct' | 'dfs';
/** Selftests run on today's contract. */
export declare const SELFTEST_DESIGN = "v6";
import type { Scenario } from '../types.js';
/** FIXTURE_VARIANT(hmm) and FIXTURE_VARIANT(hmm2): which /dev/hmm_dmirrorN the fixture opens. */
export interface HmmVariant {
    readonly name: 'hmm_device_private' | 'hmm_device_coherent' | 'hmm2_device_private' | 'hmm2_device_coherent';
    /** hmm: the device; hmm2: device_number0. */
    readonly device_number: number;
    /** hmm2 only: device_number1. */
    readonly device_number1?: number;
}
/** The fixtures of hmm-tests.c. */
export type FixtureName = 'hmm' | 'hmm2';
export declare const HMM_PRIVATE_DEVICE_ONE = 0;
export declare const HMM_PRIVATE_DEVICE_TWO = 1;
export declare const HMM_COHERENCE_DEVICE_ONE = 2;
export declare const HMM_COHERENCE_DEVICE_TWO = 3;
export declare const HMM_VARIANTS: readonly HmmVariant[];
export declare const HMM2_VARIANTS: readonly HmmVariant[];
/** Each fixture's variants, in the order kselftest runs them (fixture, variant, test). */
export declare const FIXTURE_VARIANTS: Readonly<Record<FixtureName, readonly HmmVariant[]>>;
export declare function hmm_is_coherent_type(dev_num: number): boolean;
/**
 * One exploration backing a concurrent test: a scenario (a registered built-in, so a failure's
 * replay token works with `hmmsim replay`) run under a strategy. The test passes only if no
 * execution of any phase reports anything and every dfs phase exhausted its bounded space.
 */
export interface ExplorePhase {
    /** "dfs k=2, npages 128". */
    readonly label: string;
    readonly scenario: Scenario;
    readonly strategy: StrategyName;
    readonly preemptions?: number;
    readonly seed?: number;
    /** Execution cap (dfs: the run fails if the space is not exhausted within it). */
    readonly executions: number;
}
/**
 * One TEST_F. `setup` is the whole test (fixture setup, body, teardown) as the set-up of one
 * execution: it spawns the test process. A concurrent test gives `phases` instead.
 */
export interface Selftest {
    readonly fixture: FixtureName;
    readonly name: string;
    /** One line: what the kernel test checks. */
    readonly description: string;
    /**
     * Set up one execution of this test on `variant` (spawns the test process). A test with
     * phases runs it once first (it must pass; a SKIP there skips the test): the fixture alone
     * for anon_teardown, the whole kernel test for those whose concurrency is explored besides.
     */
    setup(variant: HmmVariant): void;
    /** Present for tests whose interleavings are explored rather than run once. */
    phases?(variant: HmmVariant): ExplorePhase[];
    /** Per-execution step budget; the default applies otherwise. */
    readonly stepBudget?: number;
}
/** Per-execution test state: the name for messages and a SKIP reason once SKIP() ran. */
export interface TestState {
    test: string;
    skipped: string | null;
}
export declare const STATE_KEY = "selftests.state";
export declare function test_state(): TestState;
export declare function ASSERT_EQ(got: number | bigint | boolean, expected: number | bigint | boolean, lhs: string, rhs?: string): void;
export declare function ASSERT_NE(got: unknown, unexpected: unknown, lhs: string, rhs?: string): void;
/** The value is one of those the kernel allows here (a race decides which). */
export declare function check_one_of(got: number, allowed: readonly number[], lhs: string): void;
export declare function ASSERT_GE(got: number, min: number, lhs: string, rhs?: string): void;
/**
 * Check every int slot of a buffer against a pattern, failing on the first mismatch with the
 * kernel's message for `ASSERT_EQ(ptr[i], expr)`. `get(i)` reads slot i.
 */
export declare function ASSERT_EACH(n: number, get: (i: number) => number, want: (i: number) => number, lhs: string, rhs: string): void;
export declare function EXPECT_EQ(expected: number | bigint | boolean, got: number | bigint | boolean, lhs: string, rhs: string): void;
export declare function EXPECT_NE(unexpected: unknown, got: unknown, lhs: string, rhs: string): void;
/** SKIP(return, reason): mark the test skipped; the body then returns. */
export declare function SKIP(reason: string): void;
