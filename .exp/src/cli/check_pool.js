/*
 * `hmmsim check` runs its (scenario, design) verdicts in parallel worker threads, one per core
 * by default. Each worker resolves the scenario by name (or module path) itself and sends back
 * a plain summary; results are printed in catalogue order as soon as they are known.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
export function summarize(v) {
    const { runs: _runs, ...rest } = v;
    return rest;
}
export function defaultJobs() {
    return Math.max(1, availableParallelism());
}
/**
 * Run every job on `parallel` workers; `onResult(i, summary)` is called in job order.
 * `heartbeat` (the CLI watchdog's beacon) is shared with the workers.
 */
export async function runCheckJobs(jobs, parallel, heartbeat, onResult) {
    const results = new Array(jobs.length);
    let nextJob = 0;
    let nextPrint = 0;
    const flush = () => {
        while (nextPrint < jobs.length && results[nextPrint] !== undefined) {
            onResult(nextPrint, results[nextPrint]);
            nextPrint++;
        }
    };
    const n = Math.max(1, Math.min(parallel, jobs.length));
    await Promise.all(Array.from({ length: n }, (_, k) => new Promise((resolve, reject) => {
        // Beacon slot 1 is the CLI thread's; each worker writes its own (sched.ts).
        const w = new Worker(new URL('./check_worker.js', import.meta.url), { workerData: { heartbeat, slot: 2 + k } });
        const feed = () => {
            if (nextJob >= jobs.length) {
                void w.terminate().then(() => resolve());
                return;
            }
            const i = nextJob++;
            w.postMessage({ i, job: jobs[i] });
        };
        w.on('message', (m) => {
            if (m.error !== undefined) {
                void w.terminate();
                reject(new Error(m.error));
                return;
            }
            results[m.i] = m.summary;
            flush();
            feed();
        });
        w.on('error', reject);
        feed();
    })));
    return results;
}
