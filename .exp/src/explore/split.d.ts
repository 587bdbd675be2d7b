import type { WorkSharing } from './steal.js';
export declare const DEFAULT_SPLIT_SUBTREES = 64;
/** Which subtrees are this part's. */
export interface Owner {
    /** Subtree `i` (0-based, in search order) of pass `pass`: explore it here? */
    mine(pass: number, i: number): boolean;
}
/** `--shard I/N`: every N-th subtree, starting at I. */
export declare class RoundRobin implements Owner {
    readonly index: number;
    readonly count: number;
    constructor(index: number, count: number);
    mine(_pass: number, i: number): boolean;
}
/** Everything is this part's: `--jobs`, where work stealing shares the tree instead (steal.ts). */
export declare const ALL_MINE: Owner;
/** The subtree split of a dfs or dpor exploration. */
export interface SubtreeSplit {
    subtrees: number;
    owner: Owner;
    /**
     * `--jobs`: no static split (subtrees 1, ALL_MINE: no top, nothing cut short); the workers
     * share the tree by work stealing instead.
     */
    steal?: WorkSharing;
}
/** Executions [from, to) of K, for shard `index` of `count`. */
export declare function executionRange(index: number, count: number, total: number): {
    from: number;
    to: number;
};
