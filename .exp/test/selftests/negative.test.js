/*
 * A broken port must not pass: each fault injection breaks one rule of the dmirror driver and
 * the selftests (through the explorer and the device checks) must report it.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { dmirror_fault_injection } from '../../src/drivers/dmirror/dmirror.js';
import { runSelftests } from '../../src/cli/selftest_runner.js';
import { HMM_VARIANTS } from '../../src/scenarios/selftests/harness.js';
import { HMM_SELFTESTS } from '../../src/scenarios/selftests/index.js';
const PRIVATE = HMM_VARIANTS[0].name;
const only = (...names) => HMM_SELFTESTS.filter((t) => names.includes(t.name));
afterEach(() => {
    dmirror_fault_injection.skip_set_seq = false;
    dmirror_fault_injection.skip_read_retry = false;
    dmirror_fault_injection.snapshot_always_read = false;
});
test('an invalidate callback that forgets mmu_interval_set_seq: anon_teardown\'s exploration finds the device using a freed page', () => {
    dmirror_fault_injection.skip_set_seq = true;
    const run = runSelftests(only('anon_teardown', 'anon_read'), PRIVATE);
    const [read, teardown] = run.results;
    // Sequential tests cannot see it: no invalidation races with a fault there.
    assert.equal(read.status, 'pass');
    assert.equal(teardown.status, 'fail');
    assert.match(teardown.diagnostics[0], /^BUG: device use-after-free: pfn \d+ programmed with a page that has already been freed/);
    assert.match(teardown.explored, /^dfs k=2, npages 16: \d+ executions, NOT exhausted$/);
    assert.match(teardown.token, /^hm1:selftest-anon-teardown:v6:/);
    assert.ok(teardown.diagnostics.some((d) => d.startsWith('hmmsim replay hm1:')));
});
test('a fault path that programs the device without mmu_interval_read_retry is caught the same way', () => {
    dmirror_fault_injection.skip_read_retry = true;
    const run = runSelftests(only('anon_teardown'), PRIVATE);
    assert.equal(run.results[0].status, 'fail');
    assert.match(run.results[0].diagnostics.join('\n'), /device-use-after-free|device use-after-free|stale device mapping/);
});
test('a wrong snapshot encoding fails compound (and only the snapshot tests)', () => {
    dmirror_fault_injection.snapshot_always_read = true;
    const run = runSelftests(only('compound', 'mixedmap', 'anon_write'), PRIVATE);
    const by = Object.fromEntries(run.results.map((r) => [r.test, r]));
    assert.equal(by['compound'].status, 'fail');
    assert.equal(by['compound'].diagnostics[0], 'hmm-tests.c:compound:Expected m[0] (5) == HMM_DMIRROR_PROT_WRITE | HMM_DMIRROR_PROT_PMD (6)');
    assert.equal(by['mixedmap'].status, 'pass'); // a read-only page: READ either way
    assert.equal(by['anon_write'].status, 'pass');
});
