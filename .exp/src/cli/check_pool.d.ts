import type { Verdict } from '../explore/verdict.js';
export type VerdictSummary = Omit<Verdict, 'runs'>;
export interface CheckJob {
    scenario: string;
    design: string;
}
export declare function summarize(v: Verdict): VerdictSummary;
export declare function defaultJobs(): number;
/**
 * Run every job on `parallel` workers; `onResult(i, summary)` is called in job order.
 * `heartbeat` (the CLI watchdog's beacon) is shared with the workers.
 */
export declare function runCheckJobs(jobs: CheckJob[], parallel: number, heartbeat: SharedArrayBuffer | null, onResult: (i: number, v: VerdictSummary) => void): Promise<VerdictSummary[]>;
