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
 *
 * Owns no model state; every execution builds its own devices and processes.
 */

import { check, cur, Execution, type Chooser, type Sched, type Violation } from '../../kernel/index.js';
import { DEFAULT_OPTIONS, explore, type ExploreResult } from '../../explore/run.js';
import type { StrategyName } from '../../explore/strategy.js';
import type { Scenario } from '../types.js';

/** FIXTURE_VARIANT(hmm): which /dev/hmm_dmirrorN the fixture opens. */
export interface HmmVariant {
  readonly name: 'hmm_device_private' | 'hmm_device_coherent';
  readonly device_number: number;
}

export const HMM_PRIVATE_DEVICE_ONE = 0;
export const HMM_PRIVATE_DEVICE_TWO = 1;
export const HMM_COHERENCE_DEVICE_ONE = 2;
export const HMM_COHERENCE_DEVICE_TWO = 3;

export const HMM_VARIANTS: readonly HmmVariant[] = [
  { name: 'hmm_device_private', device_number: HMM_PRIVATE_DEVICE_ONE },
  { name: 'hmm_device_coherent', device_number: HMM_COHERENCE_DEVICE_ONE },
];

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
  readonly fixture: 'hmm';
  readonly name: string;
  /** One line: what the kernel test checks. */
  readonly description: string;
  /** Set up one execution of this test on `variant` (spawns the test process). */
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

const STATE_KEY = 'selftests.state';

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

/** SKIP(return, reason): mark the test skipped; the body then returns. */
export function SKIP(reason: string): void {
  test_state().skipped = reason;
}

/* ---- running ----------------------------------------------------------------------------- */

export type Status = 'pass' | 'fail' | 'skip';

export interface SelftestResult {
  /** 1-based TAP number. */
  number: number;
  /** "hmm.hmm_device_private.anon_read". */
  name: string;
  fixture: string;
  variant: string;
  test: string;
  status: Status;
  /** SKIP reason or failure diagnostics (kselftest-style lines). */
  diagnostics: string[];
  elapsedMs: number;
  /** Exploration summary for explored tests ("dfs k=2: 812 executions, exhausted"). */
  explored?: string;
  executions: number;
  /** Replay token of a failing execution, if the failure came from the explorer. */
  token?: string;
}

/** Always continue the running thread while it can run; else the lowest-numbered runnable one. */
const serialChooser: Chooser = {
  pickThread(runnable, last, lastRunnable) {
    return lastRunnable ? last : runnable[0]!;
  },
  pickValue() {
    return 0;
  },
};

export const SELFTEST_DESIGN = 'v6';
export const DEFAULT_STEP_BUDGET = 50_000_000;

export 
function diagnose(test: string, v: Violation): string[] {
  const out = [v.kind === 'assertion' ? v.message : `${v.title} (${v.kind})`];
  if (v.kind !== 'assertion') out.push(`${v.message}`);
  out.push(`${test}: Test terminated by ${v.kind === 'assertion' ? 'assertion' : v.kind}${v.thread ? ` in thread ${v.thread}` : ''}`);
  return out;
}

