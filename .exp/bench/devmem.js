/*
 * Device memory benchmark (issue 10): migrate 1 GiB of anonymous memory to the device and back
 * through dmirror (MIGRATE_TO_DEV, MIGRATE_TO_SYS), with 4 KiB folios (MADV_NOHUGEPAGE) and
 * with THP (MADV_HUGEPAGE); ns per 4 KiB page for the round trip, next to a typed-array copy of
 * the same bytes there and back in the same run. The model's time is the round trip minus the
 * same process without the two ioctls (mmap, fill, munmap), so it counts the migration only.
 * Target: THP <= 20x the copy. Median of three interleaved runs.
 */
import { runSelftests } from '../src/cli/selftest_runner.js';
import { MADV_HUGEPAGE, MADV_NOHUGEPAGE, MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../src/mm/constants.js';
import { ASSERT_EQ } from '../src/scenarios/selftests/harness.js';
import { hmm_buffer, hmm_buffer_free, hmm_setup } from '../src/scenarios/selftests/hmm_fixture.js';
import { hmm_migrate_dev_to_sys, hmm_migrate_sys_to_dev } from '../src/scenarios/selftests/migrate.js';
import { fill_i32, madvise, malloc, mmap } from '../src/scenarios/selftests/libc.js';
import { median } from './stats.js';
const SIZE = 1 << 30;
const NPAGES = SIZE / 4096;
function body(thp, migrate) {
    return function* (self) {
        const p = self.p;
        const buffer = hmm_buffer();
        buffer.fd = -1;
        buffer.size = SIZE;
        buffer.mirror = malloc(p, SIZE);
        buffer.ptr = yield* mmap(p, 0, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        ASSERT_EQ(yield* madvise(p, buffer.ptr, SIZE, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE), 0, 'ret');
        yield* fill_i32(p, buffer.ptr, 0, SIZE / 4, (i) => i);
        if (migrate) {
            ASSERT_EQ(yield* hmm_migrate_sys_to_dev(p, self.fd, buffer, NPAGES), 0, 'ret');
            ASSERT_EQ(buffer.cpages, NPAGES, 'buffer->cpages');
            ASSERT_EQ(yield* hmm_migrate_dev_to_sys(p, self.fd, buffer, NPAGES), 0, 'ret');
        }
        yield* hmm_buffer_free(p, buffer);
    };
}
function timed(thp, migrate) {
    const t = { fixture: 'hmm', name: 'bench_migrate', description: 'bench', stepBudget: 4e9, setup: (v) => void hmm_setup('bench_migrate', v, body(thp, migrate)) };
    const t0 = performance.now();
    const run = runSelftests([t], 'hmm_device_private');
    const ms = performance.now() - t0;
    if (run.totals.pass !== 1)
        throw new Error(`bench devmem: the migration failed: ${run.results[0].diagnostics.join(' | ')}`);
    return ms;
}
/** The anchor: the same bytes copied to another buffer and back (one page at a time). */
function copyAnchor() {
    const a = new Uint8Array(SIZE);
    const b = new Uint8Array(SIZE);
    for (let i = 0; i < SIZE; i += 4096)
        a[i] = i & 0xff;
    b.fill(1); // both buffers faulted in by the host first: the anchor times the copy only
    const t0 = performance.now();
    for (let o = 0; o < SIZE; o += 4096)
        b.set(a.subarray(o, o + 4096), o);
    for (let o = 0; o < SIZE; o += 4096)
        a.set(b.subarray(o, o + 4096), o);
    return performance.now() - t0;
}
export async function benchDevmem(runs = 3) {
    const r = { small: [], thp: [], copy: [] };
    for (let i = 0; i < runs; i++) {
        r.small.push(timed(false, true) - timed(false, false));
        r.thp.push(timed(true, true) - timed(true, false));
        r.copy.push(copyAnchor());
    }
    const ns = (ms) => (ms * 1e6) / NPAGES;
    const copy = ns(median(r.copy));
    const small = ns(median(r.small));
    const thp = ns(median(r.thp));
    return [
        `devmem: 1 GiB to the device and back, per 4 KiB page: 4 KiB folios ${small.toFixed(0)} ns (${(small / copy).toFixed(1)}x the copy), THP ${thp.toFixed(0)} ns (${(thp / copy).toFixed(1)}x; target <= 20x: ${thp / copy <= 20 ? 'ok' : 'MISSED'}); typed-array copy there and back ${copy.toFixed(0)} ns; medians of ${runs} runs`,
    ];
}
