/*
 * Shards of a dpor exploration: N shards together run exactly the executions one process runs
 * with the same split (shard 0/1; counts and distinct violations equal), and `hmmsim merge` combines their JSON into the same
 * verdict; a missing or repeated shard is a one-line error with exit code 2.
 */

import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_OPTIONS, explore } from '../../src/explore/run.js';
import { findScenario } from '../../src/scenarios/index.js';
import { run } from '../cli/helpers.js';

const o = { ...DEFAULT_OPTIONS, strategy: 'dpor' as const, executions: Infinity, seconds: 120, keepGoing: true };

for (const [name, design, n] of [
  ['release-vs-unregister', 'v5.2', 3],
  ['v6-read-retry', 'v6', 2],
  ['demo-lost-update-locked', 'base', 4],
] as const) {
  test(`${name} on ${design}: ${n} shards together run what one process runs`, () => {
    const sc = findScenario(name)!;
    // One process exploring the same split: shard 0 of 1.
    const whole = explore(sc, design, { ...o, shard: { index: 0, count: 1 } });
    assert.equal(whole.exhausted, true);
    let executions = 0;
    const msgs = new Set<string>();
    for (let i = 0; i < n; i++) {
      const r = explore(sc, design, { ...o, shard: { index: i, count: n } });
      assert.equal(r.exhausted, true, `shard ${i} exhausted`);
      executions += r.executions;
      for (const v of r.violations) msgs.add(`${v.kind}: ${v.message}`);
    }
    assert.equal(executions, whole.executions);
    assert.deepEqual([...msgs].sort(), whole.violations.map((v) => `${v.kind}: ${v.message}`).sort());
  });
}

for (const [name, design, n] of [
  ['release-vs-unregister', 'v5.2', 3],
  ['oom-lost-eagain', 'v6', 2],
] as const) {
  test(`dfs k=2 on ${name} ${design}: ${n} shards together run what one unsharded dfs runs`, () => {
    const sc = findScenario(name)!;
    const d = { ...o, strategy: 'dfs' as const, preemptions: 2 };
    const whole = explore(sc, design, d);
    let executions = 0;
    const msgs = new Set<string>();
    for (let i = 0; i < n; i++) {
      const r = explore(sc, design, { ...d, shard: { index: i, count: n } });
      assert.equal(r.exhausted, true);
      executions += r.executions;
      for (const v of r.violations) msgs.add(`${v.kind}: ${v.message}`);
    }
    assert.equal(executions, whole.executions);
    assert.deepEqual([...msgs].sort(), whole.violations.map((v) => `${v.kind}: ${v.message}`).sort());
  });
}

test('hmmsim merge: shards from separate processes give one verdict; a missing shard is exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hmmsim-shards-'));
  const files: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r = run(['explore', 'release-vs-unregister', '--design', 'v5.2', '--strategy', 'dpor', '--all', '--no-shrink', '--shard', `${i}/3`, '--json']);
    assert.ok(r.code === 0 || r.code === 1, r.err);
    const f = join(dir, `part${i}.json`);
    writeFileSync(f, r.out);
    files.push(f);
  }
  const m = run(['merge', ...files, '--json']);
  assert.equal(m.code, 1, m.err);
  const j = JSON.parse(m.out);
  const whole = JSON.parse(run(['explore', 'release-vs-unregister', '--design', 'v5.2', '--strategy', 'dpor', '--all', '--no-shrink', '--shard', '0/1', '--json']).out);
  assert.equal(j.executions, whole.executions);
  assert.equal(j.exhausted, true);
  assert.deepEqual(j.violations.map((v: { kind: string }) => v.kind), ['use-after-free']);
  const missing = run(['merge', files[0]!, files[2]!]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /^hmmsim: error: missing shard\(s\) 1\/3\n$/);
  const twice = run(['merge', files[0]!, files[0]!, files[1]!]);
  assert.equal(twice.code, 2);
  assert.match(twice.err, /given twice/);
});

test('explore --jobs 2 gives the same counts as one process', () => {
  const a = JSON.parse(run(['explore', 'oom-lost-eagain', '--design', 'v6', '--strategy', 'dpor', '--jobs', '2', '--json']).out);
  const b = JSON.parse(run(['explore', 'oom-lost-eagain', '--design', 'v6', '--strategy', 'dpor', '--shard', '0/1', '--json']).out);
  assert.equal(a.executions, b.executions);
  assert.equal(a.exhausted, true);
  assert.equal(a.shards, 2);
  assert.deepEqual(a.violations, []);
});
