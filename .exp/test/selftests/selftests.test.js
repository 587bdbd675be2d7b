/*
 * Every ported selftest passes in both fixture variants, with kselftest TAP output, and the
 * harness turns a failing ASSERT into `not ok` with the kernel's diagnostic.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSelftests, selftestInstances, tapFooter, tapHeader, tapResult } from '../../src/cli/selftest_runner.js';
import { ASSERT_EQ } from '../../src/scenarios/selftests/harness.js';
import { hmm_setup } from '../../src/scenarios/selftests/hmm_fixture.js';
import { HMM_SELFTESTS } from '../../src/scenarios/selftests/index.js';
import { findScenario } from '../../src/scenarios/index.js';
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
    'migrate',
    'migrate_file_private',
    'migrate_fault',
    'migrate_release',
    'migrate_shared',
    'migrate_mixed',
    'migrate_multiple',
    'anon_read_multiple',
    'anon_teardown',
    'mixedmap',
    'snapshot',
    'compound',
    'double_map',
    'exclusive',
    'exclusive_mprotect',
    'exclusive_cow',
    'hmm_gup_test',
    'hmm_cow_in_device',
    'migrate_anon_huge_empty',
    'migrate_anon_huge_zero',
    'migrate_anon_huge_free',
    'migrate_anon_huge_fault',
    'migrate_partial_unmap_fault',
    'migrate_remap_fault',
    'migrate_anon_huge_err',
    'migrate_anon_huge_zero_err',
    'benchmark_thp_migration',
];
const HMM2 = new Set(['migrate_mixed', 'snapshot', 'double_map']);
test('all 38 tests of the newest hmm-tests.c, in declaration order, each on its fixture', () => {
    assert.deepEqual(HMM_SELFTESTS.map((t) => t.name), NAMES);
    for (const t of HMM_SELFTESTS)
        assert.equal(t.fixture, HMM2.has(t.name) ? 'hmm2' : 'hmm', t.name);
});
test('76 instances in kselftest order: each fixture, each of its variants, each of its tests', () => {
    const inst = selftestInstances(HMM_SELFTESTS);
    assert.equal(inst.length, 76);
    const hmm = NAMES.filter((n) => !HMM2.has(n));
    const want = [
        ...hmm.map((n) => `hmm.hmm_device_private.${n}`),
        ...hmm.map((n) => `hmm.hmm_device_coherent.${n}`),
        ...[...HMM2].map((n) => `hmm2.hmm2_device_private.${n}`),
        ...[...HMM2].map((n) => `hmm2.hmm2_device_coherent.${n}`),
    ];
    assert.deepEqual(inst.map((i) => `${i.test.fixture}.${i.variant.name}.${i.test.name}`), want);
});
/**
 * What the model finds in the newest test file and driver, asserted exactly: hmm2.snapshot
 * mallocs 7 bytes for buffer->mirror and then migrates one page with each device, whose read
 * back copies 4096 bytes into it (the overflow double_map had until it was fixed); the coherent
 * device cannot have a THP (its one chunk of spm memory is 4 KiB pages and a second chunk cannot
 * be mapped), so FAIL_ALLOC on the way back meets an order-0 source and the driver returns
 * VM_FAULT_OOM: MIGRATE_TO_SYS gives -ENOMEM.
 */
