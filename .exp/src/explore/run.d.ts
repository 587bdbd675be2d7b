import { type Chooser, type ExecutionLimits, type ExecutionResult, type Thread, type Violation } from '../kernel/index.js';
import { type Scenario } from '../scenarios/types.js';
import type { Strategy, StrategyName } from './strategy.js';
import { type ReplayToken } from './token.js';
export interface ExploreOptions {
    strategy: StrategyName;
    seed: number;
    /** Maximum number of executions (Infinity: until exhausted or out of time). */
    executions: number;
    /**
     * Wall-clock budget in seconds: checked between executions and, cheaply, at scheduling
     * points inside one (an execution still running when it runs out is abandoned, not judged).
     */
    seconds: number;
    /** dfs: preemption bound k. */
    preemptions: number;
    /**
     * dpor: a preemption bound for a single pass (Infinity: one unbounded pass). Default:
     * passes at bounds 0, 1 and 2 find shallow bugs first, then one unbounded pass.
     */
    dporBound?: number;
    /** pct: depth d. */
    depth: number;
    /** Per-execution step budget; exceeding it is a livelock. */
    stepBudget: number;
    /** Keep going after the first violation and collect distinct ones. */
    keepGoing: boolean;
    /**
     * Without keepGoing: stop at the first execution with any report ('violation', the default),
     * or only at the first one that a fatal report ended ('fatal'): lockdep and WARN reports met
     * before are still collected. `hmmsim check` uses 'fatal' to find an execution's outcome.
     */
    stopAt?: 'violation' | 'fatal';
    /**
     * Shrink every distinct violation found before reporting it (shrink.ts): the token, thread
     * and step become those of the smallest schedule found. Off unless asked (the CLI asks).
     */
    shrink?: boolean;
    /**
     * dfs, dpor: explore only part `index` of `count` (split.ts): subtrees dealt round-robin, or,
     * with `shared` (the workers of `--jobs`), claimed from shared counters. merge.ts combines them.
     */
    shard?: {
        index: number;
        count: number;
        subtrees?: number;
    };
    /**
     * `--jobs`: memory shared by the workers of one exploration: [0] stop (a worker found a
     * violation and the run does not keep going), [1] executions run by all, [2..] subtree claims.
     */
    shared?: Int32Array;
    /** dpor: write the search state to `file` every `everyMs` and resume from it (checkpoint.ts). */
    checkpoint?: {
        file: string;
        everyMs: number;
    };
    /** Called about every 200 ms between executions (the CLI's progress line). */
    onProgress?: (p: Progress) => void;
}
export interface Progress {
    executions: number;
    elapsedMs: number;
    distinct: number;
    /** dfs/dpor: bound of the pass in progress (Infinity: none), and the fraction of it done. */
    bound?: number;
    done?: number;
}
export declare const DEFAULT_OPTIONS: ExploreOptions;
export interface FoundViolation {
    kind: Violation['kind'];
    title: string;
    message: string;
    token: string;
    thread: string;
    step: number;
    /** Execution number (1-based) where it was first seen. */
    execution: number;
    /** Set when the violation was shrunk: the schedule as found and as reported. */
    shrunk?: {
        fromSteps: number;
        fromPreemptions: number;
        toSteps: number;
        toPreemptions: number;
        attempts: number;
    };
}
/**
 * Why an exploration stopped: its bounded space was exhausted, it found a violation (and was
 * not asked to go on), it ran its executions or its seconds, or the user interrupted it.
 */
/**
 * 'unsupported': dpor met a scenario it cannot reduce soundly (declared CPUs: which thread may
 * run depends on CPU ownership, which its dependency relation does not capture yet, so it could
 * skip an interleaving; it stops instead of claiming anything).
 */
export type StopReason = 'exhausted' | 'violation' | 'executions' | 'seconds' | 'interrupted' | 'unsupported';
export interface ExploreResult {
    scenario: string;
    design: string;
    strategy: string;
    executions: number;
    steps: number;
    exhausted: boolean;
    stopReason: StopReason;
    elapsedMs: number;
    violations: FoundViolation[];
    /** How many executions had at least one violation. */
    violatingExecutions: number;
    /** Options that bound the claim (printed with "clean"). */
    bounds: {
        preemptions?: number;
        depth?: number;
        seed?: number;
        stepBudget: number;
    };
    /** The part this run explored (dfs, dpor), for `hmmsim merge`. */
    shard?: {
        index: number;
        count: number;
        subtrees: number;
        claims: 'round-robin' | 'shared';
    } | {
        index: number;
        count: number;
        from: number;
        to: number;
    };
    /** dpor: executions cut short as redundant (every runnable thread asleep), races reversed. */
    dpor?: {
        blocked: number;
        races: number;
        fallbacks: number;
        bounded: boolean;
        lastPassExecutions: number;
    };
}
export declare function makeStrategy(o: ExploreOptions): Strategy;
/** What a run of executions can add to one execution: limits and the nondeterminism guard. */
export interface RunExtras {
    limits?: ExecutionLimits | null;
    guarded?: boolean;
    /**
     * Explain path: called after every step of a recorded run, and once with null when the
     * execution is over (report/facts.ts records what pictures need). Never on the fast path.
     */
    observe?: ((t: Thread | null) => void) | null;
}
/** One execution of `scenario` on `design`, choices from `chooser`. */
export declare function runExecution(scenario: Scenario, design: string, chooser: Chooser, stepBudget: number, record: boolean, extras?: RunExtras): ExecutionResult;
export declare function explore(scenario: Scenario, design: string, optsIn: ExploreOptions): ExploreResult;
export interface ReplayResult {
    token: ReplayToken;
    result: ExecutionResult;
}
/**
 * Re-run a token's execution. With `record`, every step, allocation stack and trace line is
 * kept for the report. Throws TokenError / ReplayMismatch (bad input) or ScenarioError.
 */
export declare function replayToken(tokenText: string, lookup: (name: string) => Scenario | undefined, record?: boolean, stepCap?: number, observe?: (t: Thread | null) => void): ReplayResult;
