/*
 * Running a scenario under a strategy: the lean exploration loop, and the recorded replay that
 * builds a report. Every execution is a deterministic function of its choice stream, which is
 * recorded (cheaply, as numbers) on the fast path and turned into a replay token on failure.
 */

import { check_leaks, Execution, ExplorationStop, interrupted, ScenarioError, type Chooser, type ExecutionLimits, type ExecutionResult, type Thread, type Violation } from '../kernel/index.js';
import { function_location } from '../kernel/source_location.js';
import { design_release, type Scenario } from '../scenarios/types.js';
import { set_kernel_release } from '../mm/release.js';
import { check_step, FingerprintChooser, guard, outcome_of, ReplayFingerprintChooser, trace_difference, unguard } from './guard.js';
import { memory_guard } from './memory.js';

function check_leaks_at_exit(): void {
  check_leaks();
}
import { DfsStrategy, type DfsSnapshot } from './dfs.js';
import { DporStrategy, SleepBlocked } from './dpor.js';
import { ALL_MINE, DEFAULT_SPLIT_SUBTREES, executionRange, RoundRobin, type SubtreeSplit } from './split.js';
import { SharedStealing } from './steal.js';
import { setStepObserver } from '../kernel/sched.js';
import { PctStrategy } from './pct.js';
import { RandomStrategy } from './random.js';
import { ReplayMismatch, ReplayStrategy } from './replay.js';
import type { Strategy, StrategyName } from './strategy.js';
import { decodeToken, encodeToken, TokenError, type ReplayToken } from './token.js';
import { shrink } from './shrink.js';
import { loadCheckpoint, removeCheckpoint, saveCheckpoint, type CheckpointState } from './checkpoint.js';

export interface ExploreOptions {
  strategy: StrategyName;
  seed: number;
  /** Maximum number of executions (Infinity: until exhausted or out of time). */
  executions: number;
  /**
   * Wall-clock budget in seconds: checked between executions and, cheaply, at scheduling
   * points inside one (an execution still running when it runs out is abandoned, not judged).
   */
  seconds: number;
  /** dfs: preemption bound k. */
  preemptions: number;
  /**
   * dpor: a preemption bound for a single pass (Infinity: one unbounded pass). Default:
   * passes at bounds 0, 1 and 2 find shallow bugs first, then one unbounded pass.
   */
  dporBound?: number;
  /** pct: depth d. */
  depth: number;
  /** Per-execution step budget; exceeding it is a livelock. */
  stepBudget: number;
  /** Keep going after the first violation and collect distinct ones. */
  keepGoing: boolean;
  /**
   * Without keepGoing: stop at the first execution with any report ('violation', the default),
   * or only at the first one that a fatal report ended ('fatal'): lockdep and WARN reports met
   * before are still collected. `hmmsim check` uses 'fatal' to find an execution's outcome.
   */
  stopAt?: 'violation' | 'fatal';
  /**
   * Shrink every distinct violation found before reporting it (shrink.ts): the token, thread
   * and step become those of the smallest schedule found. Off unless asked (the CLI asks).
   */
  shrink?: boolean;
  /**
   * dfs, dpor: explore only part `index` of `count` (split.ts): subtrees dealt round-robin, or,
   * with `shared` (the workers of `--jobs`), claimed from shared counters. merge.ts combines them.
   */
  shard?: { index: number; count: number; subtrees?: number };
  /**
   * `--jobs`: memory shared by the workers of one exploration: [0] stop (a worker found a
   * violation and the run does not keep going), [1] executions run by all, [2..] subtree claims.
   */
  shared?: Int32Array;
  /** dpor: write the search state to `file` every `everyMs` and resume from it (checkpoint.ts). */
  checkpoint?: { file: string; everyMs: number };
  /** Called about every 200 ms between executions (the CLI's progress line). */
  onProgress?: (p: Progress) => void;
}

export interface Progress {
  executions: number;
  elapsedMs: number;
  distinct: number;
  /** dfs/dpor: bound of the pass in progress (Infinity: none), and the fraction of it done. */
  bound?: number;
  done?: number;
}

export const DEFAULT_OPTIONS: ExploreOptions = {
  strategy: 'pct',
  seed: 1,
  executions: 10_000,
  seconds: 60,
  preemptions: 2,
  depth: 3,
  stepBudget: 20_000,
  keepGoing: false,
};

