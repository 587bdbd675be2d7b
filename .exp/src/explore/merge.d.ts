export declare class MergeError extends Error {
}
export interface ShardViolation {
    kind: string;
    message: string;
    token: string;
    thread: string;
    step: number;
    shrunk?: unknown;
}
/** What `explore --json` prints (the fields merge reads). */
export interface ShardJson {
    scenario: string;
    design: string;
    strategy: string;
    executions: number;
    steps: number;
    exhausted: boolean;
    stopReason: string;
    elapsedMs: number;
    bounds: Record<string, number>;
    violations: ShardViolation[];
    /** dfs, dpor: a subtree split; random, pct: executions [from, to) of the seed's stream. */
    shard?: {
        index: number;
        count: number;
        subtrees?: number;
        claims?: 'round-robin' | 'shared';
        from?: number;
        to?: number;
    };
    dpor?: {
        blocked: number;
        races: number;
        fallbacks: number;
        bounded: boolean;
        lastPassExecutions: number;
    };
}
export interface MergedJson extends Omit<ShardJson, 'shard'> {
    shards: number;
    /** The split (split.ts): about this many subtrees below the top (0: random, pct by execution range; 1: --jobs, work stealing, steal.ts). */
    subtrees: number;
    /** Per shard: executions (index order), to see the balance. */
    perShard: number[];
}
/** `names` label the parts in error messages (file names). */
export declare function mergeShards(parts: unknown[], names: string[]): MergedJson;
/** One-paragraph text verdict of a merged exploration. */
export declare function renderMerged(m: MergedJson): string;
