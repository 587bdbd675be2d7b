/*
 * The forgotten-yield* check: exact findings on small modules, and none anywhere in the
 * project's own code (its drivers and scenarios are written against the same API users get).
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { lint_forgotten_yields, lint_module_file, sched_api_names } from '../../src/cli/yield_lint.js';
const api = sched_api_names();
function findings(src) {
    return lint_forgotten_yields(src, 'm.mjs', api).map((f) => `${f.line}:${f.callee}:${f.how}`);
}
test('the API list comes from the declarations: locks, syscalls, device and interval-notifier calls', () => {
    for (const n of ['mutex_lock', 'mutex_unlock', 'down_read', 'sys_munmap', 'device_map', 'device_zap', 'mmu_interval_read_retry', 'mmu_interval_set_seq', 'hmm_range_fault', 'kref_put']) {
        assert.ok(api.names.has(n), n);
    }
    for (const n of ['kmalloc', 'check', 'pfn_to_page', 'device_create', 'mmu_interval_check_program'])
        assert.ok(!api.names.has(n), n);
});
test('each kind of misuse is found, with its line; correct uses are not', () => {
    const src = `import { mutex_lock, mutex_unlock, sys_munmap } from 'hmmsim/kernel';
import * as k from 'hmmsim/kernel';
function* helper() { yield* mutex_lock(a); }
function* t(a) {
  mutex_lock(a);
  const r = sys_munmap(x, 0, 1);
  if (k.mmu_interval_read_retry(n, 1)) {}
  yield mutex_unlock(a);
  helper();
  list.push(k.device_map(d, 0, 1, true));
  yield* mutex_lock(a);
  const g = helper();
  yield* g;
  return mutex_unlock(a);
}
const thread = () => helper();
function* run2() { yield* k.kref_put(ref, () => helper()); }
`;
    assert.deepEqual(findings(src), [
        '5:mutex_lock:is called but never run',
        '6:sys_munmap:is stored but never run',
        '7:mmu_interval_read_retry:is used as a value without yield* (a generator object, not its result)',
        '8:mutex_unlock:is yielded without * (its steps never run)',
        '9:helper:is called but never run',
        '10:device_map:is passed to push(), which does not run it',
    ]);
});
test("the project's own built code has no forgotten yield*", () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const out = [];
    const visit = (d) => {
        for (const e of readdirSync(d)) {
            const p = join(d, e);
            if (statSync(p).isDirectory())
                visit(p);
            else if (e.endsWith('.js') || e.endsWith('.mjs'))
                out.push(...lint_module_file(p));
        }
    };
    for (const d of ['src', 'test', 'bench'])
        visit(join(root, d));
    visit(join(root, '..', 'examples'));
    assert.deepEqual(out, []);
    // And it did look at something.
    assert.ok(readdirSync(join(root, 'src', 'drivers')).length > 0);
});
