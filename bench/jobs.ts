/*
 * `explore --jobs 2` against one process (`npm run bench -- jobs`), on long runs (each about 20
 * s or more in one process): wall time of the same exploration through the CLI, each run a
 * separate node process (start-up included on both sides), single and on two threads, median of
 * HMMSIM_BENCH_RUNS (default 3) interleaved runs, and the ratio against the target of 1.8x.
 * Both sides run the same command but for `--jobs 2`. Execution counts are printed: dfs's must
 * be equal (work stealing partitions the tree exactly); dpor's may be a little higher with
 * --jobs (a receiver explores itself the backtrack points its races add above the donated node,
 * steal.ts). Times are of a shared machine: the load average before and after, and how idle the
 * CPUs were just before each run, are printed; HMMSIM_BENCH_QUIET=S waits up to S seconds
 * for an idle machine before each run.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { median } from './stats.js';

const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const RUNS = Number(process.env['HMMSIM_BENCH_RUNS'] ?? 3);
const TARGET = 1.8;

const WORKLOADS: { label: string; args: string[] }[] = [
  { label: 'dfs k=3 register-vs-exit v5.3', args: ['register-vs-exit', '--design', 'v5.3', '--strategy', 'dfs', '--preemptions', '3'] },
  // (register-vs-exit v5.3 under dpor is now exhausted in about 6,200 executions, a few seconds.)
  { label: 'dpor common-munmap-mprotect v6', args: ['common-munmap-mprotect', '--design', 'v6', '--strategy', 'dpor'] },
];

function once(args: string[]): { ms: number; executions: number; exhausted: boolean } {
  const t0 = performance.now();
  const out = execFileSync(process.execPath, [MAIN, 'explore', ...args, '--all', '--no-shrink', '--seconds', '900', '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  const j = JSON.parse(out) as { executions: number; exhausted: boolean };
  return { ms, executions: j.executions, exhausted: j.exhausted };
}

/** Fraction of all CPUs idle over the next `ms` (Linux /proc/stat; 1 where it cannot tell). */
function idleOver(ms: number): number {
  const read = (): number[] | null => {
    try {
      const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
      return [f[3]! + (f[4] ?? 0), f.reduce((a, b) => a + b, 0)];
    } catch {
      return null;
    }
  };
  const a = read();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  const b = read();
  return a === null || b === null || b[1]! === a[1]! ? 1 : (b[0]! - a[0]!) / (b[1]! - a[1]!);
}

/**
 * A shared machine: before each run wait (up to HMMSIM_BENCH_QUIET seconds, default 0: no wait)
 * until the CPUs are at least 90% idle over a second, so neither side is measured against
 * another's load. Returns the idle fraction seen last.
 */
function quiet(): number {
  const until = performance.now() + 1000 * Number(process.env['HMMSIM_BENCH_QUIET'] ?? 0);
  let idle = idleOver(1000);
  while (idle < 0.9 && performance.now() < until) idle = idleOver(1000);
  return idle;
}

const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');

export async function benchJobs(): Promise<string[]> {
  const lines = [`explore --jobs 2 vs one process (wall time, median of ${RUNS} interleaved runs; target ${TARGET}x; ${cpus().length} CPUs; load average before: ${load()})`];
  for (const w of WORKLOADS) {
    const single: number[] = [];
    const jobs: number[] = [];
    const n1 = new Set<number>();
    const n2 = new Set<number>();
    let exhausted = true;
    const idle: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      idle.push(quiet().toFixed(2));
      const a = once(w.args);
      idle.push(quiet().toFixed(2));
      const b = once([...w.args, '--jobs', '2']);
      single.push(a.ms);
      jobs.push(b.ms);
      n1.add(a.executions);
      n2.add(b.executions);
      exhausted &&= a.exhausted && b.exhausted;
    }
    const s = median(single);
    const j = median(jobs);
    const counts = `executions ${[...n1].join('/')}${[...n1].join() === [...n2].join() ? ' both' : ` vs ${[...n2].join('/')} with --jobs`}${exhausted ? '' : ' (NOT ALL EXHAUSTED)'}`;
    const secs = (v: number[]) => v.map((x) => (x / 1000).toFixed(1)).join(' ');
    lines.push(`  ${w.label.padEnd(31)} single ${(s / 1000).toFixed(2).padStart(6)} s  --jobs 2 ${(j / 1000).toFixed(2).padStart(6)} s  speed-up ${(s / j).toFixed(2)}x (${s / j >= TARGET ? 'meets' : 'BELOW'} ${TARGET}x)  ${counts}`);
    lines.push(`  ${''.padEnd(31)} runs: single ${secs(single)} s; --jobs 2 ${secs(jobs)} s; CPUs idle before each run (single, jobs, ...): ${idle.join(' ')}`);
  }
  lines.push(`  load average after: ${load()}`);
  return lines;
}
