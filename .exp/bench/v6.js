/*
 * Design v6 benchmark (issue 5):
 *  (a) one-page invalidation while 10,000 interval notifiers are registered vs while 10 are:
 *      the interval tree makes the cost grow with the notifiers hit, not with all registered.
 *      Target: ratio <= 3.
 *  (b) hmm_range_fault over 1 GiB of populated anonymous memory (262,144 pages, REQ_FAULT
 *      and snapshot): ns per page, next to a plain typed-array copy of 262,144 8-byte entries
 *      in the same run (the limit).
 * Medians over interleaved rounds.
 */
import { Execution, spawn } from '../src/kernel/index.js';
import { HMM_PFN_REQ_FAULT, HmmRange, hmm_range_fault } from '../src/hmm/v6/hmm.js';
import { MmuIntervalNotifier, mmu_interval_notifier_insert, mmu_interval_read_begin, mmu_interval_set_seq } from '../src/mm/interval_notifier.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, mm_alloc, mmap_read_lock, mmap_read_unlock, MMU_NOTIFY_CLEAR, mmu_notifier_invalidate_range_end, mmu_notifier_invalidate_range_start, mmu_notifier_range_init, PAGE_SIZE, PROT_READ, PROT_WRITE, sys_exit, sys_mmap, task_create, user_write_u32, } from '../src/mm/index.js';
import { median } from './stats.js';
const serial = {
    pickThread(runnable, last, lastRunnable) {
        return lastRunnable ? last : runnable[0];
    },
    pickValue() {
        return 0;
    },
};
function runOne(body) {
    const ex = new Execution(serial, { stepBudget: 1e12, record: false });
    const r = ex.run(() => {
        spawn('bench', body);
    });
    if (r.violations.length)
        throw new Error(`benchmark execution reported: ${r.violations[0].title}`);
}
const benchOps = { invalidate: bench_invalidate };
function* bench_invalidate(mni, _range, cur_seq) {
    yield* mmu_interval_set_seq(mni, cur_seq);
    return true;
}
const BASE = 0x1000_0000;
const INVALIDATIONS = 20_000;
/** ns per one-page invalidation with `n` disjoint one-page notifiers registered (one is hit). */
function* invalidation_body(n, out) {
    const mm = mm_alloc();
    for (let i = 0; i < n; i++) {
        const mni = new MmuIntervalNotifier(benchOps);
        yield* mmu_interval_notifier_insert(mni, mm, BASE + i * 2 * PAGE_SIZE, PAGE_SIZE, benchOps);
    }
    const target = BASE + Math.floor(n / 2) * 2 * PAGE_SIZE;
    const t0 = performance.now();
    for (let k = 0; k < INVALIDATIONS; k++) {
        const range = mmu_notifier_range_init(MMU_NOTIFY_CLEAR, 0, null, mm, target, target + PAGE_SIZE);
        yield* mmu_notifier_invalidate_range_start(range);
        yield* mmu_notifier_invalidate_range_end(range);
    }
    out.push(((performance.now() - t0) * 1e6) / INVALIDATIONS);
}
const GiB = 2 ** 30;
const NPAGES = GiB / PAGE_SIZE;
function* range_fault_body(rounds, out) {
    const t = task_create('bench');
    const mm = t.mm;
    const a = yield* sys_mmap(t, 0, GiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    for (let i = 0; i < NPAGES; i++)
        yield* user_write_u32(t, a + i * PAGE_SIZE, i);
    const mni = new MmuIntervalNotifier(benchOps);
    yield* mmu_interval_notifier_insert(mni, mm, a, GiB, benchOps);
    const range = new HmmRange({ notifier: mni, start: a, end: a + GiB });
    for (let r = 0; r < rounds; r++) {
        for (const flags of [HMM_PFN_REQ_FAULT, 0n]) {
            range.default_flags = flags;
            range.notifier_seq = yield* mmu_interval_read_begin(mni);
            yield* mmap_read_lock(mm);
            const t0 = performance.now();
            const ret = yield* hmm_range_fault(range);
            const dt = performance.now() - t0;
            yield* mmap_read_unlock(mm);
            if (ret !== 0)
                throw new Error(`hmm_range_fault returned ${ret}`);
            (flags ? out.fault : out.snapshot).push((dt * 1e6) / NPAGES);
        }
    }
    yield* sys_exit(t);
}
function typedArrayCopy() {
    const src = new Float64Array(NPAGES);
    const dst = new Float64Array(NPAGES);
    for (let i = 0; i < NPAGES; i++)
        src[i] = i;
    const t0 = performance.now();
    for (let i = 0; i < NPAGES; i++)
        dst[i] = src[i];
    const dt = performance.now() - t0;
    if (dst[NPAGES - 1] !== NPAGES - 1)
        throw new Error('copy');
    return (dt * 1e6) / NPAGES;
}
export async function benchV6() {
    const lines = [];
    // (a) interleaved rounds, first one is warm-up.
    const few = [];
    const many = [];
    for (let r = 0; r < 6; r++) {
        const f = [];
        const m = [];
        runOne(() => invalidation_body(10, f));
        runOne(() => invalidation_body(10_000, m));
        if (r > 0) {
            few.push(f[0]);
            many.push(m[0]);
        }
    }
    const a10 = median(few);
    const a10k = median(many);
    const ratio = a10k / a10;
    lines.push(`v6 invalidation of one page, 10 interval notifiers:     ${a10.toFixed(0)} ns`);
    lines.push(`v6 invalidation of one page, 10,000 interval notifiers: ${a10k.toFixed(0)} ns  (ratio ${ratio.toFixed(2)}, target <= 3: ${ratio <= 3 ? 'ok' : 'MISSED'})`);
    // (b)
    const times = { fault: [], snapshot: [] };
    runOne(() => range_fault_body(6, times));
    const copies = [];
    for (let r = 0; r < 6; r++)
        copies.push(typedArrayCopy());
    const fault = median(times.fault.slice(1));
    const snap = median(times.snapshot.slice(1));
    const copy = median(copies.slice(1));
    lines.push(`v6 hmm_range_fault over 1 GiB populated anon (REQ_FAULT): ${fault.toFixed(2)} ns/page  (${(fault / copy).toFixed(1)}x a typed-array copy)`);
    lines.push(`v6 hmm_range_fault over 1 GiB populated anon (snapshot):  ${snap.toFixed(2)} ns/page  (${(snap / copy).toFixed(1)}x a typed-array copy)`);
    lines.push(`typed-array copy of 262,144 entries (limit):              ${copy.toFixed(2)} ns/entry`);
    return lines;
}
// `node dist/bench/v6.js` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
    for (const l of await benchV6())
        console.log(l);
}
