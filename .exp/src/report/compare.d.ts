import type { ViolationKind } from '../kernel/index.js';
import type { Claim, FoundOutcome } from '../explore/verdict.js';
import type { Expectation, Scenario } from '../scenarios/types.js';
import { type Picture, type PictureStep } from './facts.js';
/** What compare needs of a verdict (check's summary of one design). */
export interface DesignVerdict {
    design: string;
    expected: string;
    found: string;
    ok: boolean;
    outcome: FoundOutcome;
    foundKinds: ViolationKind[];
    claim: Claim;
    explored: string[];
    token?: string;
    executionsToFind?: number;
}
export interface CompareColumn {
    design: string;
    expectation: Expectation;
    verdict: DesignVerdict;
    state: 'clean' | 'violation' | 'inconclusive';
    executions: number;
    message: string | null;
    /** The counterexample, or the closest execution of a design that does not fail. */
    picture: Picture | null;
    closest: boolean;
    window: {
        from: number;
        to: number;
        steps: PictureStep[];
    } | null;
}
export interface Comparison {
    scenario: string;
    columns: CompareColumn[];
    /** Operation ("gpu0 device_map") -> per design, the window steps that perform it. */
    operations: Array<{
        operation: string;
        designs: Record<string, string[]>;
    }>;
    elapsedMs: number;
}
export declare const CLOSEST_EXECUTIONS = 300;
export declare const CLOSEST_STEPS = 2000000;
/** The token of the execution of `design` whose thread sequence is closest to `reference`. */
export declare function closestExecution(sc: Scenario, design: string, reference: readonly string[]): string | null;
export declare function buildComparison(sc: Scenario, verdicts: DesignVerdict[], lookup: (name: string) => Scenario | undefined, elapsedMs: number): Comparison;
export declare function compareJson(c: Comparison): object;
/** The side-by-side text: the verdict table, the windows in columns, the operations table. */
export declare function renderComparison(c: Comparison, width?: number): string;
/** One self-contained page with the designs' windows next to each other (static, escaped). */
export declare function compareHtml(c: Comparison): string;
