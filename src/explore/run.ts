/*
 * Running a scenario under a strategy: the lean exploration loop, and the recorded replay that
 * builds a report. Every execution is a deterministic function of its choice stream, which is
 * recorded (cheaply, as numbers) on the fast path and turned into a replay token on failure.
 */

import { check_leaks, Execution, ScenarioError, type Chooser, type ExecutionResult, type Violation } from '../kernel/index.js';

function check_leaks_at_exit(): void {
  check_leaks();
}
import type { Scenario } from '../scenarios/types.js';
import { DfsStrategy } from './dfs.js';
import { PctStrategy } from './pct.js';
import { RandomStrategy } from './random.js';
import { ReplayMismatch, ReplayStrategy } from './replay.js';
import type { Strategy, StrategyName } from './strategy.js';
import { decodeToken, encodeToken, type ReplayToken } from './token.js';

export interface ExploreOptions {
  strategy: StrategyName;
  seed: number;
  /** Maximum number of executions. */
  executions: number;
  /** Wall-clock budget in seconds (the search stops, it never affects an execution). */
  seconds: number;
  /** dfs: preemption bound k. */
  preemptions: number;
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
}

export interface ExploreResult {
  scenario: string;
  design: string;
  strategy: string;
  executions: number;
  steps: number;
  exhausted: boolean;
  elapsedMs: number;
  violations: FoundViolation[];
  /** How many executions had at least one violation. */
  violatingExecutions: number;
  /** Options that bound the claim (printed with "clean"). */
  bounds: { preemptions?: number; depth?: number; seed?: number; stepBudget: number };
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
      return new RandomStrategy(o.seed);
    case 'pct':
      return new PctStrategy(o.seed, o.depth);
    case 'dfs':
      return new DfsStrategy(o.preemptions);
  }
}

/** One execution of `scenario` on `design`, choices from `chooser`. */
export function runExecution(scenario: Scenario, design: string, chooser: Chooser, stepBudget: number, record: boolean): ExecutionResult {
  const ex = new Execution(chooser, { stepBudget, record });
  return ex.run(() => {
    // Leak check: every model object still allocated once all threads have exited.
    if (scenario.checkLeaks) ex.onExit(check_leaks_at_exit);
    scenario.setup(design);
  });
}

export function explore(scenario: Scenario, design: string, opts: ExploreOptions): ExploreResult {
  const strategy = makeStrategy(opts);
  const stepBudget = scenario.stepBudget ?? opts.stepBudget;
  const t0 = performance.now();
  const deadline = t0 + opts.seconds * 1000;
  const seen = new Map<string, FoundViolation>();
  let executions = 0;
  let steps = 0;
  let violating = 0;
  while (executions < opts.executions && strategy.nextExecution()) {
    const rec = new Recorder(strategy);
    const res = runExecution(scenario, design, rec, stepBudget, false);
    strategy.executionDone(res.steps);
    executions++;
    steps += res.steps;
    if (res.violations.length > 0) {
      violating++;
      const token = encodeToken({ scenario: scenario.name, design, stepBudget, choices: rec.choices });
      for (const v of res.violations) {
        const key = `${v.kind}\u0000${v.message}`;
        if (!seen.has(key)) seen.set(key, { kind: v.kind, title: v.title, message: v.message, token, thread: v.thread, step: v.step, execution: executions });
      }
      if (!opts.keepGoing && (opts.stopAt !== 'fatal' || res.violations.some((v) => v.fatal))) break;
    }
    if ((executions & 15) === 0 && performance.now() > deadline) break;
  }
  // A dfs that stopped on its budget has not exhausted anything.
  const exhausted = strategy.exhausted;
  return {
    scenario: scenario.name,
    design,
    strategy: strategy.name,
    executions,
    steps,
    exhausted,
    elapsedMs: Math.round(performance.now() - t0),
    violations: [...seen.values()],
    violatingExecutions: violating,
    bounds:
      opts.strategy === 'dfs'
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
export function replayToken(tokenText: string, lookup: (name: string) => Scenario | undefined, record = true): ReplayResult {
  const token = decodeToken(tokenText);
  const sc = lookup(token.scenario);
  if (!sc) throw new ScenarioError(`unknown scenario '${token.scenario}' in replay token`);
  if (!(token.design in sc.designs)) throw new ScenarioError(`scenario '${sc.name}' has no design '${token.design}'`);
  const strategy = new ReplayStrategy(token.choices);
  strategy.nextExecution();
  const result = runExecution(sc, token.design, strategy, token.stepBudget, record);
  if (!strategy.complete) throw new ReplayMismatch('replay token has choices left over after the execution ended (token does not match this scenario/design)');
  return { token, result };
}
