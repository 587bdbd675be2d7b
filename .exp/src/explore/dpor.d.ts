import type { StepObserver } from '../kernel/sched.js';
import { type Footprint } from './dependency.js';
import type { SubtreeSplit } from './split.js';
import type { Strategy } from './strategy.js';
/**
 * Thrown from a scheduling decision when every runnable thread sleeps: the rest is redundant.
 * Not an Error (no stack trace to capture: it is thrown once per cut-short execution, and it
 * never reaches a user): use the two instances below.
 */
export declare class SleepBlocked {
    readonly notMine: boolean;
    /** `notMine`: the execution entered a subtree another shard explores. */
    constructor(notMine?: boolean);
    get message(): string;
}
export declare const SLEEP_BLOCKED: SleepBlocked;
export declare const NOT_MINE: SleepBlocked;
/**
 * Split (split.ts): above the split every runnable thread is explored at every node (a superset
 * of any source set, so still sound; sleep sets still apply, and every part computes the same
 * ones, since each runs the steps of the top itself), and races are not reversed there; the
 * subtrees below are explored with source sets and sleep sets as usual, each by one part. The
 * union over all parts is what one process with the same split explores (`--shard 0/1`): the
 * executions of the parts add up to its count exactly. An unsplit run has no full expansion at
 * the top, so it may run fewer: test/explore/shard.test.ts asserts the split run stays within 2x
 * of it and finds the same kinds (register-vs-exit v5.3 at bound 2: 390 executions either way,
 * 116 sleep-blocked instead of 11).
 *
 * Work stealing (`--jobs`, steal.ts) replaces that split: no top; a worker donates, between two
 * executions, half of the untried backtrack entries of its shallowest node that has any, with
 * the nodes above it (donate/receive). It stays a source-DPOR exploration in which every
 * (node, thread) is explored by exactly one worker, each with a sleep set that is a subset of
 * the one a sequential run exploring the node's threads in some order would use:
 * - A given thread is done for the donor but has no footprint there, so it never sleeps in the
 *   donor's later siblings (a smaller sleep set: more executions, never fewer). It stays in the
 *   donor's backtrack set, so a race the donor finds that a given thread reverses adds nothing:
 *   the receiver explores that thread.
 * - The receiver replays the prefix; every thread the donor had at those nodes (explored, in
 *   progress, still to come) is done for it, and the donor's explored ones, with footprints,
 *   sleep as they did for the donor (their subtrees are explored, by the donor or whoever it
 *   gave parts of them to). Races in the receiver's executions may call for a backtrack point
 *   at a prefix node (above the donated one): as in distributed DPOR (Yang, Chen, Gopalakrishnan
 *   and Kirby, 2007), the receiver adds it and explores it itself, with its own sleep set; it
 *   is never dropped. The donor may add the same point from its own races: both are nodes of
 *   the same tree, so each node on a donation's prefix gets a shared id and a thread is
 *   explored there only by the worker that claims (id, thread) first (WorkSharing.claim); the
 *   other marks it done without footprint (it does not sleep: coarser) and, for its race
 *   checks, still has it in the backtrack set, rightly: the claimer explores it.
 * - Claims are exact (ids, not hashes); a node without id (table full) or a thread number past
 *   30 is never deduplicated: explored twice at worst.
 * - A worker that stops early (violation, budget, time, interrupt) leaves its part unexhausted,
 *   so the merged verdict claims nothing; only when every part is exhausted is the union of
 *   what they explored the claim.
 */
interface ThreadNode {
    value: false;
    runnable: number[];
    chosen: number;
    /** Threads to explore here (includes the ones explored). */
    backtrack: Set<number>;
    /** Explored here, in order (the current chosen is not in it until it is finished). */
    done: number[];
    /** Sleep set on arrival: thread -> footprint of its next step. */
    sleep0: Map<number, Footprint>;
    /** Footprint of each explored thread's step here (null: not sleepable). */
    sigs: Map<number, Footprint | null>;
    /** Preemptions spent before this node, and what a switch here costs. */
    pre: number;
    last: number;
    preempt: boolean;
    /** Share of the tree below this node (split.ts), and whether it is above the split. */
    share: number;
    top: boolean;
    /**
     * Work stealing (steal.ts): the node's id once it lies on a donation's prefix (shared by
     * workers): a thread is explored here only by the worker that claims it (WorkSharing.claim).
     */
    id?: number;
}
interface ValueNode {
    value: true;
    n: number;
    idx: number;
    pre: number;
    share: number;
    top: boolean;
    /** Work stealing (steal.ts): values from this one on are another worker's (absent: none). */
    end?: number;
}
/** A node as JSON, in a donation (footprints through footprint_to_json). */
type NodeJson = ValueNode | (Omit<ThreadNode, 'backtrack' | 'sleep0' | 'sigs'> & {
    backtrack: number[];
    sleep0: [number, unknown][];
    sigs: [number, unknown][];
});
/**
 * A donation (steal.ts): the nodes from the root down to the donating one, as the donor had
 * them, and which of the last node's threads (or, at a value node, which values from idx on)
 * are now the receiver's.
 */