export interface FoundViolation {
  kind: Violation['kind'];
  title: string;
  message: string;
  token: string;
  thread: string;
  step: number;
  /** Execution number (1-based) where it was first seen. */
  execution: number;
  /** Set when the violation was shrunk: the schedule as found and as reported. */
  shrunk?: { fromSteps: number; fromPreemptions: number; toSteps: number; toPreemptions: number; attempts: number };
}

/**
 * Why an exploration stopped: its bounded space was exhausted, it found a violation (and was
 * not asked to go on), it ran its executions or its seconds, or the user interrupted it.
 */
export type StopReason = 'exhausted' | 'violation' | 'executions' | 'seconds' | 'interrupted';

export interface ExploreResult {
  scenario: string;
  design: string;
  strategy: string;
  executions: number;
  steps: number;
  exhausted: boolean;
  stopReason: StopReason;
  elapsedMs: number;
  violations: FoundViolation[];
  /** How many executions had at least one violation. */
  violatingExecutions: number;
  /** Options that bound the claim (printed with "clean"). */
  bounds: { preemptions?: number; depth?: number; seed?: number; stepBudget: number };
  /** The part this run explored (dfs, dpor), for `hmmsim merge`. */
  shard?: { index: number; count: number; subtrees: number; claims: 'round-robin' | 'shared' } | { index: number; count: number; from: number; to: number };
  /** dpor: executions cut short as redundant (every runnable thread asleep), races reversed. */
  dpor?: { blocked: number; races: number; fallbacks: number; bounded: boolean; lastPassExecutions: number };
}

/** Records the choice stream while forwarding to a strategy. */
class Recorder implements Chooser {
  choices: number[] = [];
  constructor(private readonly inner: Chooser) {}
  pickThread(runnable: readonly number[], last: number, lastRunnable: boolean, free: boolean): number {
    const t = this.inner.pickThread(runnable, last, lastRunnable, free);
    this.choices.push(t);
    return t;
  }
  pickValue(n: number): number {
    const v = this.inner.pickValue(n);
    this.choices.push(v);
    return v;
  }
}

export function makeStrategy(o: ExploreOptions): Strategy {
  switch (o.strategy) {
    case 'random':
      return new RandomStrategy(o.seed, rangeOf(o)?.from ?? 0);
    case 'pct':
      return new PctStrategy(o.seed, o.depth, rangeOf(o)?.from ?? 0);
    case 'dfs':
      return new DfsStrategy(o.preemptions, splitOf(o));
    case 'dpor':
      return new DporStrategy(o.dporBound === undefined ? [0, 1, 2, Infinity] : [o.dporBound], splitOf(o));
  }
}

/** random, pct: the executions [from, to) of the seed's stream a shard runs (split.ts). */
function rangeOf(o: ExploreOptions): { from: number; to: number } | null {
  if (o.shard === undefined || (o.strategy !== 'random' && o.strategy !== 'pct')) return null;
  if (o.executions === Infinity) throw new ScenarioError(`--shard splits the executions of ${o.strategy}: give --executions`);
  return executionRange(o.shard.index, o.shard.count, o.executions);
}

function splitOf(o: ExploreOptions): SubtreeSplit | null {
  if (o.shard === undefined) return null;
  const subtrees = o.shard.subtrees ?? DEFAULT_SPLIT_SUBTREES;
  // --jobs: work stealing over the whole tree (steal.ts), no static split.
  if (o.shared !== undefined) return { subtrees: 1, owner: ALL_MINE, steal: new SharedStealing(o.shared, o.shard.index, o.shard.count) };
  return { subtrees, owner: new RoundRobin(o.shard.index, o.shard.count) };
}

/** What a run of executions can add to one execution: limits and the nondeterminism guard. */
export interface RunExtras {
  limits?: ExecutionLimits | null;
  guarded?: boolean;
  /**
   * Explain path: called after every step of a recorded run, and once with null when the
   * execution is over (report/facts.ts records what pictures need). Never on the fast path.
   */
  observe?: ((t: Thread | null) => void) | null;
}

