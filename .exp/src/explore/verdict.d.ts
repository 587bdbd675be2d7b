import type { ViolationKind } from '../kernel/index.js';
import type { Expectation, Scenario } from '../scenarios/types.js';
import { type ExploreResult } from './run.js';
export interface Verdict {
    scenario: string;
    design: string;
    expected: string;
    found: string;
    ok: boolean;
    /** One line per run that backs the verdict. */
    explored: string[];
    runs: ExploreResult[];
    elapsedMs: number;
    /** Token of the first violation found, if any. */
    token?: string;
    /** The user interrupted a run behind this verdict. */
    interrupted?: boolean;
    /** Machine values of `found` (the JSON contract): what was found, and the claim it rests on. */
    outcome: FoundOutcome;
    foundKinds: ViolationKind[];
    claim: Claim;
    /** Executions run (over the verdict's runs, in order) up to the first violation found. */
    executionsToFind?: number;
}
/** What a verdict found, as a machine value. */
export type FoundOutcome = 'clean' | 'violation' | 'every-execution' | 'some-executions' | 'inconclusive' | 'interrupted';
/**
 * The claim a result rests on: a violation found (a replayable counterexample), a bounded
 * space exhausted with nothing found, every interleaving (partial-order reduction, exhausted;
 * reserved), a sample with nothing found, or no claim at all.
 */
export type Claim = 'violation-found' | 'every-interleaving' | 'bounded-exhaustive' | 'sampled' | 'none';
export declare function describeExpectation(e: Expectation): string;
export interface CheckBudget {
    /** Executions allowed to dfs for exhausting a clean scenario's space (default: no limit). */
    dfsExecutions: number;
    /** Seconds per run (dfs and pct each). */
    seconds: number;
    /** Budget of the dpor attempt at a proof for a clean scenario (executions, seconds). */
    dporExecutions?: number;
    dporSeconds?: number;
}
/**
 * Default budget of check's dpor attempt: small, so that a scenario it cannot finish costs little.
 * It is counted in executions, so that the claim `check` prints is the same on a fast machine
 * and a loaded one; the seconds are only a cap for scenarios whose executions are long.
 */
export declare const DPOR_CHECK_BUDGET: {
    executions: number;
    seconds: number;
};
export declare function verdict(sc: Scenario, design: string, budget?: CheckBudget): Verdict;
