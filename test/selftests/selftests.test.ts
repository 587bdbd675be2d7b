/*
 * Every ported selftest passes in both fixture variants, with kselftest TAP output, and the
 * harness turns a failing ASSERT into `not ok` with the kernel's diagnostic.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSelftests, tapFooter, tapHeader, tapResult } from '../../src/cli/selftest_runner.js';
import { HMM_VARIANTS, type Selftest } from '../../src/scenarios/selftests/harness.js';
import { ASSERT_EQ } from '../../src/scenarios/selftests/harness.js';
import { hmm_setup, type HmmSelf } from '../../src/scenarios/selftests/hmm_fixture.js';
import { HMM_SELFTESTS } from '../../src/scenarios/selftests/index.js';
import { findScenario } from '../../src/scenarios/index.js';
import type { Sched } from '../../src/kernel/index.js';
import { runExecution } from '../../src/explore/run.js';
import { serialChooser } from '../helpers.js';

const NAMES = [
  'open_close',
  'anon_read',
  'anon_read_prot',
  'anon_write',
  'anon_write_prot',
  'anon_write_child',
  'anon_write_child_shared',
  'anon_write_huge',
  'anon_write_hugetlbfs',
  'file_read',
  'file_write',
  'anon_read_multiple',
  'anon_teardown',
  'mixedmap',
  'compound',
];

test('the issue\'s fifteen selftests, in the kernel\'s order', () => {
  assert.deepEqual(
    HMM_SELFTESTS.map((t) => t.name),
    NAMES,
  );
});

test('every ported selftest passes in the private variant; the coherent variant SKIPs; anon_write_child says what did not run', () => {
  const run = runSelftests(HMM_SELFTESTS, HMM_VARIANTS);
  const status = (r: (typeof run.results)[number]) => (r.status === 'skip' ? `skip: ${r.diagnostics[0]}` : r.status);
  const bad = run.results.filter((r) => r.status === 'fail').map((r) => `${r.name}: ${r.status} ${r.diagnostics.join(' | ')}`);
  assert.deepEqual(bad, []);
  assert.equal(run.results.length, 30);
  for (const r of run.results.slice(0, 15)) {
    assert.equal(status(r), r.test === 'anon_write_child' ? 'skip: the migrate = 1 iterations did not run: they need MIGRATE_TO_DEV (device memory, not modelled yet); the migrate = 0 iterations (4 MiB and a THP) ran and passed' : 'pass', r.name);
  }
  for (const r of run.results.slice(15)) assert.equal(status(r), 'skip: DEVICE_COHERENT not available', r.name);
  assert.deepEqual(run.totals, { pass: 14, fail: 0, xfail: 0, xpass: 0, skip: 16, error: 0 });
  // Numbering and names: all private tests first, then all coherent ones.
  run.results.forEach((r, i) => {
    const v = HMM_VARIANTS[Math.floor(i / NAMES.length)]!;
    assert.equal(r.number, i + 1);
    assert.equal(r.name, `hmm.${v.name}.${NAMES[i % NAMES.length]}`);
  });
  // anon_teardown is backed by an exhausted dfs exploration and the kernel-size random runs.
  for (const r of run.results.filter((x) => x.test === 'anon_teardown' && x.variant === 'hmm_device_private')) {
    assert.match(r.explored ?? '', /^dfs k=2, npages 16: \d+ executions, exhausted; random, 10 iterations of npages 1024 on one device file: 3 executions$/);
    assert.ok(r.executions > 50, `only ${r.executions} executions`);
  }
  const tap = [...tapHeader(30, 30), ...run.results.flatMap(tapResult), ...tapFooter(run)];
  assert.equal(tap[0], 'TAP version 13');
  assert.equal(tap[1], '1..30');
  assert.ok(tap.includes('ok 2 hmm.hmm_device_private.anon_read'));
  assert.ok(tap.includes('ok 17 hmm.hmm_device_coherent.anon_read # SKIP DEVICE_COHERENT not available'));
  assert.equal(tap[tap.length - 1], '# Totals: pass:14 fail:0 xfail:0 xpass:0 skip:16 error:0');
});

function* failing_body(_self: HmmSelf): Sched {
  ASSERT_EQ(2, 1, 'buffer->faults');
}

test('a failing ASSERT is `not ok` with the kernel-style diagnostic', () => {
  const t: Selftest = { fixture: 'hmm', name: 'always_fails', description: 'x', setup: (v) => void hmm_setup('always_fails', v, failing_body) };
  const run = runSelftests([t], [HMM_VARIANTS[0]!]);
  const r = run.results[0]!;
  assert.equal(r.status, 'fail');
  assert.equal(r.diagnostics[0], 'hmm-tests.c:always_fails:Expected buffer->faults (2) == 1 (1)');
  const lines = tapResult(r);
  assert.equal(lines[lines.length - 1], 'not ok 1 hmm.hmm_device_private.always_fails');
  assert.ok(lines.includes('# hmm-tests.c:always_fails:Expected buffer->faults (2) == 1 (1)'));
  assert.equal(tapFooter(run)[1], '# Totals: pass:0 fail:1 xfail:0 xpass:0 skip:0 error:0');
});

test('anon_teardown is a built-in scenario of group selftests (private variant; the coherent one would test nothing)', () => {
  for (const n of ['selftest-anon-teardown', 'selftest-anon-teardown-full']) {
    const sc = findScenario(n);
    assert.ok(sc, n);
    assert.equal(sc.group, 'selftests');
    assert.deepEqual(sc.designs, { v6: { clean: true } });
  }
  assert.equal(findScenario('selftest-anon-teardown-coherent'), undefined);
});

test('anon_teardown at the kernel size runs its NTIMES iterations back to back in one execution, on one device file', () => {
  const sc = findScenario('selftest-anon-teardown-full')!;
  const r = runExecution(sc, 'v6', serialChooser, 50_000_000, false);
  assert.deepEqual(r.violations, []);
  // One test process, and one unmapping thread per iteration, all in this execution.
  assert.deepEqual(r.threads, ['hmm-tests', ...Array.from({ length: 10 }, () => 'hmm-tests/unmap_buffer')]);
  // Each iteration fills 1024 pages of ints from the CPU before the device reads them.
  assert.ok(r.steps > 10 * 1024 * 1024, `${r.steps} steps`);
});

test('a machine with 1 GiB default huge pages: anon_write_hugetlbfs writes a 1 GiB page; compound fails as the newest kernel test does there', () => {
  const only = HMM_SELFTESTS.filter((t) => t.name === 'anon_write_hugetlbfs' || t.name === 'compound');
  const run = runSelftests(only, [HMM_VARIANTS[0]!], undefined, { hugepage_shift: 30 });
  const by = Object.fromEntries(run.results.map((r) => [r.test, r]));
  assert.equal(by['anon_write_hugetlbfs']!.status, 'pass');
  assert.equal(by['compound']!.status, 'fail');
  // hmm_range_fault reports the 1 GiB page with its PUD order; the test expects PMD.
  assert.equal(by['compound']!.diagnostics[0], 'hmm-tests.c:compound:Expected m[0] (10) == HMM_DMIRROR_PROT_WRITE | HMM_DMIRROR_PROT_PMD (6)');
});
