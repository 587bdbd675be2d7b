/*
 * Shards of a dfs exploration together run exactly the executions of one unsharded run; shards
 * of a dpor exploration exactly those of one process with the same split (shard 0/1: counts,
 * sleep-blocked executions and distinct violations equal), which is within 2x of an unsplit
 * dpor run and finds the same kinds. `hmmsim merge` combines their JSON into the same
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
const o = { ...DEFAULT_OPTIONS, strategy: 'dpor', executions: Infinity, seconds: 120, keepGoing: true };
const kindsOf = (r) => [...new Set(r.violations.map((v) => v.kind))].sort();
for (const [name, design] of [
    ['release-vs-unregister', 'v5.2'],
    ['v6-read-retry', 'v6'],
    ['demo-lost-update-locked', 'base'],
]) {
    test(`dpor on ${name} ${design}: N = 1, 2, 3, 5 shards together run what one split process runs, within 2x of an unsplit run`, () => {
        const sc = findScenario(name);
        const unsplit = explore(sc, design, o);
        // One process exploring the same split: shard 0 of 1.
        const whole = explore(sc, design, { ...o, shard: { index: 0, count: 1 } });
        assert.equal(whole.exhausted, true);
        assert.deepEqual(kindsOf(whole), kindsOf(unsplit));
        // The top is expanded in full: the stated factor over an unsplit run.
        assert.ok(whole.executions <= 2 * unsplit.executions, `split ${whole.executions} vs unsplit ${unsplit.executions}`);
        for (const n of [1, 2, 3, 5]) {
            let executions = 0;
            let blocked = 0;
            const msgs = new Set();
            for (let i = 0; i < n; i++) {
                const r = explore(sc, design, { ...o, shard: { index: i, count: n } });
                assert.equal(r.exhausted, true, `shard ${i}/${n} exhausted`);
                executions += r.executions;
                blocked += r.dpor.blocked;
                for (const v of r.violations)
                    msgs.add(`${v.kind}: ${v.message}`);
            }
            assert.equal(executions, whole.executions, `${n} shards`);
            assert.equal(blocked, whole.dpor.blocked, `${n} shards: blocked`);
            assert.deepEqual([...msgs].sort(), whole.violations.map((v) => `${v.kind}: ${v.message}`).sort());
        }
    });
}
for (const [name, design] of [
    ['release-vs-unregister', 'v5.2'],
    ['oom-lost-eagain', 'v6'],
]) {
    test(`dfs k=2 on ${name} ${design}: N = 1, 2, 3, 5 shards together run what one unsharded dfs runs`, () => {
        const sc = findScenario(name);
        const d = { ...o, strategy: 'dfs', preemptions: 2 };
        const whole = explore(sc, design, d);
        for (const n of [1, 2, 3, 5]) {
            let executions = 0;
            let steps = 0;
            const msgs = new Set();
            for (let i = 0; i < n; i++) {
                const r = explore(sc, design, { ...d, shard: { index: i, count: n } });
                assert.equal(r.exhausted, true);
                executions += r.executions;
                steps += r.steps;
                for (const v of r.violations)
                    msgs.add(`${v.kind}: ${v.message}`);
            }
            assert.equal(executions, whole.executions, `${n} shards`);
            assert.equal(steps, whole.steps, `${n} shards: steps`);
            assert.deepEqual([...msgs].sort(), whole.violations.map((v) => `${v.kind}: ${v.message}`).sort());
        }
    });
}
for (const strategy of ['random', 'pct']) {
    test(`${strategy} by execution range: N = 1, 2, 3, 5 shards of 200 executions run the 200 executions one run does`, () => {
        const sc = findScenario('release-vs-unregister');
        const r0 = { ...o, strategy, executions: 200 };
        const whole = explore(sc, 'v5.2', r0);
        assert.ok(whole.violatingExecutions > 0);
        for (const n of [1, 2, 3, 5]) {
            let executions = 0;
            let steps = 0;
            let violating = 0;
            const msgs = new Set();
            for (let i = 0; i < n; i++) {
                const r = explore(sc, 'v5.2', { ...r0, shard: { index: i, count: n } });
                executions += r.executions;
                steps += r.steps;
                violating += r.violatingExecutions;
                for (const v of r.violations)
                    msgs.add(`${v.kind}: ${v.message}`);
            }
            assert.equal(executions, 200, `${n} shards`);
            assert.equal(steps, whole.steps, `${n} shards: steps`);
            assert.equal(violating, whole.violatingExecutions, `${n} shards: violating executions`);
            assert.deepEqual([...msgs].sort(), whole.violations.map((v) => `${v.kind}: ${v.message}`).sort());
        }
    });
}
test('pct --jobs 2 and merged --shard parts give the counts of one run', () => {
    const args = ['explore', 'release-vs-unregister', '--design', 'v5.2', '--strategy', 'pct', '--executions', '300', '--all', '--no-shrink', '--json'];
    const whole = JSON.parse(run(args).out);
    const jobs = JSON.parse(run([...args, '--jobs', '2']).out);
    assert.equal(jobs.executions, 300);
    assert.equal(jobs.steps, whole.steps);
    const dir = mkdtempSync(join(tmpdir(), 'hmmsim-shards-'));
    const files = [0, 1, 2].map((i) => {
        const f = join(dir, `part${i}.json`);
        writeFileSync(f, run([...args, '--shard', `${i}/3`]).out);
        return f;
    });
    const m = JSON.parse(run(['merge', ...files, '--json']).out);
    assert.equal(m.executions, 300);
    assert.equal(m.steps, whole.steps);
    assert.deepEqual(m.violations.map((v) => v.kind).sort(), [...new Set(whole.violations.map((v) => v.kind))].sort());
});
test('hmmsim merge: shards from separate processes give one verdict; a missing shard is exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hmmsim-shards-'));
    const files = [];
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
    assert.deepEqual(j.violations.map((v) => v.kind), ['use-after-free']);
    const missing = run(['merge', files[0], files[2]]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /^hmmsim: error: missing shard\(s\) 1\/3\n$/);
    const twice = run(['merge', files[0], files[0], files[1]]);
    assert.equal(twice.code, 2);
    assert.match(twice.err, /given twice/);
});
test('explore --jobs 3 (dfs) gives the counts of one unsharded run', () => {
    const a = JSON.parse(run(['explore', 'release-vs-unregister', '--design', 'v5.2', '--strategy', 'dfs', '--all', '--no-shrink', '--jobs', '3', '--json']).out);
    const b = JSON.parse(run(['explore', 'release-vs-unregister', '--design', 'v5.2', '--strategy', 'dfs', '--all', '--no-shrink', '--json']).out);
    assert.equal(a.executions, b.executions);
    assert.equal(a.steps, b.steps);
    assert.equal(a.shards, 3);
    assert.deepEqual(a.violations.map((v) => v.kind).sort(), b.violations.map((v) => v.kind).sort());
});
test('explore --jobs 2 (dpor, work stealing) runs about what one unsplit process runs', () => {
    const a = JSON.parse(run(['explore', 'oom-lost-eagain', '--design', 'v6', '--strategy', 'dpor', '--jobs', '2', '--json']).out);
    const b = JSON.parse(run(['explore', 'oom-lost-eagain', '--design', 'v6', '--strategy', 'dpor', '--json']).out);
    // Receivers explore the backtrack points their races add above a donation: duplicates only.
    assert.ok(a.executions >= b.executions && a.executions <= 2 * b.executions, `${a.executions} vs ${b.executions}`);
    assert.equal(a.exhausted, true);
    assert.equal(a.shards, 2);
    assert.deepEqual(a.violations, []);
});
