/*
 * The JSON contract: the --json output of every command, described by the JSON Schemas in
 * schemas/ at the package root (shipped with the package). Every document carries
 * `schemaVersion` and `command`. Kinds, outcomes, claims and stop reasons are machine values
 * (fixed vocabularies listed in the schemas); English is kept in `text` fields beside them.
 *
 * Within one schemaVersion fields may be added (consumers must ignore fields they do not
 * know); removing, renaming or changing the meaning of one bumps the version.
 */

import type { ViolationKind } from '../kernel/index.js';
import type { ExecutionResult, Violation } from '../kernel/index.js';
import type { ExploreOptions, ExploreResult, StopReason } from '../explore/run.js';
import type { Claim } from '../explore/verdict.js';
import type { Expectation, Scenario } from '../scenarios/types.js';
import { describeBounds, STOP_TEXT } from './text.js';

export const SCHEMA_VERSION = 1;

export type JsonCommand = 'explore' | 'replay' | 'check' | 'list' | 'selftests' | 'compare' | 'history' | 'merge';

function header(command: JsonCommand): { schemaVersion: number; command: JsonCommand } {
  return { schemaVersion: SCHEMA_VERSION, command };
}

/** The claim an exploration supports, with its English. */
export function exploreClaim(r: ExploreResult): { claim: Claim; text: string } {
  if (r.violations.length > 0) return { claim: 'violation-found', text: `${r.violations.length} distinct violation(s) found, each with a replay token` };
  if (r.stopReason === 'interrupted') return { claim: 'none', text: 'interrupted: nothing found so far, no claim' };
  if (r.executions === 0) return { claim: 'none', text: 'nothing explored: no execution finished' };
  if (r.strategy === 'dpor' && r.exhausted && r.dpor !== undefined && !r.dpor.bounded) {
    return { claim: 'every-interleaving', text: `clean: every interleaving was explored (partial-order reduction, ${r.executions} executions)` };
  }
  if (r.strategy === 'dfs' || r.strategy === 'dpor') {
    return r.exhausted
      ? { claim: 'bounded-exhaustive', text: `clean: every execution within preemption bound ${r.bounds.preemptions} was explored` }
      : { claim: 'none', text: 'no violation found, but NOT a clean claim: the bounded space was not exhausted' };
  }
  return { claim: 'sampled', text: `clean within these bounds: ${r.executions} sampled executions, no violation` };
}

function violationJson(v: Violation): object {
  return { kind: v.kind, title: v.title, message: v.message, thread: v.thread, step: v.step, fatal: v.fatal, detail: v.detail };
}

export function exploreJson(r: ExploreResult, o?: ExploreOptions): object {
  return {
    ...header('explore'),
    scenario: r.scenario,
    design: r.design,
    strategy: r.strategy,
    seed: r.bounds.seed ?? null,
    depth: r.bounds.depth ?? null,
    preemptions: r.bounds.preemptions ?? null,
    stepBudget: r.bounds.stepBudget,
    executionBudget: o === undefined || o.executions === Infinity ? null : o.executions,
    secondsBudget: o?.seconds ?? null,
    keepGoing: o?.keepGoing ?? false,
    executions: r.executions,
    violatingExecutions: r.violatingExecutions,
    steps: r.steps,
    exhausted: r.exhausted,
    stopReason: r.stopReason,
    stop: { reason: r.stopReason, text: STOP_TEXT[r.stopReason] },
    claim: exploreClaim(r),
    bounds: r.bounds,
    text: describeBounds(r),
    elapsedMs: r.elapsedMs,
    violations: r.violations.map((v) => ({ kind: v.kind, title: v.title, message: v.message, token: v.token, thread: v.thread, step: v.step, execution: v.execution, replay: `hmmsim replay ${v.token}`, ...(v.shrunk ? { shrunk: v.shrunk } : {}) })),
    ...(r.dpor ? { dpor: r.dpor } : {}),
    ...(r.shard ? { shard: r.shard } : {}),
  };
}

export function replayJson(scenario: string, design: string, token: string, res: ExecutionResult, elapsedMs: number): object {
  return {
    ...header('replay'),
    scenario,
    design,
    token,
    outcome: res.violations.length > 0 ? 'violation' : 'clean',
    steps: res.steps,
    threads: res.threads,
    elapsedMs,
    violations: res.violations.map(violationJson),
    interleaving: res.events.map((e) => ({ step: e.step + 1, thread: e.thread, op: e.op, obj: e.obj, where: e.where })),
    trace: res.trace,
    replay: `hmmsim replay ${token}`,
  };
}

