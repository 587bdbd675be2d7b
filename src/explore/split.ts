/*
 * How an exploration is split between processes or worker threads (`--shard I/N`, `--jobs N`).
 *
 * dfs and dpor, by subtree. The top of the choice tree is expanded by every part, and only it:
 * a node's share is 1 at the root and its parent's share divided by the parent's number of
 * options (dfs: the options affordable under the bound; dpor: the runnable threads, every one
 * explored above the split). The first node on a path whose share is at most 1/`subtrees` is
 * the root of a subtree; subtrees are numbered in the order the depth-first search meets them
 * (per pass: dfs bound, dpor pass), and an execution that ends before meeting one is a subtree
 * of its own. So the split sits at the first branching points deep enough to give about
 * `subtrees` subtrees, wherever they are in the tree, and the only work every part repeats is
 * the short re-execution of the top (one cut execution per subtree). Which part explores
 * subtree i is an Owner: `--shard I/N` deals them round-robin (i mod N == I), so every subtree
 * is explored exactly once, with what the top gives it. `--jobs N` does not split statically:
 * its workers share the tree by work stealing (steal.ts), so a large subtree is shared too, and
 * dpor needs no fully expanded top.
 *
 * random and pct, by execution range: shard I of N with K executions runs executions
 * [floor(I*K/N), floor((I+1)*K/N)) of the seed's stream (each execution's choices come from
 * the seed and the execution's number alone, rng.ts executionRng), so the shards together run
 * exactly the K executions one run does.
 */

import type { WorkSharing } from './steal.js';

export const DEFAULT_SPLIT_SUBTREES = 64;

/** Which subtrees are this part's. */
export interface Owner {
  /** Subtree `i` (0-based, in search order) of pass `pass`: explore it here? */
  mine(pass: number, i: number): boolean;
}

/** `--shard I/N`: every N-th subtree, starting at I. */
export class RoundRobin implements Owner {
  constructor(
    readonly index: number,
    readonly count: number,
  ) {}
  mine(_pass: number, i: number): boolean {
    return i % this.count === this.index;
  }
}

/** Everything is this part's: `--jobs`, where work stealing shares the tree instead (steal.ts). */
export const ALL_MINE: Owner = { mine: () => true };

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
export function executionRange(index: number, count: number, total: number): { from: number; to: number } {
  return { from: Math.floor((index * total) / count), to: Math.floor(((index + 1) * total) / count) };
}
