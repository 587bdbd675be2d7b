/*
 * Selftests benchmark (issue 10): wall time of the whole ported HMM selftest run (38 tests, 76
 * instances, the explorations and benchmark_thp_migration's 256 MiB runs included), median of
 * a few runs; target <= 30 s on 2 cores. Also the slowest tests of the median run, to show where
 * the time goes. The instances that fail on what the model finds in the kernel's files (see
 * test/selftests/selftests.test.ts) are counted, not hidden.
 */
import { runSelftests } from '../src/cli/selftest_runner.js';
import { HMM_SELFTESTS } from '../src/scenarios/selftests/index.js';
import { median } from './stats.js';
export async function benchSelftests(runs = 3) {
    const times = [];
    const all = [];
    for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const run = runSelftests(HMM_SELFTESTS);
        times.push(performance.now() - t0);
        all.push(run);
    }
    const med = median(times);
    const mid = all[times.indexOf([...times].sort((a, b) => a - b)[runs >> 1])];
    const executions = mid.results.reduce((n, r) => n + r.executions, 0);
    const slowest = [...mid.results]
        .sort((a, b) => b.elapsedMs - a.elapsedMs)
        .slice(0, 4)
        .map((r) => `${r.variant.replace('hmm_device_', '')}.${r.test} ${(r.elapsedMs / 1000).toFixed(2)} s`);
    return [
        `selftests: ${mid.results.length} instances (${mid.totals.pass} pass, ${mid.totals.fail} fail: ${mid.results.filter((r) => r.status === 'fail').map((r) => r.name).join(', ') || 'none'}; ${mid.totals.skip} skip), ${executions} executions: median ${(med / 1000).toFixed(2)} s over ${runs} runs (target <= 30 s: ${med <= 30_000 ? 'ok' : 'MISSED'}); runs ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} s`,
        `selftests: slowest ${slowest.join(', ')}`,
    ];
}
