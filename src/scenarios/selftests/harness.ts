/*
 * A small kselftest_harness.h for the ported HMM selftests: fixtures with variants, TEST_F
 * bodies written as model threads, ASSERT_* that end the execution with an `assertion`
 * violation, SKIP, and a runner that prints kselftest-style TAP.
 *
 * A test runs inside one model execution: the "test process" is a model thread using the mm
 * process API and the dmirror ioctls, exactly as hmm-tests.c uses syscalls. Sequential tests
 * (everything but anon_teardown) run once with a deterministic scheduler. A test whose
 * concurrency matters (anon_teardown) is not run with wall-clock threads: its interleavings are
 * explored by the explorer (dfs with a preemption bound) and every explored execution must pass.
 * The runner and the TAP output live in src/cli/selftest_runner.ts (they drive the explorer,
 * which sits above the scenarios).
 *
 * Owns no model state; every execution builds its own devices and processes.
 */

import { check, cur } from '../../kernel/index.js';

/** The explorer strategies a phase may use (the explorer's own names). */
export type StrategyName = 'random' | 'pct' | 'dfs';

/** Selftests run on today's contract. */
export const SELFTEST_DESIGN = 'v6';
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

export const HMM_PRIVATE_DEVICE_ONE = 0;
export const HMM_PRIVATE_DEVICE_TWO = 1;
export const HMM_COHERENCE_DEVICE_ONE = 2;
export const HMM_COHERENCE_DEVICE_TWO = 3;

export const HMM_VARIANTS: readonly HmmVariant[] = [
  { name: 'hmm_device_private', device_number: HMM_PRIVATE_DEVICE_ONE },
  { name: 'hmm_device_coherent', device_number: HMM_COHERENCE_DEVICE_ONE },
];

export const HMM2_VARIANTS: readonly HmmVariant[] = [
  { name: 'hmm2_device_private', device_number: HMM_PRIVATE_DEVICE_ONE, device_number1: HMM_PRIVATE_DEVICE_TWO },
  { name: 'hmm2_device_coherent', device_number: HMM_COHERENCE_DEVICE_ONE, device_number1: HMM_COHERENCE_DEVICE_TWO },
];

/** Each fixture's variants, in the order kselftest runs them (fixture, variant, test). */
export const FIXTURE_VARIANTS: Readonly<Record<FixtureName, readonly HmmVariant[]>> = { hmm: HMM_VARIANTS, hmm2: HMM2_VARIANTS };

export function hmm_is_coherent_type(dev_num: number): boolean {
  return dev_num >= HMM_COHERENCE_DEVICE_ONE;
}

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

/* ---- assertions -------------------------------------------------------------------------- */

/** Per-execution test state: the name for messages and a SKIP reason once SKIP() ran. */
export interface TestState {
  test: string;
  skipped: string | null;
}

export const STATE_KEY = 'selftests.state';

export function test_state(): TestState {
  let s = cur.ext.get(STATE_KEY) as TestState | undefined;
  if (s === undefined) {
    s = { test: '?', skipped: null };
    cur.ext.set(STATE_KEY, s);
  }
  return s;
}

function fmt(v: unknown): string {
  if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) > 0xffff) return `${v} (0x${(v >>> 0 === v ? v : v).toString(16)})`;
  return String(v);
}

function fail(what: string): never {
  check(false, `hmm-tests.c:${test_state().test}:${what}`);
  throw new Error('unreachable');
}

/* The kselftest messages: "Expected <lhs> (<value>) == <rhs> (<value>)". */
export function ASSERT_EQ(got: number | bigint | boolean, expected: number | bigint | boolean, lhs: string, rhs = String(expected)): void {
  if (got !== expected) fail(`Expected ${lhs} (${fmt(got)}) == ${rhs} (${fmt(expected)})`);
}
export function ASSERT_NE(got: unknown, unexpected: unknown, lhs: string, rhs = String(unexpected)): void {
  if (got === unexpected) fail(`Expected ${lhs} (${fmt(got)}) != ${rhs} (${fmt(unexpected)})`);
}
/** The value is one of those the kernel allows here (a race decides which). */
export function check_one_of(got: number, allowed: readonly number[], lhs: string): void {
  if (!allowed.includes(got)) fail(`Expected ${lhs} (${fmt(got)}) to be one of ${allowed.join(', ')}`);
}
export function ASSERT_GE(got: number, min: number, lhs: string, rhs = String(min)): void {
  if (!(got >= min)) fail(`Expected ${lhs} (${fmt(got)}) >= ${rhs} (${fmt(min)})`);
}

/**
 * Check every int slot of a buffer against a pattern, failing on the first mismatch with the
 * kernel's message for `ASSERT_EQ(ptr[i], expr)`. `get(i)` reads slot i.
 */
export function ASSERT_EACH(n: number, get: (i: number) => number, want: (i: number) => number, lhs: string, rhs: string): void {
  for (let i = 0; i < n; i++) {
    const g = get(i);
    const w = want(i);
    if (g !== w) fail(`Expected ${lhs.replace('[i]', `[${i}]`)} (${g}) == ${rhs.replace(/\bi\b/g, String(i))} (${w})`);
  }
}

/** EXPECT_*: a failure is reported and fails the test, and the test goes on (kselftest's soft asserts). */
function soft_fail(what: string): void {
  cur.report('assertion', `ASSERTION FAILED: hmm-tests.c:${test_state().test}:${what}`, `hmm-tests.c:${test_state().test}:${what}`, [`checked by thread ${cur.current.name} at step ${cur.steps}`], false);
}
export function EXPECT_EQ(expected: number | bigint | boolean, got: number | bigint | boolean, lhs: string, rhs: string): void {
  if (got !== expected) soft_fail(`Expected ${lhs} (${fmt(expected)}) == ${rhs} (${fmt(got)})`);
}
export function EXPECT_NE(unexpected: unknown, got: unknown, lhs: string, rhs: string): void {
  if (got === unexpected) soft_fail(`Expected ${lhs} (${fmt(unexpected)}) != ${rhs} (${fmt(got)})`);
}

/** SKIP(return, reason): mark the test skipped; the body then returns. */
export function SKIP(reason: string): void {
  test_state().skipped = reason;
}
