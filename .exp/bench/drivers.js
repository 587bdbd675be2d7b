/*
 * The driver-facing kernel API (issue 14):
 *  (a) what a user's check costs: each clean example driver of examples/ explored by dfs with
 *      preemption bound 2 until exhausted: executions and wall time (median of 3 rounds).
 *  (b) a work item's round trip (queue_work, the worker thread's start, the item, its end,
 *      flush_work) against a mutex lock/unlock pair, N of each in one execution: the ratio says
 *      what deferring work costs in the model. Each item runs in a worker thread of its own and
 *      exited threads stay in the execution's thread list, so the cost per item grows with the
 *      items of one execution: measured at N = 200 and N = 2,000.
 */
import { fileURLToPath } from 'node:url';
import { Execution, flush_work, INIT_WORK, Mutex, mutex_lock, mutex_unlock, queue_work, spawn, WorkStruct, alloc_workqueue } from '../src/kernel/index.js';
import { DEFAULT_OPTIONS, explore } from '../src/explore/run.js';
import { fmtRate, median } from './stats.js';
const serial = {
    pickThread(runnable, last, lastRunnable) {
        return lastRunnable ? last : runnable[0];
    },
    pickValue() {
        return 0;
    },
};
function timeOne(body) {
    const ex = new Execution(serial, { stepBudget: 1e12, record: false });
    const t0 = performance.now();
    const r = ex.run(() => {
        spawn('bench', body);
    });
    const dt = performance.now() - t0;
    if (r.violations.length)
        throw new Error(`benchmark execution reported: ${r.violations[0].title}`);
    return dt;
}
function* work_fn() { }
function* work_round_trips(N) {
    const wq = alloc_workqueue('bench');
    const w = new WorkStruct(null, 'bench_work');
    INIT_WORK(w, work_fn);
    for (let i = 0; i < N; i++) {
        yield* queue_work(wq, w);
        yield* flush_work(w);
    }
}
function* lock_round_trips(N) {
    const m = new Mutex('bench');
    for (let i = 0; i < N; i++) {
        yield* mutex_lock(m);
        yield* mutex_unlock(m);
    }
}
const EXAMPLES = ['guide-driver.mjs', 'nouveau-svm.mjs', 'amdgpu-userptr.mjs', 'amdgpu-userptr-oom.mjs', 'odp.mjs'];
export async function benchDrivers() {
    const out = ['drivers: the example drivers (dfs k=2, exhausted) and a work item against a lock round trip'];
    // Warm-up (JIT) before the first timed example.
    explore((await import(fileURLToPath(new URL(`../../examples/${EXAMPLES[0]}`, import.meta.url)))).default, 'v6', { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions: 2, executions: Infinity, seconds: 600 });
    for (const f of EXAMPLES) {
        const mod = (await import(fileURLToPath(new URL(`../../examples/${f}`, import.meta.url))));
        const times = [];
        let execs = 0;
        for (let r = 0; r < 3; r++) {
            const res = explore(mod.default, 'v6', { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions: 2, executions: Infinity, seconds: 600 });
            if (!res.exhausted || res.violations.length)
                throw new Error(`${f}: not clean and exhausted`);
            execs = res.executions;
            times.push(res.elapsedMs);
        }
        const ms = median(times);
        out.push(`  examples/${f}: ${execs} executions in ${ms.toFixed(0)} ms (${fmtRate((execs / ms) * 1000)} executions)`);
    }
    for (const N of [200, 2_000]) {
        const work = [];
        const lock = [];
        for (let r = 0; r < 5; r++) {
            work.push(timeOne(() => work_round_trips(N)));
            lock.push(timeOne(() => lock_round_trips(N)));
        }
        const w = median(work);
        const l = median(lock);
        out.push(`  ${N} work item round trips: ${((w / N) * 1000).toFixed(2)} µs each; mutex lock+unlock: ${((l / N) * 1000).toFixed(2)} µs; ratio ${(w / l).toFixed(0)}`);
    }
    return out;
}
