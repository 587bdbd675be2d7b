/*
 * `explore --jobs N` shares one dfs or dpor tree between workers by work stealing (steal.ts).
 * dfs: the workers' executions and steps add up exactly to one run's. dpor: the same violation
 * kinds as one run, and a clean claim only when every part is exhausted. Donations round-trip
 * through JSON: a single-threaded harness passes donations from worker to worker and checks the
 * union against one run.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExplorationStop } from '../../src/kernel/index.js';
import { setStepObserver } from '../../src/kernel/sched.js';
import { DfsStrategy } from '../../src/explore/dfs.js';
import { DporStrategy, SleepBlocked } from '../../src/explore/dpor.js';
import { DEFAULT_OPTIONS, explore, runExecution } from '../../src/explore/run.js';
import { ALL_MINE } from '../../src/explore/split.js';
import { memory_guard } from '../../src/explore/memory.js';
import type { WorkSharing } from '../../src/explore/steal.js';
import { findScenario } from '../../src/scenarios/index.js';
import type { Scenario } from '../../src/scenarios/types.js';
import { run } from '../cli/helpers.js';

/** Work sharing in one thread: donations go, as JSON text, to the next worker's queue. */
class Chain implements WorkSharing {
  stopped = false;
  queue: unknown[] = [];
  donated = 0;
  private polls = 0;
  next: Chain | null = null;
  constructor(
    private readonly roots: Set<number>,
    private readonly claims: Set<string>,
    private readonly every: number,
    private readonly newId: () => number,
  ) {}
  claimRoot(pass: number): boolean {
    if (this.roots.has(pass)) return false;
    this.roots.add(pass);
    return true;
  }
  poll(make: () => unknown): void {
    if (this.next === null || ++this.polls % this.every !== 0) return;
    const d = make();
    if (d === null) return;
    this.donated++;
    this.next.queue.push(JSON.parse(JSON.stringify(d)));
  }
  take(): unknown {
    return this.queue.shift() ?? null;
  }
  nodeId(): number {
    return this.newId();
  }
  claim(id: number, t: number): boolean {
    const k = `${id}:${t}`;
    if (this.claims.has(k)) return false;
    this.claims.add(k);
    return true;
  }
}

/** explore()'s loop, lean: executions, steps and violation kinds of one strategy's part. */
function drive(sc: Scenario, design: string, s: DfsStrategy | DporStrategy): { executions: number; steps: number; kinds: Set<string> } {
  let executions = 0;
  let steps = 0;
  const kinds = new Set<string>();
  while (s.nextExecution()) {
    const obs = s instanceof DporStrategy ? s.observer : null;
    if (obs !== null) setStepObserver(obs);
    let res;
    try {
      res = runExecution(sc, design, s, sc.stepBudget ?? DEFAULT_OPTIONS.stepBudget, false, { limits: { deadline: Infinity, memory: memory_guard } });
    } catch (e) {
      if (e instanceof SleepBlocked) {
        s.executionBlocked();
        continue;
      }
      if (e instanceof ExplorationStop) throw new Error(`stopped: ${e.reason}`);
      throw e;
    } finally {
      if (obs !== null) setStepObserver(null);
    }
    s.executionDone();
    executions++;
    steps += res.steps;
    for (const v of res.violations) kinds.add(v.kind);
  }
  assert.equal(s.exhausted, true);
  return { executions, steps, kinds };
}

/** Three workers in a chain: 0 gives to 1 every `every`-th execution, 1 to 2. */
function chain(make: (sh: Chain) => DfsStrategy | DporStrategy, sc: Scenario, design: string, every: number) {
  const roots = new Set<number>();
  const claims = new Set<string>();
  let id = 0;
  const shares = [0, 1, 2].map(() => new Chain(roots, claims, every, () => id++));
  shares[0]!.next = shares[1]!;
  shares[1]!.next = shares[2]!;
  const parts = shares.map((sh) => drive(sc, design, make(sh)));
  return { parts, donated: shares.map((s) => s.donated) };
}

const o = { ...DEFAULT_OPTIONS, executions: Infinity, seconds: 120, keepGoing: true };
const kindsOf = (r: { violations: { kind: string }[] }) => [...new Set(r.violations.map((v) => v.kind))].sort();

for (const [name, design] of [
  ['release-vs-unregister', 'v5.2'],
  ['oom-lost-eagain', 'v6'],
] as const) {
  test(`dfs k=2 donations round-trip on ${name} ${design}: the workers' executions and steps add up to one run's`, () => {
    const sc = findScenario(name)!;
    const whole = explore(sc, design, { ...o, strategy: 'dfs', preemptions: 2 });
    for (const every of [1, 3, 17]) {
      const { parts, donated } = chain((sh) => new DfsStrategy(2, { subtrees: 1, owner: ALL_MINE, steal: sh }), sc, design, every);
      assert.ok(donated[0]! > 0 && donated[1]! > 0, `donations ${donated}`);
      assert.ok(parts.every((p) => p.executions > 0), `per worker ${parts.map((p) => p.executions)}`);
      assert.equal(parts.reduce((n, p) => n + p.executions, 0), whole.executions, `every ${every}`);
      assert.equal(parts.reduce((n, p) => n + p.steps, 0), whole.steps, `every ${every}: steps`);
      assert.deepEqual([...new Set(parts.flatMap((p) => [...p.kinds]))].sort(), kindsOf(whole));
    }
  });
}