export interface DporDonation {
    pass: number;
    stack: NodeJson[];
    given: number[];
}
export interface DporStats {
    /** Executions that ended early because every runnable thread slept. */
    blocked: number;
    races: number;
    /** Races that cannot be reversed (no initial thread runnable where the first step ran). */
    fallbacks: number;
}
export declare class DporStrategy implements Strategy {
    readonly passes: readonly number[];
    readonly split: SubtreeSplit | null;
    readonly name = "dpor";
    private stack;
    private pos;
    private started;
    private done;
    /** One recorder for every execution (reset between them), its callbacks bound once. */
    private readonly rec;
    private makeRecorder;
    private sleep;
    private preemptions;
    /** Some backtrack entry was left out because of the bound. */
    pruned: boolean;
    readonly stats: DporStats;
    /** Bound of the pass in progress. */
    bound: number;
    private pass;
    /** Executions of the last pass (the one a claim rests on). */
    passExecutions: number;
    /**
     * `passes`: the preemption bound of each pass, in order (default: a single pass with none).
     * The explorer's default is [0, 1, 2, Infinity]: bounded passes first find the bugs that
     * need few preemptions quickly (in iterative context-bounding order, as dfs does), then the
     * unbounded pass, whose exhaustion alone is the claim "every interleaving".
     */
    constructor(passes?: readonly number[], split?: SubtreeSplit | null);
    /** Subtrees met so far in this pass (numbered in depth-first order). */
    private frontier;
    /** The execution in progress has entered a subtree (it is not in the top only). */
    private inSubtree;
    /** The execution just finished belongs to another part: not counted, not reported. */
    discarded: boolean;
    /** The search state between two executions, as plain JSON (checkpoint.ts). */
    snapshot(): unknown;
    restore(state: unknown): void;
    /** A new node's share and place; at the root of a subtree that is not ours, cut short. */
    private place;
    /** An execution that ended in the top (done or sleep-blocked) is a subtree of its own. */
    private ownTop;
    private aboveSplit;
    /** The bound of the last pass (Infinity: the claim is every interleaving). */
    get finalBound(): number;
    get exhausted(): boolean;
    /**
     * Work stealing: the shallowest node with alternatives still to explore here gives half of
     * them (at least one) away: the donor marks given threads done (they never sleep here: it has
     * no footprint of their step, so a later sibling is explored with fewer threads asleep, which
     * is coarser, never finer), a value node ends before the given values. The given threads stay
     * in the backtrack set, so races the donor finds later that a given thread reverses add
     * nothing: the receiver explores it.
     */
    donate(): DporDonation | null;
    /**
     * Nodes 0..d become shared: each gets an id, and what this worker explored or explores there
     * (its done threads, its chosen one) is claimed as its own.
     */
    private share;
    private nodeJson;
    /**
     * Start from a donation. Above the donating node the receiver replays the donor's choices and
     * every alternative the donor had there is marked done (the donor's: explored, being
     * explored or still to come); at the donating node every thread but the given ones likewise.
     * Races the receiver finds may add backtrack points at these nodes: it explores those itself
     * (dpor.ts, head comment: duplicates possible, nothing missed).
     */
    receive(dn: DporDonation): void;
    /**
     * Start from a donation: false when another worker already claimed every given thread (a
     * node shared before: it added them there itself); then nothing is the receiver's.
     */
    private start;
    /** Work stealing: the next pass root nobody claimed, else a donation; false: nothing left. */
    private adopt;
    private nextRoot;
    /** The observer explore() installs for the execution nextExecution() prepared. */
    get observer(): StepObserver;
    /** How far the search is: fraction of the root's explored subtrees (for progress lines). */
    progress(): number;
    nextExecution(): boolean;
    /** The execution was cut short (every runnable thread asleep, or another shard's subtree). */
    executionBlocked(notMine?: boolean): void;
    executionDone(): void;
    /**
     * The execution ended with threads still alive (a fatal report, the step budget): the next
     * steps of the threads that could still run never became events, so their races with what
     * ran are unknown. Each of them (awake) is explored at the last choice instead of the final
     * step, where it becomes an event whose races are reversed as usual.
     */
    private cutShort;
    private finish;
    private cost;
    private backtrackStack;
    /** A step of thread t with footprint f ran: threads whose next step conflicts wake up. */
    private wake;
    private enterNode;
    private mismatch;
    pickThread(runnable: readonly number[], last: number, lastRunnable: boolean, freeSwitch: boolean): number;
    pickValue(count: number): number;
}
export {};
