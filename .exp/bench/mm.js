/*
 * mm benchmark (issue 3): fault in and write one value in every 4 KiB page of 1 GiB of
 * anonymous memory (262,144 pages), write again (TLB-hit path), then munmap; ns per page per
 * phase, next to a plain typed-array loop touching the same number of pages in the same run
 * (the limit). Then the same with THP (MADV_HUGEPAGE): ns per 4 KiB page.
 * Targets: fault-in <= 1 us/page; THP fault-in <= 0.1 us per 4 KiB page.
 */
import fc from 'fast-check';
import { Execution, spawn } from '../src/kernel/index.js';
import { opArb, runOps } from '../test/mm/model.js';
import { MADV_HUGEPAGE, MAP_ANONYMOUS, MAP_PRIVATE, PAGE_SIZE, PROT_READ, PROT_WRITE, mem_stats, sys_exit, sys_madvise, sys_mmap, sys_munmap, task_create, user_write_u32, } from '../src/mm/index.js';
const GiB = 2 ** 30;
const NPAGES = GiB / PAGE_SIZE;
const serial = {
    pickThread(runnable, last, lastRunnable) {
        return lastRunnable ? last : runnable[0];
    },
    pickValue() {
        return 0;
    },
};
function* body(thp, out) {
    const t = task_create('bench');
    const a = yield* sys_mmap(t, 0, GiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    if (thp)
        yield* sys_madvise(t, a, GiB, MADV_HUGEPAGE);
    let t0 = performance.now();
    for (let i = 0; i < NPAGES; i++)
        yield* user_write_u32(t, a + i * PAGE_SIZE, i);
    out.fault = performance.now() - t0;
    out.pagesLive = mem_stats().live;
    t0 = performance.now();
    for (let i = 0; i < NPAGES; i++)
        yield* user_write_u32(t, a + i * PAGE_SIZE + 64, i);
    out.write = performance.now() - t0;
    t0 = performance.now();
    yield* sys_munmap(t, a, GiB);
    out.munmap = performance.now() - t0;
    yield* sys_exit(t);
}
function runOnce(thp) {
    const out = { fault: 0, write: 0, munmap: 0, pagesLive: 0 };
    const ex = new Execution(serial, { stepBudget: 1e9, record: false });
    const r = ex.run(() => {
        spawn('bench', () => body(thp, out));
    });
    if (r.violations.length)
        throw new Error(`bench execution reported: ${r.violations[0].title}`);
    return out;
}
/** The limit: one 32-bit store per 4 KiB page into a sparse typed-array "memory". */
function plainLoop() {
    const words = new Uint32Array(NPAGES * 2);
    const t0 = performance.now();
    for (let i = 0; i < NPAGES; i++)
        words[i * 2] = i;
    const dt = performance.now() - t0;
    if (words[2] !== 1)
        throw new Error('unreachable');
    return dt;
}
function median(xs) {
    const s = [...xs].sort((a, b) => a - b);
    return s[s.length >> 1];
}
const ns = (ms) => ((ms * 1e6) / NPAGES).toFixed(1);
export async function benchMm(reps = 5) {
    const base = [];
    const thp = [];
    const plain = [];
    // One warm-up round, not counted: the JIT compiles the paths, and the host maps the memory
    // that later executions recycle (page_contents.ts) as the explorer's executions do.
    plainLoop();
    const cold = [runOnce(false), runOnce(true)];
    for (let r = 0; r < reps; r++) {
        plain.push(plainLoop());
        base.push(runOnce(false));
        thp.push(runOnce(true));
    }
    const m = (xs, k) => median(xs.map((x) => x[k]));
    const range = (xs, k) => `${ns(Math.min(...xs.map((x) => x[k])))}-${ns(Math.max(...xs.map((x) => x[k])))}`;
    const lines = [
        `mm: 1 GiB anonymous, ${NPAGES} pages, median of ${reps} after a warm-up round`,
        `  plain typed-array loop        ${ns(median(plain))} ns/page (the limit)`,
        `  4K  fault-in + write          ${ns(m(base, 'fault'))} ns/page   (target <= 1000; range ${range(base, 'fault')})`,
        `  4K  write (mapped)            ${ns(m(base, 'write'))} ns/page`,
        `  4K  munmap                    ${ns(m(base, 'munmap'))} ns/page`,
        `  THP fault-in + write          ${ns(m(thp, 'fault'))} ns/4K page   (target <= 100; range ${range(thp, 'fault')})`,
        `  THP write (mapped)            ${ns(m(thp, 'write'))} ns/4K page`,
        `  THP munmap                    ${ns(m(thp, 'munmap'))} ns/4K page`,
        `  first (cold) round, not in the medians: 4K fault-in ${ns(cold[0].fault)}, THP fault-in ${ns(cold[1].fault)} ns/page`,
        `  folios after fault-in: 4K ${base[0].pagesLive}, THP ${thp[0].pagesLive}`,
        randomOps(100_000),
    ];
    return lines;
}
/**
 * The property test's random operations (mmap, munmap, mprotect, madvise, fork, exit, swap,
 * reads and writes over several processes, checked against the reference model and the mm
 * invariants after every operation), run for `target` operations: more than the test suite's
 * 10,000. Any violation or internal error is reported.
 */
function randomOps(target) {
    let ops = 0;
    let seqs = 0;
    let seed = 0x5eed;
    const t0 = performance.now();
    while (ops < target) {
        const [seq] = fc.sample(fc.array(opArb, { minLength: 60, maxLength: 160, size: 'max' }), { numRuns: 1, seed: seed++ });
        const log = [];
        let bad = null;
        const ex = new Execution(serial, { stepBudget: 1e9, record: false });
        try {
            const r = ex.run(() => {
                spawn('ops', () => check_ops(seq, log, (e) => (bad = e)));
            });
            if (r.violations.length)
                bad = `${r.violations[0].kind}: ${r.violations[0].title}`;
        }
        catch (e) {
            bad = `internal error: ${e instanceof Error ? e.message : String(e)}`;
        }
        ops += log.length;
        seqs++;
        if (bad !== null)
            return `  random operations: FAILED after ${ops} operations (sequence seed ${seed - 1}): ${bad}`;
    }
    const s = (performance.now() - t0) / 1000;
    return `  random operations vs the reference model: ${ops} operations in ${seqs} sequences, no violation, no internal error (${(ops / s).toFixed(0)} ops/s)`;
}
function* check_ops(seq, log, fail) {
    const r = yield* runOps(seq, log);
    if (r !== null)
        fail(`mismatch with the reference model: ${r}`);
}
