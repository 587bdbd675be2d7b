/*
 * Does a scenario behave as expected on a design? The rules behind `hmmsim check`:
 *  - clean: the strongest claim that finishes within its budget. First dpor (no preemption
 *    bound) with a small budget: if it exhausts the space without a report, the verdict is
 *    "every interleaving" (a proof, within the model's dependency relation). Otherwise the
 *    bounded claim: dfs with the preemption bound (default 2) must exhaust its bounded space,
 *    and pct with depth 3 must run its executions (default 10,000), all without any report;
 *  - violation: the default strategy (pct) and then dfs look for an execution that a fatal
 *    report ends (lockdep and WARN reports met on the way are kept; if no execution ends in a
 *    fatal report, what was reported counts); every kind found must be an expected kind;
 *  - violation in every execution: dfs must exhaust its bounded space with a report of an
 *    expected kind in each execution.
 */

import type { ViolationKind } from '../kernel/index.js';
import type { Expectation, Scenario } from '../scenarios/types.js';
import { DEFAULT_OPTIONS, explore, type ExploreOptions, type ExploreResult } from './run.js';

export interface Verdict {
  scenario: string;
  design: string;
  expected: string;
  found: string;
  ok: boolean;
  /** One line per run that backs the verdict. */
  explored: string[];
  runs: ExploreResult[];
  elapsedMs: number;
  /** Token of the first violation found, if any. */
  token?: string;
  /** The user interrupted a run behind this verdict. */
  interrupted?: boolean;
  /** Machine values of `found` (the JSON contract): what was found, and the claim it rests on. */
  outcome: FoundOutcome;
  foundKinds: ViolationKind[];
  claim: Claim;
  /** Executions run (over the verdict's runs, in order) up to the first violation found. */
  executionsToFind?: number;
}

/** What a verdict found, as a machine value. */
export type FoundOutcome = 'clean' | 'violation' | 'every-execution' | 'some-executions' | 'inconclusive' | 'interrupted';

/**
 * The claim a result rests on: a violation found (a replayable counterexample), a bounded
 * space exhausted with nothing found, every interleaving (partial-order reduction, exhausted;
 * reserved), a sample with nothing found, or no claim at all.
 */
export type Claim = 'violation-found' | 'every-interleaving' | 'bounded-exhaustive' | 'sampled' | 'none';

export function describeExpectation(e: Expectation): string {
  if (e.clean) return 'clean';
  return (e.everyExecution ? 'every execution: ' : '') + e.kinds.join(' or ');
}

function line(r: ExploreResult): string {
  const stop = r.stopReason === 'seconds' || r.stopReason === 'interrupted' ? ` (stopped: ${r.stopReason === 'seconds' ? 'out of time' : 'interrupted'})` : '';
  if (r.strategy === 'dpor') return `dpor: ${r.executions} executions${r.exhausted ? ', every interleaving' : `, NOT exhausted (budget ${r.stopReason === 'seconds' ? 'of seconds' : 'of executions'})`}${r.stopReason === 'interrupted' ? ' (stopped: interrupted)' : ''}`;
  if (r.strategy === 'dfs') return `dfs k=${r.bounds.preemptions}: ${r.executions} executions${r.exhausted ? ', exhausted' : ', NOT exhausted'}${stop}`;
  if (r.strategy === 'pct') return `pct d=${r.bounds.depth}: ${r.executions} executions${stop}`;
  return `${r.strategy}: ${r.executions} executions${stop}`;
}

function kindsOf(runs: ExploreResult[]): ViolationKind[] {
  const s = new Set<ViolationKind>();
  for (const r of runs) for (const v of r.violations) s.add(v.kind);
  return [...s];
}

export interface CheckBudget {
  /** Executions allowed to dfs for exhausting a clean scenario's space (default: no limit). */
  dfsExecutions: number;
  /** Seconds per run (dfs and pct each). */
  seconds: number;
  /** Budget of the dpor attempt at a proof for a clean scenario (executions, seconds). */
  dporExecutions?: number;
  dporSeconds?: number;
}

/**
 * Default budget of check's dpor attempt: small, so that a scenario it cannot finish costs little.
 * It is counted in executions, so that the claim `check` prints is the same on a fast machine
 * and a loaded one; the seconds are only a cap for scenarios whose executions are long.
 */
export const DPOR_CHECK_BUDGET = { executions: 8000, seconds: 30 };

