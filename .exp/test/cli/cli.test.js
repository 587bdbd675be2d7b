import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
const bin = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
function run(...args) {
    const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
    checkJsonOutput(args, r.stdout);
    return { code: r.status, out: r.stdout, err: r.stderr };
}
test('bad input: one line on stderr, exit 2, no stack trace', () => {
    const cases = [
        ['explore', 'no-such-scenario'],
        ['explore', 'demo-abba', '--design', 'v9.9'],
        ['explore', 'demo-abba', '--strategy', 'bfs'],
        ['explore', 'demo-abba', '--seed', '-1'],
        ['explore', 'demo-abba', '--executions', 'many'],
        ['explore', 'demo-abba', '--seconds', '0'],
        ['explore', 'demo-abba', '--preemptions', '1.5'],
        ['explore', 'demo-abba', '--depth', '0'],
        ['explore'],
        ['replay', 'garbage'],
        ['replay', 'hm1:demo-abba:base:100:AAAA'],
        ['replay', 'hm1:nope:base:100:AA'],
        ['check', '--group', 'nope'],
        ['frobnicate'],
        [],
        ['selftests', '--test', 'nope'],
        ['selftests', '--variant', 'nope'],
        ['explore', 'demo-abba', '--steps', '0'],
    ];
    for (const c of cases) {
        const r = run(...c);
        assert.equal(r.code, 2, `${c.join(' ')} exits 2`);
        assert.equal(r.err.trim().split('\n').length, 1, `${c.join(' ')}: one line, got ${r.err}`);
        assert.doesNotMatch(r.err, /\n\s+at /);
    }
});
test('explore exits 1 with a report and a replay token; replay reproduces it', () => {
    const r = run('explore', 'demo-use-after-free', '--strategy', 'dfs');
    assert.equal(r.code, 1);
    assert.match(r.out, /BUG: KASAN: use-after-free in/);
    const token = /hmmsim replay (hm1:\S+)/.exec(r.out)[1];
    const rp = run('replay', token);
    assert.equal(rp.code, 1);
    assert.match(rp.out, /BUG: KASAN: use-after-free in/);
    assert.ok(r.out.includes(rp.out.slice(rp.out.indexOf('===='))), 'replay prints the same report');
});
test('explore --json has the documented shape; clean exits 0', () => {
    const r = run('explore', 'demo-abba-ordered', '--strategy', 'dfs', '--json');
    assert.equal(r.code, 0);
    const j = JSON.parse(r.out);
    assert.equal(j.schemaVersion, 1);
    assert.equal(j.command, 'explore');
    assert.equal(j.exhausted, true);
    assert.equal(j.stopReason, 'exhausted');
    assert.deepEqual(j.stop, { reason: 'exhausted', text: 'exhausted' });
    assert.equal(j.claim.claim, 'bounded-exhaustive');
    assert.deepEqual([j.strategy, j.preemptions, j.depth, j.seed, j.stepBudget, j.executionBudget], ['dfs', 2, null, null, 20000, null]);
    assert.deepEqual(j.violations, []);
    const bad = JSON.parse(run('explore', 'demo-lost-update', '--json').out);
    assert.equal(bad.violations[0].kind, 'assertion');
    assert.deepEqual(Object.keys(bad.violations[0]).sort(), ['execution', 'kind', 'message', 'replay', 'shrunk', 'step', 'thread', 'title', 'token']);
    assert.ok(bad.violations[0].shrunk.toPreemptions <= bad.violations[0].shrunk.fromPreemptions);
    assert.equal(bad.claim.claim, 'violation-found');
    assert.deepEqual([bad.strategy, bad.depth, bad.seed, bad.executionBudget, bad.stopReason], ['pct', 3, 1, 10000, 'violation']);
});
test('check on the demo group matches every expectation', () => {
    const r = run('check', '--group', 'demo', '--json');
    assert.equal(r.code, 0, r.out);
    const j = JSON.parse(r.out);
    assert.equal(j.ok, true);
    assert.equal(j.results.length, 8);
    const byName = new Map(j.results.map((x) => [x.scenario, x]));
    assert.deepEqual(byName.get('demo-abba-ordered').claim.claim, 'every-interleaving');
    const abba = byName.get('demo-abba');
    assert.equal(abba.found.outcome, 'violation');
    assert.equal(abba.result, 'ok');
    assert.equal(abba.claim.claim, 'violation-found');
});
test('list --json shows designs and expected outcomes', () => {
    const j = JSON.parse(run('list', '--json').out);
    assert.equal(j.command, 'list');
    const abba = j.scenarios.find((s) => s.name === 'demo-abba');
    assert.deepEqual(abba.designs, { base: { outcome: 'violation', kinds: ['lock-order', 'deadlock'], text: 'lock-order or deadlock' } });
});
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkJsonOutput } from '../helpers.js';
const kernelUrl = new URL('../../src/kernel/index.js', import.meta.url).href;
function userModule(body) {
    const dir = mkdtempSync(join(tmpdir(), 'hmmsim-'));
    const f = join(dir, 'scenario.mjs');
    writeFileSync(f, `import * as k from '${kernelUrl}';\n${body}\n`);
    return f;
}
test('a user scenario module: found violation; its token names the file relative to the working directory and replays in a copy of the tree', () => {
    const f = userModule(`
function* ab(a, b) { yield* k.mutex_lock(a); yield* k.mutex_lock(b); yield* k.mutex_unlock(b); yield* k.mutex_unlock(a); }
export default { name: 'mine', designs: { base: { clean: true } },
  setup() { const a = new k.Mutex('a'), b = new k.Mutex('b'); k.spawn('x', () => ab(a, b)); k.spawn('y', () => ab(b, a)); } };`);
    const home = dirname(f);
    const r = spawnSync(process.execPath, [bin, 'explore', './scenario.mjs', '--strategy', 'dfs'], { encoding: 'utf8', cwd: home });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /possible circular locking dependency: a -> b -> a/);
    const token = /hmmsim replay (hm1:\S+)/.exec(r.stdout)[1];
    assert.ok(token.startsWith(`hm1:${encodeURIComponent('./scenario.mjs#mine')}:base:`), token);
    // Another machine: the same tree somewhere else.
    const elsewhere = mkdtempSync(join(tmpdir(), 'hmmsim-copy-'));
    cpSync(f, join(elsewhere, 'scenario.mjs'));
    const rp = spawnSync(process.execPath, [bin, 'replay', token], { encoding: 'utf8', cwd: elsewhere });
    assert.equal(rp.status, 1, rp.stderr);
    assert.match(rp.stdout, /WARNING: possible circular locking dependency detected/);
    // From a directory without the file: a one-line error naming the path it looked for.
    const none = spawnSync(process.execPath, [bin, 'replay', token], { encoding: 'utf8', cwd: tmpdir() });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /^hmmsim: error: unknown scenario '\.\/scenario\.mjs#mine': .*no file .*scenario\.mjs\n$/);
    // A module named from another directory keeps its ../ path.
    const sub = mkdtempSync(join(home, 'sub-'));
    const up = spawnSync(process.execPath, [bin, 'explore', '../scenario.mjs', '--strategy', 'dfs', '--json'], { encoding: 'utf8', cwd: sub });
    assert.equal(up.status, 1, up.stderr);
    assert.equal(JSON.parse(up.stdout).scenario, '../scenario.mjs#mine');
});
test('a scenario that throws, waits on a promise or loops forever: one line, exit 2', () => {
    const throws = userModule(`export default { name: 't', designs: { base: { clean: true } }, setup() { throw new Error('boom'); } };`);
    const awaits = userModule(`function* w() { yield new Promise((r) => setTimeout(r, 10)); }
export default { name: 'w', designs: { base: { clean: true } }, setup() { k.spawn('io', () => w()); } };`);
    const loops = userModule(`function* spin() { for (;;) {} }
export default { name: 'l', designs: { base: { clean: true } }, setup() { k.spawn('spinner', () => spin()); } };`);
    const badKind = userModule(`export default { name: 'k', designs: { base: { clean: false, kinds: ['oopsie'] } }, setup() {} };`);
    for (const [f, re] of [
        [throws, /set-up threw: boom/],
        [awaits, /must not wait on real time, I\/O or promises/],
        [badKind, /must expect \{ clean: true \} or/],
    ]) {
        const r = run('explore', f);
        assert.equal(r.code, 2, r.err);
        assert.match(r.err, re);
        assert.equal(r.err.trim().split('\n').length, 1);
    }
    const r = spawnSync(process.execPath, [bin, 'explore', loops], { encoding: 'utf8', env: { ...process.env, HMMSIM_WATCHDOG_SECONDS: '1' } });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /made no progress for 1 s/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
});
test('the README user example: found on v5.3 (the ABA), clean and exhausted on v6', () => {
    const example = fileURLToPath(new URL('../../../examples/my-workload.mjs', import.meta.url));
    const a = run('explore', example, '--design', 'v5.3', '--strategy', 'dfs', '--json');
    assert.equal(a.code, 1);
    assert.equal(JSON.parse(a.out).violations[0].kind, 'device-use-after-free');
    const b = run('explore', example, '--design', 'v6', '--strategy', 'dfs', '--json');
    assert.equal(b.code, 0);
    const j = JSON.parse(b.out);
    assert.equal(j.exhausted, true);
    assert.deepEqual(j.violations, []);
    const c = run('check', '--scenario', example, '--json');
    assert.equal(c.code, 0, c.out);
});
test('an interleaving names the function that performs each step, not the primitive or helper', () => {
    const r = run('replay', 'hm1:example-forgot-valid-check:v5.3:20000:AQoCGQ');
    assert.equal(r.code, 1);
    assert.match(r.out, /device_map gpu0 0x3f8000000000 -> pfn 1024 ro in MyDriver\.fault\n/);
    assert.match(r.out, /device_zap gpu0 \[0x3f8000000000, 0x3f8000001000\) in my_sync\n/);
    assert.match(r.out, /zap pte mm#1 0x3f8000000000 +in zap_pte_range\n/);
    assert.doesNotMatch(r.out, / in (pte_note|device_map|device_zap)\n/);
});
