import type { SubtreeSplit } from './split.js';
import type { Strategy } from './strategy.js';
interface Frame {
    /** Options in the order they are tried: the default first. */
    order: number[];
    idx: number;
    /** Cost of choosing order[i] (1 for a preemption), aligned with order. */
    cost: number[];
    /** Preemptions spent before this frame. */
    pre: number;
    /** Share of the tree below this frame (split.ts), and whether it is above the split. */
    share: number;
    top: boolean;
    /** Work stealing (steal.ts): options from this index on are another worker's (absent: none). */
    end?: number;
}
/** A donation (steal.ts): the frames down to the donating one, whose options from idx on are the receiver's. */
export interface DfsDonation {
    bound: number;
    stack: Frame[];
}
/** The search state between two executions, as plain JSON (checkpoint.ts). */
export interface DfsSnapshot {
    bound: number;
    frontier: number;
    started: boolean;
    done: boolean;
    stack: Frame[];
}
export declare class DfsStrategy implements Strategy {
    readonly maxBound: number;
    readonly split: SubtreeSplit | null;
    readonly name = "dfs";
    private stack;
    private pos;
    private preemptions;
    private started;
    private done;
    /** Bound of the current iteration (iterative context bounding). */
    bound: number;
    /**
     * Split (split.ts): the subtrees below the top of each bound's tree are numbered in
     * depth-first order; an execution entering a subtree that is not this part's is cut short at
     * its root, one that ends in the top is a subtree of its own (discarded when not this part's).
     */
    constructor(maxBound: number, split?: SubtreeSplit | null);
    /** Subtrees met so far in this bound. */
    private frontier;
    /** The execution in progress has entered a subtree (it is not in the top only). */
    private inSubtree;
    /** The execution just finished belongs to another part: not counted, not reported. */
    discarded: boolean;
    snapshot(): DfsSnapshot;
    restore(st: DfsSnapshot): void;
    /** A new frame's share and place; at the root of a subtree that is not ours, cut short. */
    private place;
    /** An execution cut short in another part's subtree. */
    executionBlocked(): void;
    get exhausted(): boolean;
    /**
     * Work stealing: give away half (at least one) of the untried options of the shallowest frame
     * that has any; this search keeps the rest. Exact: every option is explored by one worker.
     */
    donate(): DfsDonation | null;
    /** Start from a donation: its prefix is replayed, its last frame's options explored. */
    receive(d: DfsDonation): void;
    /** Work stealing: the next pass root nobody claimed, else a donation; false: nothing left. */
    private adopt;
    private nextRoot;
    nextExecution(): boolean;
    executionDone(): void;
    /** Move to the next unexplored sibling, deepest first. */
    private backtrack;
    private take;
    /**
     * Replaying the recorded prefix: the execution must offer what it offered when the frame was
     * recorded, or it is not a function of its choices (uncontrolled nondeterminism).
     */
    private replay;
    pickThread(runnable: readonly number[], last: number, lastRunnable: boolean, freeSwitch: boolean): number;
    pickValue(n: number): number;
}
export {};