/** One execution of `scenario` on `design`, choices from `chooser`. */
export function runExecution(scenario: Scenario, design: string, chooser: Chooser, stepBudget: number, record: boolean, extras: RunExtras = {}): ExecutionResult {
  const obs = record ? (extras.observe ?? null) : null;
  const afterStep = obs === null ? (extras.guarded ? check_step : null) : extras.guarded ? (t: Thread) => (check_step(t), obs(t)) : obs;
  const ex = new Execution(chooser, { stepBudget, record, limits: extras.limits ?? null, afterStep, atEnd: obs === null ? null : () => obs(null) });
  if (extras.guarded) guard();
  try {
    return ex.run(() => {
      // Leak check: every model object still allocated once all threads have exited.
      if (scenario.checkLeaks) ex.onExit(check_leaks_at_exit);
      set_kernel_release(design_release(design));
      const r = scenario.setup(design) as unknown;
      if (r !== null && typeof r === 'object' && typeof (r as Iterator<unknown>).next === 'function') {
        throw new ScenarioError(`scenario ${scenario.name}: setup is a generator function${at(scenario.setup)}: setup() runs outside any thread and must spawn the threads (spawn(name, function* () {...}))`);
      }
      if (ex.threads.length === 0) throw new ScenarioError(`scenario ${scenario.name}: setup spawned no thread${at(scenario.setup)}: there is nothing to explore`);
    });
  } finally {
    if (extras.guarded) unguard();
  }
}

function at(fn: unknown): string {
  const l = function_location(fn);
  return l ? ` (${l})` : '';
}

/**
 * Run the execution of `choices` again and compare it with the first run (its decision trace
 * and outcome): a difference is uncontrolled nondeterminism in the scenario.
 */
function check_reproducible(scenario: Scenario, design: string, stepBudget: number, choices: number[], trace: number[], outcome: string, threads: string[], which: string): void {
  const again = new ReplayFingerprintChooser(choices);
  let res: ExecutionResult;
  try {
    res = runExecution(scenario, design, again, stepBudget, false, { guarded: true });
  } catch (e) {
    if (e instanceof ExplorationStop) return;
    throw e;
  }
  const diff = again.diverged ?? trace_difference(trace, again.trace, threads) ?? (again.complete ? null : 'the second run ended before using every choice of the first');
  const out2 = outcome_of(res);
  if (diff === null && out2 === outcome) return;
  throw new ScenarioError(
    `uncontrolled nondeterminism: ${which}, run again with the same choices, ${diff ?? `ended differently (first: ${outcome}; second: ${out2})`}: threads must depend only on the model (no module-level state that changes between executions, no clock, Math.random, timers or I/O)`,
  );
}

