import { Command } from 'commander';
import type { ExploreOptions } from '../explore/run.js';
import { type MergedJson } from '../explore/merge.js';
/** "I/N" with 0 <= I < N. */
export declare function parseShard(v: string): {
    index: number;
    count: number;
};
/**
 * Run one exploration on `jobs` worker threads and merge their parts: dfs and dpor share the
 * tree by work stealing (steal.ts), random and pct split the executions by range (split.ts).
 */
export declare function runShardJobs(scenario: string, design: string, opts: ExploreOptions, jobs: number): Promise<MergedJson>;
export declare function printMerged(m: MergedJson, json: boolean): number;
export declare function registerMergeCommand(program: Command): void;
