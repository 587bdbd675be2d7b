/*
 * Small programs for the dpor soundness tests (dpor.test.ts, dpor_relation.test.ts): a labelled
 * variable, an exploration that covers every interleaving, and the comparison of dpor's final
 * states with unbounded dfs's.
 */

import assert from 'node:assert/strict';
import { cur, KObj } from '../../src/kernel/index.js';
import { DEFAULT_OPTIONS, explore } from '../../src/explore/run.js';
import type { Scenario } from '../../src/scenarios/types.js';
import { scenarioOf } from '../helpers.js';

export class Var extends KObj {
  v = 0;
  constructor() {
    super('var');
  }
}

/** dfs at bound 12 covers every interleaving of these programs (each has fewer than 12 steps per thread pair). */
export function run(sc: Scenario, strategy: 'dpor' | 'dfs' = 'dpor') {
  return explore(sc, 'base', { ...DEFAULT_OPTIONS, strategy, dporBound: Infinity, preemptions: 12, executions: 2_000_000, seconds: 120, keepGoing: true });
}

/** The set of final states a program reaches under a strategy (recorded at exit). */
function outcomes(name: string, body: (out: (s: string) => void) => void, strategy: 'dpor' | 'dfs'): { states: string[]; executions: number } {
  const states = new Set<string>();
  const sc = scenarioOf(name, () => body((s) => cur.onExit(() => states.add(s))));
  const r = run(sc, strategy);
  assert.equal(r.exhausted, true, `${strategy} exhausted`);
  return { states: [...states].sort(), executions: r.executions };
}

/** dpor reaches exactly the final states unbounded dfs reaches, in no more executions. */
export function sameOutcomes(name: string, body: (out: (s: string) => void) => void): { dfs: number; dpor: number } {
  const d = outcomes(name, body, 'dfs');
  const p = outcomes(name, body, 'dpor');
  assert.ok(d.states.length > 1, 'the program has more than one outcome');
  assert.deepEqual(p.states, d.states);
  assert.ok(p.executions <= d.executions, `dpor (${p.executions}) runs no more executions than unbounded dfs (${d.executions})`);
  return { dfs: d.executions, dpor: p.executions };
}

/**
 * dpor reaches exactly the final states and the reports unbounded dfs reaches (random programs:
 * a program may have a single outcome).
 */
export function sameOutcomesAndReports(name: string, body: (out: (s: string) => void) => void): void {
  const of = (strategy: 'dpor' | 'dfs') => {
    const states = new Set<string>();
    const r = run(scenarioOf(name, () => body((s) => cur.onExit(() => states.add(s)))), strategy);
    assert.equal(r.exhausted, true, `${strategy} exhausted`);
    return { states: [...states].sort(), reports: [...new Set(r.violations.map((v) => `${v.kind}: ${v.title}`))].sort() };
  };
  assert.deepEqual(of('dpor'), of('dfs'));
}
