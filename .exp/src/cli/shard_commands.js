/*
 * Exploration past one process: `explore --shard I/N` (parsed here), `explore --jobs N` (the
 * N shards of one exploration in worker threads, merged in this process) and
 * `hmmsim merge part*.json` (the shards' JSON, from any batch system, into one verdict).
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { InvalidArgumentError } from 'commander';
import { currentHeartbeat } from '../kernel/index.js';
import { MergeError, mergeShards, renderMerged } from '../explore/merge.js';
import { UsageError } from './scenario_source.js';
import { mergeJson } from '../report/json.js';
import { leaveSharing, sharedBuffer } from '../explore/steal.js';
import { explore } from '../explore/run.js';
import { exploreJson } from '../report/json.js';
import { resolveScenario } from './scenario_source.js';
/** "I/N" with 0 <= I < N. */
export function parseShard(v) {
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(v);
    if (!m)
        throw new InvalidArgumentError('--shard must be I/N (for example 0/4)');
    const index = Number(m[1]);
    const count = Number(m[2]);
    if (count < 1 || index >= count)
        throw new InvalidArgumentError('--shard I/N needs 0 <= I < N');
    return { index, count };
}
function print(s) {
    process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
}
/**
 * Run one exploration on `jobs` worker threads and merge their parts: dfs and dpor share the
 * tree by work stealing (steal.ts), random and pct split the executions by range (split.ts).
 */
export async function runShardJobs(scenario, design, opts, jobs) {
    const heartbeat = currentHeartbeat();
    // Stop flag, executions of all workers, then the work stealing of dfs and dpor (steal.ts).
    const shared = new Int32Array(sharedBuffer(jobs));
    const { onProgress: _p, ...plain } = opts;
    const tree = opts.strategy === 'dfs' || opts.strategy === 'dpor';
    const partOpts = (i) => ({ ...plain, executions: plain.executions ?? Infinity, shard: { ...opts.shard, index: i, count: jobs }, ...(tree ? { shared } : {}) });
    // Parts 1.. on worker threads, started first: each loads the modules and warms up on its own
    // (about a second of CPU) while this thread, already loaded, explores part 0.
    const others = Array.from({ length: jobs - 1 }, (_, k) => new Promise((resolve, reject) => {
        const w = new Worker(new URL('./shard_worker.js', import.meta.url), { workerData: { heartbeat, slot: 2 + k, scenario, design, opts: partOpts(k + 1) } });
        w.on('message', (m) => {
            if (m.error !== undefined)
                reject(new UsageError(m.error));
            else
                resolve(m.json);
            void w.terminate();
        });
        w.on('error', reject);
    }));
    // Never left unhandled while this thread is busy: awaited below.
    for (const p of others)
        p.catch(() => { });
    let first;
    try {
        const sc = await resolveScenario(scenario);
        first = exploreJson(explore(opts.stepBudget !== undefined ? { ...sc, stepBudget: opts.stepBudget } : sc, design, partOpts(0)));
    }
    catch (e) {
        Atomics.store(shared, 0, 1);
        throw e instanceof UsageError ? e : new UsageError(`${scenario} on ${design}: ${e instanceof Error ? e.message : String(e)}`);
    }
    finally {
        if (tree)
            leaveSharing(shared, 0, jobs);
    }
    const parts = [first, ...(await Promise.all(others))];
    return mergeShards(parts, parts.map((_, i) => `shard ${i}`));
}
export function printMerged(m, json) {
    print(json ? JSON.stringify(mergeJson(m), null, 2) : renderMerged(m));
    return m.stopReason === 'interrupted' ? 130 : m.violations.length > 0 ? 1 : 0;
}
export function registerMergeCommand(program) {
    program
        .command('merge')
        .description('combine the JSON of every shard of one exploration (explore --shard I/N --json) into one verdict')
        .argument('<files...>', 'the shards\' JSON files, one per shard')
        .option('--json', 'machine-readable output')
        .action((files, o) => {
        const parts = files.map((f) => {
            let text;
            try {
                text = readFileSync(f, 'utf8');
            }
            catch (e) {
                throw new UsageError(`cannot read ${f}: ${e.code ?? String(e)}`);
            }
            try {
                return JSON.parse(text);
            }
            catch {
                throw new UsageError(`${f}: not JSON`);
            }
        });
        try {
            process.exitCode = printMerged(mergeShards(parts, files), o.json ?? false);
        }
        catch (e) {
            if (e instanceof MergeError)
                throw new UsageError(e.message);
            throw e;
        }
    });
}