export function verdict(sc: Scenario, design: string, budget: CheckBudget = { dfsExecutions: Infinity, seconds: 120 }): Verdict {
  const exp = sc.designs[design]!;
  const k = sc.checkBounds?.preemptions ?? 2;
  const pctN = sc.checkBounds?.pctExecutions ?? 10_000;
  const base: ExploreOptions = { ...DEFAULT_OPTIONS, seconds: budget.seconds };
  const t0 = performance.now();
  const runs: ExploreResult[] = [];
  let ok: boolean;
  let found: string;
  if (exp.clean) {
    const dp = explore(sc, design, {
      ...base,
      strategy: 'dpor',
      // A proof attempt: one unbounded pass (pct and dfs hunt for bugs when it does not finish).
      dporBound: Infinity,
      executions: budget.dporExecutions ?? sc.checkBounds?.dporExecutions ?? DPOR_CHECK_BUDGET.executions,
      seconds: Math.min(budget.seconds, budget.dporSeconds ?? DPOR_CHECK_BUDGET.seconds),
    });
    runs.push(dp);
    if (dp.violations.length > 0 || dp.exhausted) {
      const kinds = kindsOf(runs);
      ok = kinds.length === 0;
      found = kinds.length ? kinds.join(', ') : 'clean (every interleaving)';
    } else {
      const d = explore(sc, design, { ...base, strategy: 'dfs', preemptions: k, executions: budget.dfsExecutions });
      runs.push(d);
      if (d.violations.length === 0) runs.push(explore(sc, design, { ...base, strategy: 'pct', depth: 3, executions: pctN }));
      const kinds = kindsOf(runs);
      ok = kinds.length === 0 && d.exhausted && runs.length === 3 && runs[2]!.executions >= pctN;
      found = kinds.length ? kinds.join(', ') : d.exhausted ? (ok ? `clean (bounded: dfs k=${k}, pct)` : 'clean (pct budget not reached)') : 'inconclusive (dfs not exhausted)';
    }
  } else if (exp.everyExecution) {
    const d = explore(sc, design, { ...base, strategy: 'dfs', preemptions: k, executions: budget.dfsExecutions, keepGoing: true });
    runs.push(d);
    const kinds = kindsOf(runs);
    const all = d.violatingExecutions === d.executions;
    ok = d.exhausted && all && kinds.length > 0 && kinds.every((x) => exp.kinds.includes(x));
    found = kinds.length === 0 ? 'clean' : `${all ? 'every execution: ' : `${d.violatingExecutions}/${d.executions} executions: `}${kinds.join(', ')}`;
    if (!d.exhausted) found += ' (dfs not exhausted)';
  } else {
    const p = explore(sc, design, { ...base, strategy: 'pct', depth: 3, executions: pctN, stopAt: 'fatal' });
    runs.push(p);
    if (p.violations.length === 0) runs.push(explore(sc, design, { ...base, strategy: 'dfs', preemptions: k, executions: budget.dfsExecutions, stopAt: 'fatal' }));
    const kinds = kindsOf(runs);
    ok = kinds.length > 0 && kinds.every((x) => exp.kinds.includes(x));
    found = kinds.length ? kinds.join(', ') : 'clean';
  }
  const token = runs.flatMap((r) => r.violations)[0]?.token;
  let executionsToFind: number | undefined;
  for (let i = 0, before = 0; i < runs.length; before += runs[i]!.executions, i++) {
    const v = runs[i]!.violations[0];
    if (v !== undefined) {
      executionsToFind = before + v.execution;
      break;
    }
  }
  const interrupted = runs.some((r) => r.stopReason === 'interrupted');
  const foundKinds = kindsOf(runs);
  let outcome: FoundOutcome;
  if (foundKinds.length === 0) outcome = exp.clean && !ok ? 'inconclusive' : 'clean';
  else if (!exp.clean && exp.everyExecution) outcome = runs[0]!.violatingExecutions === runs[0]!.executions ? 'every-execution' : 'some-executions';
  else outcome = 'violation';
  const proof = runs.some((r) => r.strategy === 'dpor' && r.exhausted && r.dpor !== undefined && !r.dpor.bounded);
  let claim: Claim =
    foundKinds.length > 0
      ? 'violation-found'
      : outcome === 'clean' && proof
        ? 'every-interleaving'
        : outcome === 'clean' && runs.some((r) => r.strategy === 'dfs' && r.exhausted)
          ? 'bounded-exhaustive'
          : outcome === 'clean'
            ? 'sampled'
            : 'none';
  if (interrupted) {
    ok = false;
    found = `interrupted (${found})`;
    outcome = 'interrupted';
    if (foundKinds.length === 0) claim = 'none';
  }
  return {
    ...(interrupted ? { interrupted } : {}),
    scenario: sc.name,
    design,
    expected: describeExpectation(exp),
    found,
    ok,
    explored: runs.map(line),
    runs,
    elapsedMs: Math.round(performance.now() - t0),
    ...(token ? { token } : {}),
    outcome,
    foundKinds,
    claim,
    ...(executionsToFind !== undefined ? { executionsToFind } : {}),
  };
}