/** An expectation as machine values plus its English. */
export function expectationJson(e: Expectation, text: string): object {
  if (e.clean) return { outcome: 'clean', kinds: [], text };
  return { outcome: e.everyExecution ? 'every-execution' : 'violation', kinds: e.kinds, text };
}

export function listJson(scenarios: readonly Scenario[], describe: (e: Expectation) => string): object {
  return {
    ...header('list'),
    scenarios: scenarios.map((s) => ({
      name: s.name,
      group: s.group,
      description: s.description,
      designs: Object.fromEntries(Object.entries(s.designs).map(([d, e]) => [d, expectationJson(e, describe(e))])),
    })),
  };
}

export interface CheckJsonRow {
  scenario: string;
  design: string;
  expected: Expectation;
  expectedText: string;
  found: string;
  outcome: string;
  foundKinds: string[];
  claim: Claim;
  ok: boolean;
  interrupted?: boolean;
  explored: string[];
  elapsedMs: number;
  token?: string;
}

const CLAIM_TEXT: Record<Claim, string> = {
  'violation-found': 'a violation was found (replay token given)',
  'every-interleaving': 'every interleaving was explored (partial-order reduction, exhausted)',
  'bounded-exhaustive': 'every execution within the bound was explored and the sampled runs reached their budget',
  sampled: 'sampled executions only',
  none: 'no claim',
};

export function checkJson(rows: CheckJsonRow[], elapsedMs: number): object {
  return {
    ...header('check'),
    ok: rows.every((r) => r.ok),
    elapsedMs,
    results: rows.map((r) => ({
      scenario: r.scenario,
      design: r.design,
      expected: expectationJson(r.expected, r.expectedText),
      found: { outcome: r.outcome, kinds: r.foundKinds, text: r.found },
      result: r.interrupted ? 'interrupted' : r.ok ? 'ok' : 'mismatch',
      ok: r.ok,
      claim: { claim: r.claim, text: CLAIM_TEXT[r.claim] },
      explored: r.explored,
      elapsedMs: r.elapsedMs,
      ...(r.token !== undefined ? { token: r.token, replay: `hmmsim replay ${r.token}` } : {}),
    })),
  };
}

/** The selftests document: `run` is the runner's result (rows already in their JSON shape). */
export function selftestsJson(ok: boolean, elapsedMs: number, totals: object, results: object[]): object {
  return { ...header('selftests'), ok, elapsedMs, totals, results };
}

export type { StopReason };

/** One row of `hmmsim history`: a bug, its first find on the buggy model, the fixed verdict. */
export interface HistoryRow {
  id: string;
  subject: string;
  release: string;
  section: string;
  how: 'switch' | 'release' | 'today' | 'not-expressed';
  reason?: string;
  design?: string;
  expectedKinds?: ViolationKind[];
  find?: { scenario: string; design: string; strategy: string; found: boolean; kind: ViolationKind | null; executions: number; ms: number; token: string | null };
  fixed?: { scenario: string; design: string; clean: boolean; found: string; explored: string; ms: number };
}

export function historyJson(rows: HistoryRow[], elapsedMs: number): object {
  const ex = rows.filter((r) => r.find !== undefined);
  return {
    ...header('history'),
    ok: ex.every((r) => r.find!.found && r.fixed!.clean),
    elapsedMs,
    totals: { bugs: rows.length, expressed: ex.length, found: ex.filter((r) => r.find!.found).length, fixedClean: ex.filter((r) => r.fixed!.clean).length },
    rows: rows.map((r) => ({ ...r, ...(r.find?.token ? { replay: `hmmsim replay ${r.find.token}` } : {}) })),
  };
}

/** The merged verdict of an exploration's shards (`hmmsim merge`, `explore --jobs`), with its claim. */
export function mergeJson(m: { violations: unknown[]; exhausted: boolean; strategy: string; stopReason: string; executions: number; dpor?: { bounded: boolean } }): object {
  let claim: { claim: Claim; text: string };
  if (m.violations.length > 0) claim = { claim: 'violation-found', text: `${m.violations.length} distinct violation(s) found, each with a replay token` };
  else if (m.stopReason === 'interrupted' || !m.exhausted) claim = { claim: 'none', text: 'no violation found, but NOT a clean claim: the space was not exhausted by every shard' };
  else if (m.strategy === 'dpor' && m.dpor !== undefined && !m.dpor.bounded) claim = { claim: 'every-interleaving', text: `clean: every interleaving was explored (partial-order reduction, ${m.executions} executions over the shards)` };
  else claim = { claim: 'bounded-exhaustive', text: 'clean: every execution within the bound was explored by the shards together' };
  return { ...m, ...header('merge'), claim };
}
