#!/usr/bin/env node
/*
 * hmmsim entry point. The commands run in a worker thread under a watchdog: model code runs
 * synchronously between scheduling points, so a scenario stuck in a loop with no scheduling
 * point would hang the process. The watchdog watches the explorer's step counter and, if it
 * stops moving for HMMSIM_WATCHDOG_SECONDS (default 10), ends the run with a one-line error
 * and exit code 2. HMMSIM_NO_WORKER=1 runs in-process (for profiling).
 */
import { Worker } from 'node:worker_threads';
import { HEARTBEAT_BYTES, HEARTBEAT_SLOT, HEARTBEAT_SLOTS } from '../kernel/beacon.js';
import { runProgram } from './program.js';
/** Steps of every explorer thread (beacon slots, sched.ts), and the threads of slots that moved. */
function beaconSteps(beat) {
    let n = 0;
    for (let s = 1; s < HEARTBEAT_SLOTS; s++)
        n = (n + Atomics.load(beat, s * HEARTBEAT_SLOT)) | 0;
    return n;
}
async function main(argv) {
    // Long prose lines wrap to a terminal's width (never in a pipe or a file).
    if (process.stdout.isTTY && process.stdout.columns)
        process.env['HMMSIM_COLUMNS'] ??= String(process.stdout.columns);
    if (process.env['HMMSIM_NO_WORKER'] === '1')
        return runProgram(argv);
    // The worker's stderr is not a terminal: tell it whether ours is (the progress line).
    if (process.stderr.isTTY) {
        process.env['HMMSIM_STDERR_TTY'] = '1';
        process.env['HMMSIM_STDERR_COLUMNS'] = String(process.stderr.columns ?? 80);
    }
    const heartbeat = new SharedArrayBuffer(HEARTBEAT_BYTES);
    const beat = new Int32Array(heartbeat);
    const limit = Number(process.env['HMMSIM_WATCHDOG_SECONDS'] ?? '10') * 1000;
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { argv, heartbeat }, stdout: false, stderr: false });
    let code = null;
    worker.on('message', (m) => {
        if (m.out !== undefined)
            process.stdout.write(m.out);
        else if (m.err !== undefined)
            process.stderr.write(m.err);
        else if (m.code !== undefined)
            code = m.code;
    });
    return new Promise((resolveExit) => {
        // Ctrl-C: the run stops at its next scheduling point and prints what it found so far
        // (exit 130); a second Ctrl-C ends it at once.
        process.on('SIGINT', () => {
            if (Atomics.load(beat, 0) !== 0) {
                void worker.terminate();
                resolveExit(130);
                return;
            }
            Atomics.store(beat, 0, 1);
        });
        let last = beaconSteps(beat);
        let lastChange = Date.now();
        const timer = setInterval(() => {
            const now = beaconSteps(beat);
            if (now !== last) {
                last = now;
                lastChange = Date.now();
            }
            else if (Date.now() - lastChange > limit) {
                clearInterval(timer);
                // The thread of the last step of every explorer thread that ran one.
                const threads = [];
                for (let s = 1; s < HEARTBEAT_SLOTS; s++)
                    if (Atomics.load(beat, s * HEARTBEAT_SLOT) !== 0)
                        threads.push(Atomics.load(beat, s * HEARTBEAT_SLOT + 1));
                const thread = threads.length === 1 ? String(threads[0]) : threads.join(' or #');
                process.stderr.write(`hmmsim: error: the scenario made no progress for ${limit / 1000} s (thread #${thread} is looping without a scheduling point, or waiting on something outside the model)\n`);
                void worker.terminate();
                resolveExit(2);
            }
        }, 250);
        worker.on('error', (e) => {
            clearInterval(timer);
            if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
                process.stderr.write('hmmsim: error: out of memory: the JavaScript heap filled up between two checks (smaller scenario, lower --steps, or node --max-old-space-size)\n');
            }
            else {
                process.stderr.write(`hmmsim: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
            }
            resolveExit(2);
        });
        worker.on('exit', () => {
            clearInterval(timer);
            resolveExit(code ?? 2);
        });
    });
}
// A closed pipe (`hmmsim ... | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e) => {
        if (e.code === 'EPIPE')
            process.exit(process.exitCode ?? 0);
        throw e;
    });
}
process.exitCode = await main(process.argv.slice(2));
