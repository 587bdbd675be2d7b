/*
 * Mistakes in a scenario are never "clean" (issue "trustworthy verdicts", §3): each is a
 * one-line error with exit 2 naming the file and line, and a JavaScript exception in a thread
 * is an `oops` finding (exit 1) with a replay token. Every module here would have been judged
 * clean (or thrown at) before.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { test } from 'node:test';
import { run, userModule } from './helpers.js';
/** `file:line` of the first occurrence of `needle` in module `f`, as the CLI prints it (relative to cwd). */
function site(f, needle) {
    const src = readFileSync(f, 'utf8');
    const i = src.indexOf(needle);
    assert.ok(i >= 0, `${needle} not in ${f}`);
    const r = relative(process.cwd(), f);
    return `${r.startsWith('..') ? f : r}:${src.slice(0, i).split('\n').length}`;
}
function expectError(f, re, args = []) {
    const r = run(['explore', f, '--strategy', 'dfs', ...args]);
    assert.equal(r.code, 2, `exit 2 expected, got ${r.code}: ${r.out}${r.err}`);
    const lines = r.err.trim().split('\n');
    assert.equal(lines.length, 1, `one line expected: ${r.err}`);
    assert.match(r.err, re);
    assert.doesNotMatch(r.err, /\n\s+at /);
    return r.err;
}
const TWO_THREADS = `export default { name: 'm', designs: { base: { clean: true } },
  setup() { const l = new k.Mutex('l'); k.spawn('a', () => body(l)); k.spawn('b', () => body(l)); } };`;