const FINDINGS = {
    'hmm2.hmm2_device_private.snapshot': ['BUG: heap-buffer-overflow: WRITE of size 4096 at 0x10000000 (bug)', 'BUG: heap-buffer-overflow: WRITE of size 4096 at 0x10000000 (bug)'],
    'hmm2.hmm2_device_coherent.snapshot': ['BUG: heap-buffer-overflow: WRITE of size 4096 at 0x10000000 (bug)', 'BUG: heap-buffer-overflow: WRITE of size 4096 at 0x10000000 (bug)'],
    'hmm.hmm_device_coherent.migrate_anon_huge_err': ['hmm-tests.c:migrate_anon_huge_err:Expected ret (-12) == 0 (0)'],
};
test('every instance but benchmark_thp_migration (its own file): all pass except the three findings, each with its exact diagnostic', () => {
    const tests = HMM_SELFTESTS.filter((t) => t.name !== 'benchmark_thp_migration');
    const run = runSelftests(tests);
    assert.equal(run.results.length, 74);
    for (const r of run.results) {
        const f = FINDINGS[r.name];
        if (f === undefined) {
            assert.equal(r.status, 'pass', `${r.name}: ${r.status} ${r.diagnostics.join(' | ')}`);
            continue;
        }
        assert.equal(r.status, 'fail', r.name);
        assert.deepEqual(r.diagnostics.filter((d) => d.startsWith('BUG') || d.startsWith('hmm-tests.c')), f, r.name);
    }
    assert.deepEqual(run.totals, { pass: 71, fail: 3, xfail: 0, xpass: 0, skip: 0, error: 0 });
    // The explored tests are backed by exhausted dfs explorations.
    const explored = run.results.filter((x) => ['migrate_fault', 'migrate_release', 'migrate_multiple', 'anon_teardown'].includes(x.test));
    assert.equal(explored.length, 8);
    for (const r of explored) {
        if (r.test === 'anon_teardown') {
            if (r.variant === 'hmm_device_private')
                assert.match(r.explored ?? '', /^dfs k=2, npages 16: \d+ executions, exhausted; random, 10 iterations of npages 1024 on one device file: 3 executions$/);
            continue;
        }
        assert.match(r.explored ?? '', /^dfs k=2, npages 2, .*: \d+ executions, exhausted$/, r.name);
        assert.ok(r.executions > 50, `${r.name}: only ${r.executions} executions`);
    }
    // anon_write_child runs its whole loop: no SKIP, nothing left out.
    assert.equal(run.results.find((x) => x.name === 'hmm.hmm_device_private.anon_write_child').status, 'pass');
    const tap = [...tapHeader(74, 74), ...run.results.flatMap(tapResult), ...tapFooter(run)];
    assert.equal(tap[0], 'TAP version 13');
    assert.equal(tap[1], '1..74');
    assert.ok(tap.includes('ok 2 hmm.hmm_device_private.anon_read'));
    assert.ok(tap.includes('ok 36 hmm.hmm_device_coherent.anon_read'));
    assert.equal(tap[tap.length - 1], '# Totals: pass:71 fail:3 xfail:0 xpass:0 skip:0 error:0');
});
function* failing_body(_self) {
    ASSERT_EQ(2, 1, 'buffer->faults');
}
test('a failing ASSERT is `not ok` with the kernel-style diagnostic', () => {
    const t = { fixture: 'hmm', name: 'always_fails', description: 'x', setup: (v) => void hmm_setup('always_fails', v, failing_body) };
    const run = runSelftests([t], 'hmm_device_private');
    const r = run.results[0];
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
    const sc = findScenario('selftest-anon-teardown-full');
    const r = runExecution(sc, 'v6', serialChooser, 50_000_000, false);
    assert.deepEqual(r.violations, []);
    // One test process, and one unmapping thread per iteration, all in this execution.
    assert.deepEqual(r.threads, ['hmm-tests', ...Array.from({ length: 10 }, () => 'hmm-tests/unmap_buffer')]);
    // Each iteration fills 1024 pages of ints from the CPU before the device reads them.
    assert.ok(r.steps > 10 * 1024 * 1024, `${r.steps} steps`);
});
test('a machine with 1 GiB default huge pages: anon_write_hugetlbfs writes a 1 GiB page; compound fails as the newest kernel test does there', () => {
    const only = HMM_SELFTESTS.filter((t) => t.name === 'anon_write_hugetlbfs' || t.name === 'compound');
    const run = runSelftests(only, 'hmm_device_private', undefined, { hugepage_shift: 30 });
    const by = Object.fromEntries(run.results.map((r) => [r.test, r]));
    assert.equal(by['anon_write_hugetlbfs'].status, 'pass');
    assert.equal(by['compound'].status, 'fail');
    // hmm_range_fault reports the 1 GiB page with its PUD order; the test expects PMD.
    assert.equal(by['compound'].diagnostics[0], 'hmm-tests.c:compound:Expected m[0] (10) == HMM_DMIRROR_PROT_WRITE | HMM_DMIRROR_PROT_PMD (6)');
});