/** Run one test on one variant. */
export function runSelftest(t: Selftest, variant: HmmVariant, number: number): SelftestResult {
  const name = `${t.fixture}.${variant.name}.${t.name}`;
  const base = { number, name, fixture: t.fixture, variant: variant.name, test: t.name };
  const t0 = performance.now();
  if (t.phases) {
    const lines: string[] = [];
    let executions = 0;
    for (const ph of t.phases(variant)) {
      let r: ExploreResult;
      try {
        r = explore(ph.scenario, SELFTEST_DESIGN, {
          ...DEFAULT_OPTIONS,
          strategy: ph.strategy,
          preemptions: ph.preemptions ?? 0,
          seed: ph.seed ?? 1,
          executions: ph.executions,
          seconds: 600,
          stepBudget: ph.scenario.stepBudget ?? DEFAULT_STEP_BUDGET,
          keepGoing: false,
        });
      } catch (e) {
        return { ...base, status: 'fail', diagnostics: [`internal error in ${ph.label}: ${e instanceof Error ? e.message : String(e)}`], elapsedMs: Math.round(performance.now() - t0), executions };
      }
      executions += r.executions;
      const line = `${ph.label}: ${r.executions} execution${r.executions === 1 ? '' : 's'}${r.strategy === 'dfs' ? (r.exhausted ? ', exhausted' : ', NOT exhausted') : ''}`;
      lines.push(line);
      const explored = lines.join('; ');
      const v = r.violations[0];
      if (v) {
        return {
          ...base,
          status: 'fail',
          diagnostics: [
            ...r.violations.slice(0, 3).flatMap((x) => diagnose(t.name, { ...x, detail: [], fatal: true })),
            `found by ${ph.label} at execution ${v.execution}`,
            `hmmsim replay ${v.token}`,
          ],
          elapsedMs: Math.round(performance.now() - t0),
          explored,
          executions,
          token: v.token,
        };
      }
      if (r.strategy === 'dfs' && !r.exhausted) {
        return { ...base, status: 'fail', diagnostics: [`${line}: the bounded space was not covered`], elapsedMs: Math.round(performance.now() - t0), explored, executions };
      }
    }
    return { ...base, status: 'pass', diagnostics: [], elapsedMs: Math.round(performance.now() - t0), explored: lines.join('; '), executions };
  }
  const ex = new Execution(serialChooser, { stepBudget: t.stepBudget ?? DEFAULT_STEP_BUDGET, record: false, checkLeaks: false });
  let res;
  try {
    res = ex.run(() => t.setup(variant));
  } catch (e) {
    return { ...base, status: 'fail', diagnostics: [`internal error: ${e instanceof Error ? e.message : String(e)}`], elapsedMs: Math.round(performance.now() - t0), executions: 1 };
  }
  const elapsedMs = Math.round(performance.now() - t0);
  const skipped = (ex.ext.get(STATE_KEY) as TestState | undefined)?.skipped ?? null;
  if (res.violations.length > 0) return { ...base, status: 'fail', diagnostics: res.violations.flatMap((v) => diagnose(t.name, v)), elapsedMs, executions: 1 };
  if (skipped !== null) return { ...base, status: 'skip', diagnostics: [skipped], elapsedMs, executions: 1 };
  return { ...base, status: 'pass', diagnostics: [], elapsedMs, executions: 1 };
}

export interface SelftestRun {
  results: SelftestResult[];
  elapsedMs: number;
  totals: { pass: number; fail: number; xfail: number; xpass: number; skip: number; error: number };
}

/** Every test of `tests` on every variant, in kselftest order (variant by variant). */
export function runSelftests(tests: readonly Selftest[], variants: readonly HmmVariant[] = HMM_VARIANTS, onResult?: (r: SelftestResult) => void): SelftestRun {
  const t0 = performance.now();
  const results: SelftestResult[] = [];
  let n = 0;
  for (const v of variants) {
    for (const t of tests) {
      const r = runSelftest(t, v, ++n);
      results.push(r);
      onResult?.(r);
    }
  }
  const count = (s: Status) => results.filter((r) => r.status === s).length;
  return { results, elapsedMs: Math.round(performance.now() - t0), totals: { pass: count('pass'), fail: count('fail'), xfail: 0, xpass: 0, skip: count('skip'), error: 0 } };
}

/* ---- TAP --------------------------------------------------------------------------------- */

export function tapHeader(total: number, cases: number): string[] {
  return ['TAP version 13', `1..${total}`, `# Starting ${total} tests from ${cases} test cases.`];
}

export function tapResult(r: SelftestResult): string[] {
  const out = [`#  RUN           ${r.name} ...`];
  if (r.status === 'fail') for (const d of r.diagnostics) out.push(`# ${d}`);
  if (r.explored) out.push(`# ${r.test}: ${r.explored}`);
  if (r.status === 'pass') out.push(`#            OK  ${r.name}`, `ok ${r.number} ${r.name}`);
  else if (r.status === 'skip') out.push(`#      SKIP      ${r.diagnostics[0] ?? ''}`, `#            OK  ${r.name}`, `ok ${r.number} ${r.name} # SKIP ${r.diagnostics[0] ?? ''}`);
  else out.push(`#          FAIL  ${r.name}`, `not ok ${r.number} ${r.name}`);
  return out;
}

export function tapFooter(run: SelftestRun): string[] {
  const { pass, fail, xfail, xpass, skip, error } = run.totals;
  const total = run.results.length;
  return [
    fail === 0 ? `# PASSED: ${pass + skip} / ${total} tests passed.` : `# FAILED: ${pass + skip} / ${total} tests passed.`,
    `# Totals: pass:${pass} fail:${fail} xfail:${xfail} xpass:${xpass} skip:${skip} error:${error}`,
  ];
}