for (const [name, design, kinds] of [
  ['release-vs-unregister', 'v5.2', ['use-after-free']],
  ['invalidate-aba', 'v5.3', ['stale-device-mapping']],
  ['oom-lost-eagain', 'v6', []],
] as const) {
  test(`dpor donations round-trip on ${name} ${design}: the workers find what one run finds`, () => {
    const sc = findScenario(name)!;
    const whole = explore(sc, design, { ...o, strategy: 'dpor' });
    assert.deepEqual(kindsOf(whole), kinds);
    for (const every of [1, 7]) {
      const { parts, donated } = chain((sh) => new DporStrategy([0, 1, 2, Infinity], { subtrees: 1, owner: ALL_MINE, steal: sh }), sc, design, every);
      assert.ok(donated[0]! > 0, `donations ${donated}`);
      assert.ok(parts.every((p) => p.executions > 0), `per worker ${parts.map((p) => p.executions)}`);
      assert.deepEqual([...new Set(parts.flatMap((p) => [...p.kinds]))].sort(), kinds);
      // Duplicates only add: never fewer executions than one run, at most a few more.
      const n = parts.reduce((k, p) => k + p.executions, 0);
      assert.ok(n >= whole.executions && n <= 2 * whole.executions, `every ${every}: ${n} vs ${whole.executions}`);
    }
  });
}

const rve = ['explore', 'register-vs-exit', '--design', 'v5.3', '--strategy', 'dfs', '--preemptions', '2', '--all', '--no-shrink', '--json'];

test('explore --jobs 2 and --jobs 3 (dfs): executions and steps exactly those of one run', () => {
  const one = JSON.parse(run(rve).out);
  assert.equal(one.executions, 14004);
  for (const j of ['2', '3']) {
    const r = JSON.parse(run([...rve, '--jobs', j]).out);
    assert.equal(r.executions, one.executions, `--jobs ${j}: ${r.perShard}`);
    assert.equal(r.steps, one.steps, `--jobs ${j}: steps`);
    assert.equal(r.exhausted, true);
    assert.equal(r.claim.claim, 'bounded-exhaustive');
  }
});

test('explore --jobs 2 (dpor) finds the kind one run finds, and stops all workers at the first violation', () => {
  const args = ['explore', 'release-vs-unregister', '--design', 'v5.2', '--strategy', 'dpor', '--no-shrink', '--json'];
  const all = run([...args, '--all', '--jobs', '2']);
  assert.equal(all.code, 1, all.err);
  const a = JSON.parse(all.out);
  assert.equal(a.exhausted, true);
  assert.deepEqual([...new Set(a.violations.map((v: { kind: string }) => v.kind))], ['use-after-free']);
  const first = run([...args, '--jobs', '2']);
  assert.equal(first.code, 1, first.err);
  const f = JSON.parse(first.out);
  assert.equal(f.stopReason, 'violation');
  assert.equal(f.exhausted, false);
  assert.equal(f.violations.length, 1);
});

test('explore --jobs 2 (dpor): no claim when the seconds run out; the executions budget is shared', () => {
  const args = ['explore', 'register-vs-exit', '--design', 'v5.2', '--strategy', 'dpor', '--all', '--no-shrink', '--json', '--jobs', '2'];
  const t0 = Date.now();
  const s = JSON.parse(run([...args, '--seconds', '2']).out);
  assert.ok(Date.now() - t0 < 30_000);
  assert.equal(s.exhausted, false);
  // Whether 2 s reach the first violation depends on the machine; either way no clean claim.
  assert.equal(s.claim.claim, s.violations.length > 0 ? 'violation-found' : 'none');
  assert.equal(s.stopReason, 'seconds');
  const e = JSON.parse(run([...args, '--executions', '300']).out);
  assert.equal(e.stopReason, 'executions');
  assert.ok(e.executions >= 300 && e.executions <= 301, `${e.executions}`);
});

test('explore --jobs 2 (dpor) on a clean scenario: every interleaving only when exhausted', () => {
  const args = ['explore', 'oom-lost-eagain', '--design', 'v6', '--strategy', 'dpor', '--json', '--jobs', '2'];
  const r = JSON.parse(run(args).out);
  assert.equal(r.exhausted, true);
  assert.equal(r.claim.claim, 'every-interleaving');
  assert.equal(r.violations.length, 0);
  const cut = JSON.parse(run(['explore', 'register-vs-exit', '--design', 'v5.3', '--strategy', 'dpor', '--json', '--jobs', '2', '--seconds', '0.5']).out);
  assert.equal(cut.exhausted, false);
  assert.equal(cut.claim.claim, 'none');
});
