import type { ViolationKind } from '../kernel/index.js';
import type { ExecutionResult } from '../kernel/index.js';
import type { ExploreOptions, ExploreResult, StopReason } from '../explore/run.js';
import type { Claim } from '../explore/verdict.js';
import type { Expectation, Scenario } from '../scenarios/types.js';
export declare const SCHEMA_VERSION = 1;
export type JsonCommand = 'explore' | 'replay' | 'check' | 'list' | 'selftests' | 'compare' | 'history' | 'merge';
/** The claim an exploration supports, with its English. */
export declare function exploreClaim(r: ExploreResult): {
    claim: Claim;
    text: string;
};
export declare function exploreJson(r: ExploreResult, o?: ExploreOptions): object;
export declare function replayJson(scenario: string, design: string, token: string, res: ExecutionResult, elapsedMs: number): object;
/** An expectation as machine values plus its English. */
export declare function expectationJson(e: Expectation, text: string): object;
export declare function listJson(scenarios: readonly Scenario[], describe: (e: Expectation) => string): object;
export interface CheckJsonRow {
    scenario: string;
    design: string;
    expected: Expectation;
    expectedText: string;
    found: string;
    outcome: string;
    foundKinds: string[];
    claim: Claim;
    ok: boolean;
    interrupted?: boolean;
    explored: string[];
    elapsedMs: number;
    token?: string;
}
export declare function checkJson(rows: CheckJsonRow[], elapsedMs: number): object;
/** The selftests document: `run` is the runner's result (rows already in their JSON shape). */
export declare function selftestsJson(ok: boolean, elapsedMs: number, totals: object, results: object[]): object;
export type { StopReason };
/** One row of `hmmsim history`: a bug, its first find on the buggy model, the fixed verdict. */
export interface HistoryRow {
    id: string;
    subject: string;
    release: string;
    section: string;
    how: 'switch' | 'release' | 'today' | 'not-expressed';
    reason?: string;
    design?: string;
    expectedKinds?: ViolationKind[];
    find?: {
        scenario: string;
        design: string;
        strategy: string;
        found: boolean;
        kind: ViolationKind | null;
        executions: number;
        ms: number;
        token: string | null;
    };
    fixed?: {
        scenario: string;
        design: string;
        clean: boolean;
        found: string;
        explored: string;
        ms: number;
    };
}
export declare function historyJson(rows: HistoryRow[], elapsedMs: number): object;
/** The merged verdict of an exploration's shards (`hmmsim merge`, `explore --jobs`), with its claim. */
export declare function mergeJson(m: {
    violations: unknown[];
    exhausted: boolean;
    strategy: string;
    stopReason: string;
    executions: number;
    dpor?: {
        bounded: boolean;
    };
}): object;