export function explore(scenario: Scenario, design: string, optsIn: ExploreOptions): ExploreResult {
  const range = rangeOf(optsIn);
  const opts = range === null ? optsIn : { ...optsIn, executions: range.to - range.from };
  const strategy = makeStrategy(optsIn);
  const stepBudget = scenario.stepBudget ?? opts.stepBudget;
  const t0 = performance.now();
  const deadline = t0 + opts.seconds * 1000;
  const limits: ExecutionLimits = { deadline, memory: memory_guard };
  const seen = new Map<string, FoundViolation>();
  const foundChoices = new Map<FoundViolation, { choices: number[]; v: Violation }>();
  let executions = 0;
  let steps = 0;
  let violating = 0;
  let stopReason: StopReason | null = null;
  const cp = opts.checkpoint;
  const cpKey = JSON.stringify({ scenario: scenario.name, design, strategy: opts.strategy, seed: opts.strategy === 'random' || opts.strategy === 'pct' ? opts.seed : null, depth: opts.strategy === 'pct' ? opts.depth : null, executions: opts.executions === Infinity ? null : opts.executions, dporBound: opts.dporBound ?? null, preemptions: opts.strategy === 'dfs' ? opts.preemptions : null, shard: opts.shard ?? null, stepBudget, keepGoing: opts.keepGoing, stopAt: opts.stopAt ?? null });
  let elapsedBefore = 0;
  if (cp !== undefined) {
    if (opts.shared !== undefined) throw new ScenarioError('--checkpoint cannot be combined with --jobs');
    const st = loadCheckpoint(cp.file, cpKey);
    if (st !== null) {
      if (strategy instanceof DporStrategy) strategy.restore(st.strategy);
      else if (strategy instanceof DfsStrategy) strategy.restore(st.strategy as DfsSnapshot);
      // random, pct: the executions done so far; the stream goes on at the next one.
      else if (strategy instanceof RandomStrategy || strategy instanceof PctStrategy) strategy.seek((range?.from ?? 0) + st.executions);
      executions = st.executions;
      steps = st.steps;
      violating = st.violating;
      elapsedBefore = st.elapsedMs;
      for (const v of st.violations as FoundViolation[]) seen.set(`${v.kind}\u0000${v.message}`, v);
    }
  }
  const save = (): void => {
    if (cp === undefined) return;
    const st: CheckpointState = { version: 1, key: cpKey, executions, steps, violating, elapsedMs: elapsedBefore + Math.round(performance.now() - t0), violations: [...seen.values()], strategy: strategy instanceof DporStrategy || strategy instanceof DfsStrategy ? strategy.snapshot() : null };
    saveCheckpoint(cp.file, st);
  };
  let lastSave = performance.now();
  let lastProgress = performance.now();
  // The first execution runs guarded and is replayed at once and again at the end.
  let first: { choices: number[]; trace: number[]; outcome: string; threads: string[] } | null = null;
  while (stopReason === null) {
    if (cp !== undefined || opts.onProgress !== undefined) {
      const now = performance.now();
      if (cp !== undefined && now - lastSave >= cp.everyMs) {
        save();
        lastSave = now;
      }
      if (opts.onProgress !== undefined && now - lastProgress >= 200) {
        lastProgress = now;
        const sp = strategy instanceof DporStrategy ? { bound: strategy.bound, done: strategy.progress() } : strategy instanceof DfsStrategy ? { bound: strategy.bound } : {};
        opts.onProgress({ executions, elapsedMs: elapsedBefore + Math.round(now - t0), distinct: seen.size, ...sp });
      }
    }
    if (executions >= opts.executions || (opts.shared !== undefined && Atomics.load(opts.shared, 1) >= opts.executions)) {
      stopReason = 'executions';
      break;
    }
    if (opts.shared !== undefined && Atomics.load(opts.shared, 0) !== 0) {
      // Another worker found a violation and the run stops at the first one.
      stopReason = 'violation';
      break;
    }
    if (interrupted()) {
      stopReason = 'interrupted';
      break;
    }
    if (performance.now() > deadline) {
      stopReason = 'seconds';
      break;
    }
    if (!strategy.nextExecution()) {
      stopReason = 'exhausted';
      break;
    }
    const guarded = executions === 0;
    const rec = guarded ? new FingerprintChooser(strategy) : new Recorder(strategy);
    let res: ExecutionResult;
    const observer = strategy instanceof DporStrategy ? strategy.observer : null;
    if (observer !== null) setStepObserver(observer);
    try {
      res = runExecution(scenario, design, rec, stepBudget, false, { limits, guarded });
    } catch (e) {
      if (e instanceof SleepBlocked) {
        if (strategy instanceof DfsStrategy) strategy.executionBlocked();
        else (strategy as DporStrategy).executionBlocked(e.notMine);
        continue;
      }
      if (e instanceof ExplorationStop && e.reason !== 'memory') {
        stopReason = e.reason;
        break;
      }
      throw e;
    } finally {
      if (observer !== null) setStepObserver(null);
    }
    strategy.executionDone(res.steps);
    if ((strategy as { discarded?: boolean }).discarded === true) continue;
    executions++;
    if (opts.shared !== undefined) Atomics.add(opts.shared, 1, 1);
    steps += res.steps;
    if (guarded) {
      const fp = rec as FingerprintChooser;
      first = { choices: fp.choices, trace: fp.trace, outcome: outcome_of(res), threads: res.threads };
      check_reproducible(scenario, design, stepBudget, first.choices, first.trace, first.outcome, first.threads, 'the first execution');
    }
    if (res.violations.length > 0) {
      violating++;
      const token = encodeToken({ scenario: scenario.name, design, stepBudget, choices: rec.choices });
      let fresh = false;
      for (const v of res.violations) {
        const key = `${v.kind}\u0000${v.message}`;
        if (!seen.has(key)) {
          const fv: FoundViolation = { kind: v.kind, title: v.title, message: v.message, token, thread: v.thread, step: v.step, execution: executions };
          seen.set(key, fv);
          if (opts.shrink) foundChoices.set(fv, { choices: rec.choices, v });
          fresh = true;
        }
      }
      // A finding must replay: run it again guarded and compare before reporting it.
      if (fresh && !guarded) {
        const again = new ReplayFingerprintChooser(rec.choices);
        const r2 = runExecution(scenario, design, again, stepBudget, false, { guarded: true });
        const diff = again.diverged ?? (again.complete ? null : 'the second run ended before using every choice of the first');
        if (diff !== null || outcome_of(r2) !== outcome_of(res)) {
          throw new ScenarioError(
            `uncontrolled nondeterminism: execution ${executions} (a finding), run again with the same choices, ${diff ?? `ended differently (first: ${outcome_of(res)}; second: ${outcome_of(r2)})`}: threads must depend only on the model (no module-level state that changes between executions, no clock, Math.random, timers or I/O)`,
          );
        }
      }
      if (!opts.keepGoing && (opts.stopAt !== 'fatal' || res.violations.some((v) => v.fatal))) {
        stopReason = 'violation';
        if (opts.shared !== undefined) Atomics.store(opts.shared, 0, 1);
      }
    }
  }
  // State that drifts from execution to execution shows when the first one is run again.
  if (first !== null && executions > 1 && stopReason !== 'interrupted') {
    check_reproducible(scenario, design, stepBudget, first.choices, first.trace, first.outcome, first.threads, `the first execution, after ${executions} executions`);
  }
  const exhausted = strategy.exhausted;
  if (cp !== undefined) {
    // Resumable when stopped by time or by the user; a finished exploration needs none.
    if (stopReason === 'seconds' || stopReason === 'interrupted') save();
    else removeCheckpoint(cp.file);
  }
  if (opts.shrink && stopReason !== 'interrupted') {
    for (const [fv, { choices, v }] of foundChoices) {
      const r = shrink(scenario, design, stepBudget, choices, v);
      if (r === null) continue;
      const to = r.to;
      fv.shrunk = { fromSteps: r.from.steps, fromPreemptions: r.from.preemptions, toSteps: to.steps, toPreemptions: to.preemptions, attempts: r.attempts };
      if (to !== r.from) {
        fv.token = encodeToken({ scenario: scenario.name, design, stepBudget, choices: to.choices });
        fv.thread = to.violation.thread;
        fv.step = to.violation.step;
        fv.message = to.violation.message;
      }
    }
  }
  return {
    scenario: scenario.name,
    design,
    strategy: strategy.name,
    executions,
    steps,
    exhausted,
    stopReason: stopReason ?? 'executions',
    elapsedMs: elapsedBefore + Math.round(performance.now() - t0),
    violations: [...seen.values()],
    violatingExecutions: violating,
    ...((strategy instanceof DporStrategy || strategy instanceof DfsStrategy) && strategy.split !== null && opts.shard !== undefined
      ? { shard: { index: opts.shard.index, count: opts.shard.count, subtrees: strategy.split.subtrees, claims: opts.shared !== undefined ? ('shared' as const) : ('round-robin' as const) } }
      : range !== null ? { shard: { index: optsIn.shard!.index, count: optsIn.shard!.count, ...range } } : {}),
    ...(strategy instanceof DporStrategy ? { dpor: { ...strategy.stats, bounded: strategy.finalBound !== Infinity, lastPassExecutions: strategy.passExecutions } } : {}),
    bounds:
      opts.strategy === 'dpor'
        ? { ...(opts.dporBound !== undefined && opts.dporBound !== Infinity ? { preemptions: opts.dporBound } : {}), stepBudget }
        : opts.strategy === 'dfs'
        ? { preemptions: opts.preemptions, stepBudget }
        : opts.strategy === 'pct'
          ? { depth: opts.depth, seed: opts.seed, stepBudget }
          : { seed: opts.seed, stepBudget },
  };
}

