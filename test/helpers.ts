/*
 * Shared test helpers. Append-only: several areas add to this file.
 */

import { Execution, type Chooser, type ExecutionResult, type Sched } from '../src/kernel/index.js';
import { spawn } from '../src/kernel/index.js';
import type { Scenario } from '../src/scenarios/types.js';

/** Always continue the last thread if it can run, else the lowest-numbered runnable one. */
export const serialChooser: Chooser = {
  pickThread(runnable, last, lastRunnable) {
    return lastRunnable ? last : runnable[0]!;
  },
  pickValue() {
    return 0;
  },
};

/** Run thread bodies (name -> generator function) in one execution with a chooser. */
export function runThreads(threads: Record<string, () => Sched>, opts: { chooser?: Chooser; stepBudget?: number; record?: boolean; init?: () => void } = {}): ExecutionResult {
  const ex = new Execution(opts.chooser ?? serialChooser, { stepBudget: opts.stepBudget ?? 100_000, record: opts.record ?? false, throwErrors: true });
  return ex.run(() => {
    opts.init?.();
    for (const [name, fn] of Object.entries(threads)) spawn(name, fn);
  });
}

/** A chooser that follows a fixed list of thread ids, then falls back to serial. */
export function scriptedChooser(picks: number[]): Chooser {
  let i = 0;
  return {
    pickThread(runnable, last, lastRunnable) {
      if (i < picks.length) {
        const t = picks[i++]!;
        if (runnable.includes(t)) return t;
      }
      return lastRunnable ? last : runnable[0]!;
    },
    pickValue() {
      return 0;
    },
  };
}

/** Build a throwaway scenario from a setup function. */
export function scenarioOf(name: string, setup: () => void, extra: Partial<Scenario> = {}): Scenario {
  return { name, group: 'test', description: name, designs: { base: { clean: true } }, setup, ...extra };
}

/* ---- mm tests (test/mm) ---- */

/**
 * Run one generator as the only thread of a fresh execution (serial chooser). Returns its
 * value and the execution result; a thrown JS error (not a modelled report) propagates.
 */
export function runOne<T>(fn: () => Sched<T>, opts: { stepBudget?: number; record?: boolean } = {}): { value: T | undefined; result: ExecutionResult } {
  let value: T | undefined;
  const result = runThreads(
    {
      main: function* () {
        value = yield* fn();
      },
    },
    { stepBudget: opts.stepBudget ?? 50_000_000, record: opts.record ?? false },
  );
  return { value, result };
}
