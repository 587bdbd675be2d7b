import { type Violation } from '../kernel/index.js';
import type { Scenario } from '../scenarios/types.js';
export interface Schedule {
    choices: number[];
    steps: number;
    preemptions: number;
    switches: number;
    violation: Violation;
}
export interface ShrinkResult {
    from: Schedule;
    to: Schedule;
    /** Candidate executions run. */
    attempts: number;
}
export interface ShrinkBudget {
    /** Candidate executions at most. */
    attempts: number;
    /** Wall-clock milliseconds at most. */
    ms: number;
}
export declare const DEFAULT_SHRINK_BUDGET: ShrinkBudget;
/**
 * Shrink the execution of `choices`, which reported `target`. Returns null when the original
 * execution cannot be measured (it does not report `target` again).
 */
export declare function shrink(scenario: Scenario, design: string, stepBudget: number, choices: readonly number[], target: Violation, budget?: ShrinkBudget): ShrinkResult | null;
