/*
 * `explore --jobs 2` against one process (`npm run bench -- jobs`): wall time of the same
 * exploration (CLI, separate node processes, so start-up is included on both sides), single and
 * on two worker threads, median of HMMSIM_BENCH_RUNS (default 3) interleaved runs, and the
 * ratio. The execution counts of both are printed and must be equal (dfs: always; dpor: the
 * split run's count, shard.test.ts). Times are of a shared machine: the load average is printed.
 */

import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { median } from './stats.js';

const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const RUNS = Number(process.env['HMMSIM_BENCH_RUNS'] ?? 3);

const WORKLOADS: { label: string; args: string[] }[] = [
  { label: 'dfs k=2 register-vs-exit v5.3', args: ['register-vs-exit', '--design', 'v5.3', '--strategy', 'dfs', '--preemptions', '2'] },
  { label: 'dfs k=3 register-vs-exit v5.3', args: ['register-vs-exit', '--design', 'v5.3', '--strategy', 'dfs', '--preemptions', '3'] },
  { label: 'dpor k=2 register-vs-exit v5.3', args: ['register-vs-exit', '--design', 'v5.3', '--strategy', 'dpor', '--preemptions', '2', '--shard', '0/1'] },
  { label: 'dpor k=3 register-vs-exit v5.3', args: ['register-vs-exit', '--design', 'v5.3', '--strategy', 'dpor', '--preemptions', '3', '--shard', '0/1'] },
];

function once(args: string[]): { ms: number; executions: number } {
  const t0 = performance.now();
  const out = execFileSync(process.execPath, [MAIN, 'explore', ...args, '--all', '--no-shrink', '--seconds', '600', '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  return { ms, executions: (JSON.parse(out) as { executions: number }).executions };
}

export async function benchJobs(): Promise<string[]> {
  const lines = [`explore --jobs 2 vs one process (wall time, median of ${RUNS}; load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')})`];
  for (const w of WORKLOADS) {
    const jobsArgs = [...w.args.filter((_, i, a) => a[i] !== '--shard' && a[i - 1] !== '--shard'), '--jobs', '2'];
    const single: number[] = [];
    const jobs: number[] = [];
    let n1 = 0;
    let n2 = 0;
    for (let i = 0; i < RUNS; i++) {
      const a = once(w.args);
      const b = once(jobsArgs);
      single.push(a.ms);
      jobs.push(b.ms);
      n1 = a.executions;
      n2 = b.executions;
    }
    const s = median(single);
    const j = median(jobs);
    lines.push(`  ${w.label.padEnd(32)} single ${(s / 1000).toFixed(2).padStart(6)} s  --jobs 2 ${(j / 1000).toFixed(2).padStart(6)} s  speed-up ${(s / j).toFixed(2)}x  executions ${n1}${n1 === n2 ? '' : ` vs ${n2} (DIFFER)`}`);
  }
  lines.push(`  load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  return lines;
}
