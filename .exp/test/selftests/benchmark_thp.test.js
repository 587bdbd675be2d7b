/*
 * benchmark_thp_migration does all of its work in both variants (every size up to 256 MiB, with
 * and without THP, a warm-up and five round trips each) and passes: what the kernel test
 * asserts. In a file of its own so that it runs beside the other test files.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSelftests } from '../../src/cli/selftest_runner.js';
import { HMM_SELFTESTS } from '../../src/scenarios/selftests/index.js';
import { BENCHMARK_THP_SIZES } from '../../src/scenarios/selftests/thp.js';
test('benchmark_thp_migration: every size with and without THP, both variants, every ioctl returns 0', () => {
    assert.deepEqual(BENCHMARK_THP_SIZES.map((s) => s / 1024), [512, 1024, 2048, 4096, 8192, 16384, 262144]);
    const run = runSelftests(HMM_SELFTESTS.filter((t) => t.name === 'benchmark_thp_migration'));
    assert.deepEqual(run.results.map((r) => [r.name, r.status, r.diagnostics]), [
        ['hmm.hmm_device_private.benchmark_thp_migration', 'pass', []],
        ['hmm.hmm_device_coherent.benchmark_thp_migration', 'pass', []],
    ]);
});
