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
export const DEFAULT_SPLIT_SUBTREES = 64;
/** `--shard I/N`: every N-th subtree, starting at I. */
export class RoundRobin {
    index;
    count;
    constructor(index, count) {
        this.index = index;
        this.count = count;
    }
    mine(_pass, i) {
        return i % this.count === this.index;
    }
}
/** Everything is this part's: `--jobs`, where work stealing shares the tree instead (steal.ts). */
export const ALL_MINE = { mine: () => true };
/** Executions [from, to) of K, for shard `index` of `count`. */
export function executionRange(index, count, total) {
    return { from: Math.floor((index * total) / count), to: Math.floor(((index + 1) * total) / count) };
}