export interface ReplayResult {
  token: ReplayToken;
  result: ExecutionResult;
}

/**
 * Re-run a token's execution. With `record`, every step, allocation stack and trace line is
 * kept for the report. Throws TokenError / ReplayMismatch (bad input) or ScenarioError.
 */
export function replayToken(tokenText: string, lookup: (name: string) => Scenario | undefined, record = true, stepCap?: number, observe?: (t: Thread | null) => void): ReplayResult {
  const token = decodeToken(tokenText);
  const sc = lookup(token.scenario);
  if (!sc) throw new ScenarioError(`unknown scenario '${token.scenario}' in replay token`);
  if (!(token.design in sc.designs)) throw new ScenarioError(`scenario '${sc.name}' has no design '${token.design}'`);
  // A token is input: its step budget is capped (the scenario's own, or what --steps allows).
  const cap = Math.max(stepCap ?? 0, sc.stepBudget ?? DEFAULT_OPTIONS.stepBudget);
  if (token.stepBudget > cap) {
    throw new TokenError(`replay token asks for a step budget of ${token.stepBudget}, above the cap of ${cap}: pass --steps ${token.stepBudget} to allow it`);
  }
  const strategy = new ReplayStrategy(token.choices);
  strategy.nextExecution();
  const result = runExecution(sc, token.design, strategy, token.stepBudget, record, { limits: { deadline: Infinity, memory: memory_guard }, guarded: true, observe: observe ?? null });
  if (!strategy.complete) throw new ReplayMismatch('replay token has choices left over after the execution ended (token does not match this scenario/design)');
  return { token, result };
}
