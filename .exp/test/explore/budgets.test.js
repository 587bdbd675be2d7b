/*
 * Budgets that hold (issue "trustworthy verdicts", §4): --seconds inside an execution, a
 * replay token's step budget capped unless --steps raises it, a memory guard that stops
 * before the heap does, dfs without a hidden execution cap, Ctrl-C, and a stop reason in
 * every result.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { encodeToken } from '../../src/explore/token.js';
import { bin, run, userModule } from '../cli/helpers.js';
const LONG = userModule(`function* spin() { for (let i = 0; i < 1e9; i++) yield* k.schedule_point('spin'); }
export default { name: 'long', designs: { base: { clean: true } }, setup() { k.spawn('a', spin); k.spawn('b', spin); } };`);
test('--seconds stops inside one endless execution, which is abandoned, not judged', () => {
    const t0 = Date.now();
    const r = run(['explore', LONG, '--strategy', 'pct', '--seconds', '1', '--steps', '2000000000', '--json']);
    const ms = Date.now() - t0;
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.stopReason, 'seconds');
    assert.equal(j.executions, 0);
    assert.deepEqual(j.violations, []);
    assert.ok(ms < 15_000, `took ${ms} ms`);
    const text = run(['explore', LONG, '--strategy', 'dfs', '--seconds', '1', '--steps', '2000000000']);
    assert.match(text.out, /nothing explored, no execution finished: .*bounded space NOT exhausted, stopped: seconds budget reached/);
});
test("a replay token's step budget is capped by the scenario's unless --steps allows more", () => {
    const token = encodeToken({ scenario: 'demo-abba', design: 'base', stepBudget: 5_000_000_000, choices: [0] });
    const r = run(['replay', token]);
    assert.equal(r.code, 2);
    assert.match(r.err, /step budget of 5000000000, above the cap of 20000: pass --steps 5000000000/);
    assert.equal(r.err.trim().split('\n').length, 1);
    // Raised: the token is then judged on its own merits (here: it does not fit demo-abba).
    const ok = run(['replay', token, '--steps', '5000000000']);
    assert.equal(ok.code, 2);
    assert.doesNotMatch(ok.err, /above the cap/);
});
test('a run that would exhaust the heap stops with a one-line error first', () => {
    const f = userModule(`const keep = [];
function* grow() { for (;;) { keep.push(new Array(200).fill(keep.length)); yield* k.schedule_point('grow'); } }
export default { name: 'mem', designs: { base: { clean: true } }, setup() { k.spawn('g', grow); } };`);
    const r = spawnSyncWithHeap(f, 128);
    assert.equal(r.code, 2, `${r.out}${r.err}`);
    assert.match(r.err, /^hmmsim: error: out of memory: the JavaScript heap holds \d+ MiB of its \d+ MiB limit/);
    assert.equal(r.err.trim().split('\n').length, 1);
});
import { spawnSync } from 'node:child_process';
function spawnSyncWithHeap(f, mb) {
    const r = spawnSync(process.execPath, [`--max-old-space-size=${mb}`, bin, 'explore', f, '--steps', '2000000000', '--seconds', '120'], { encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
}
test('dfs explores until exhausted: no hidden cap of 10,000 executions', () => {
    const f = userModule(`function* t() { for (let i = 0; i < 4; i++) yield* k.schedule_point('x'); }
export default { name: 'many', designs: { base: { clean: true } }, setup() { for (let i = 0; i < 4; i++) k.spawn('t' + i, t); } };`);
    const j = JSON.parse(run(['explore', f, '--strategy', 'dfs', '--preemptions', '3', '--json']).out);
    assert.equal(j.exhausted, true);
    assert.equal(j.stopReason, 'exhausted');
    assert.equal(j.executions, 109_824);
    const capped = JSON.parse(run(['explore', f, '--strategy', 'dfs', '--preemptions', '3', '--executions', '500', '--json']).out);
    assert.equal(capped.stopReason, 'executions');
    assert.equal(capped.exhausted, false);
    assert.equal(capped.executions, 500);
});
test('every result says why it stopped', () => {
    const v = JSON.parse(run(['explore', 'demo-use-after-free', '--json']).out);
    assert.equal(v.stopReason, 'violation');
    const e = JSON.parse(run(['explore', 'demo-abba-ordered', '--strategy', 'pct', '--executions', '7', '--json']).out);
    assert.equal(e.stopReason, 'executions');
    assert.equal(e.executions, 7);
    const x = JSON.parse(run(['explore', 'demo-abba-ordered', '--strategy', 'dfs', '--json']).out);
    assert.equal(x.stopReason, 'exhausted');
});
test('Ctrl-C: the run stops at its next scheduling point, prints what it has, exits 130', async () => {
    const child = spawn(process.execPath, [bin, 'explore', LONG, '--strategy', 'pct', '--steps', '2000000000', '--seconds', '600'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d.toString()));
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    const code = await new Promise((r) => child.on('exit', (c) => r(c)));
    assert.equal(code, 130);
    assert.match(out, /interrupted, nothing found so far: .*stopped: interrupted/);
});