test('a forgotten yield* on a lock is refused before anything runs, naming file and line', () => {
    const f = userModule(`function* body(l) {
  k.mutex_lock(l);
  yield* k.mutex_unlock(l);
}
${TWO_THREADS}`);
    const err = expectError(f, /mutex_lock\(\.\.\.\) is called but never run: a model call runs only as yield\* mutex_lock/);
    assert.ok(err.includes(site(f, 'k.mutex_lock(l);')), err);
});
test('a forgotten yield* on a syscall assigned to a variable, and on a check in a condition', () => {
    const a = userModule(`function* body(l) {
  const t = mm.task_create('p');
  const addr = mm.sys_mmap(t, 0, 4096, 3, 0x22);
  k.check(addr !== 0, 'mapped');
  yield* k.mutex_lock(l);
  yield* k.mutex_unlock(l);
}
${TWO_THREADS}`);
    const e1 = expectError(a, /sys_mmap\(\.\.\.\) is stored but never run/);
    assert.ok(e1.includes(site(a, 'mm.sys_mmap(')), e1);
    const b = userModule(`import { mmu_interval_read_retry } from '${'hmmsim-placeholder'}';
function* body(l) {
  yield* k.mutex_lock(l);
  if (mmu_interval_read_retry(null, 0)) yield* k.mutex_unlock(l);
}
${TWO_THREADS}`.replace(`'hmmsim-placeholder'`, `'${new URL('../../src/mm/interval_notifier.js', import.meta.url).href}'`));
    const e2 = expectError(b, /mmu_interval_read_retry\(\.\.\.\) is used as a value without yield\*/);
    assert.ok(e2.includes(site(b, 'if (mmu_interval_read_retry')), e2);
});
test("a forgotten yield* on the scenario's own generator helper", () => {
    const f = userModule(`function* locked(l) { yield* k.mutex_lock(l); yield* k.mutex_unlock(l); }
function* body(l) {
  locked(l);
  yield* k.yield_now();
}
${TWO_THREADS}`);
    const err = expectError(f, /locked\(\.\.\.\) is called but never run/);
    assert.ok(err.includes(site(f, 'locked(l);\n')), err);
});
test('a set-up that spawns no thread, or that is itself a generator, names its file and line', () => {
    const none = userModule(`export default { name: 'n', designs: { base: { clean: true } }, setup() { new k.Mutex('l'); } };`);
    const e1 = expectError(none, /setup spawned no thread/);
    assert.ok(e1.includes(site(none, 'setup()')), e1);
    const gen = userModule(`export default { name: 'g', designs: { base: { clean: true } }, *setup() { k.spawn('t', function* () { yield* k.yield_now(); }); } };`);
    const e2 = expectError(gen, /setup is a generator function/);
    assert.ok(e2.includes(site(gen, '*setup()')), e2);
});
test('a thread that is an async function or an async generator', () => {
    const af = userModule(`async function body() { await null; }
export default { name: 'a', designs: { base: { clean: true } }, setup() { k.spawn('t', body); } };`);
    const e1 = expectError(af, /thread t is an async function/);
    assert.ok(e1.includes(site(af, 'async function body')), e1);
    const ag = userModule(`async function* body() { yield* k.yield_now(); }
export default { name: 'b', designs: { base: { clean: true } }, setup() { k.spawn('t', body); } };`);
    const e2 = expectError(ag, /thread t is an async generator/);
    assert.ok(e2.includes(site(ag, 'async function* body')), e2);
});
test('a thread that starts a timer, creates a promise or reads Math.random is uncontrolled nondeterminism', () => {
    const timer = userModule(`let flag = 0;
function* body() {
  setTimeout(() => { flag = 1; }, 0);
  yield* k.yield_now();
}
export default { name: 't', designs: { base: { clean: true } }, setup() { k.spawn('t', body); k.spawn('u', body); } };`);
    const e1 = expectError(timer, /uncontrolled nondeterminism: thread t created an async resource \(Timeout\)/);
    assert.ok(e1.includes(site(timer, 'setTimeout(')), e1);
    const promise = userModule(`function* body() {
  Promise.resolve(1).then(() => 0);
  yield* k.yield_now();
}
export default { name: 'p', designs: { base: { clean: true } }, setup() { k.spawn('t', body); } };`);
    expectError(promise, /thread t created a Promise at /);
    const random = userModule(`function* body() {
  if (Math.random() < 0.5) yield* k.yield_now();
}
export default { name: 'r', designs: { base: { clean: true } }, setup() { k.spawn('t', body); k.spawn('u', body); } };`);
    const e3 = expectError(random, /called Math\.random\(\)/);
    assert.ok(e3.includes(site(random, 'Math.random()')), e3);
});
test('module-level state that changes between executions: the second run of an execution diverges at a named step', () => {
    const f = userModule(`let runs = 0;
function* a() { runs++; if (runs % 2 === 0) yield* k.schedule_point('extra'); yield* k.schedule_point('a'); }
function* b() { yield* k.schedule_point('b'); }
export default { name: 's', designs: { base: { clean: true } }, setup() { k.spawn('a', a); k.spawn('b', b); } };`);
    expectError(f, /uncontrolled nondeterminism: the first execution, run again with the same choices, .*step \d+/);
});
test('state that drifts only after many executions is caught when the first execution runs again at the end', () => {
    const f = userModule(`let runs = 0;
function* a() { runs++; if (runs > 20) yield* k.yield_now(); yield* k.yield_now(); yield* k.yield_now(); }
function* b() { yield* k.yield_now(); yield* k.yield_now(); }
export default { name: 'd', designs: { base: { clean: true } }, setup() { k.spawn('a', a); k.spawn('b', b); } };`);
    const r = run(['explore', f, '--strategy', 'pct', '--executions', '50']);
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.err, /uncontrolled nondeterminism: .*(the first execution, after \d+ executions|dfs replayed)/);
});
test('a JavaScript exception in some interleavings is an oops finding with its file:line and a token that replays it', () => {
    const f = userModule(`let shared = { p: { x: 1 } };
function* reader(s) { yield* k.yield_now(); const v = s.p.x; k.check(v === 1, 'read'); }
function* writer(s) { yield* k.yield_now(); s.p = null; yield* k.yield_now(); s.p = { x: 1 }; }
export default { name: 'o', designs: { base: { clean: true } }, setup() { const s = { p: { x: 1 } }; k.spawn('r', () => reader(s)); k.spawn('w', () => writer(s)); } };`);
    const r = run(['explore', f, '--strategy', 'dfs', '--json']);
    assert.equal(r.code, 1, r.out + r.err);
    const j = JSON.parse(r.out);
    const v = j.violations[0];
    assert.equal(v.kind, 'oops');
    assert.match(v.message, /TypeError: Cannot read properties of null \(reading 'x'\)/);
    assert.ok(v.message.includes(site(f, 's.p.x')), v.message);
    const rp = run(['replay', v.token]);
    assert.equal(rp.code, 1, rp.err);
    assert.match(rp.out, /Oops: TypeError: Cannot read properties of null/);
    // Not in every interleaving: the serial one is fine.
    const serial = run(['explore', f, '--strategy', 'dfs', '--preemptions', '0']);
    assert.ok(serial.code === 0 || serial.code === 1);
});
