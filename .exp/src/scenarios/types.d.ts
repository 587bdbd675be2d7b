import type { ViolationKind } from '../kernel/index.js';
/** The outcome a scenario must have on one design. */
export type Expectation = {
    clean: true;
} | {
    clean: false;
    /** At least one of these kinds must be found, and nothing outside them. */
    kinds: ViolationKind[];
    /** The violation must occur in every execution, not just some. */
    everyExecution?: boolean;
};
export interface Scenario {
    name: string;
    /** "demo", "races", "selftests"... */
    group: string;
    /** One line: what the scenario shows. */
    description: string;
    /** Designs this scenario applies to, with the expected outcome on each. */
    designs: Record<string, Expectation>;
    /** Runs inside a fresh execution: create objects, spawn threads (not a thread itself). */
    setup(design: string): void;
    /** Per-execution step budget (livelock threshold); the explorer default applies otherwise. */
    stepBudget?: number;
    /** Report model objects still allocated when every thread has exited. */
    checkLeaks?: boolean;
    /** Bounds for the "clean" claim used by `hmmsim check`. */
    checkBounds?: {
        preemptions?: number;
        pctExecutions?: number;
    };
}
export declare const clean: () => Expectation;
export declare const violation: (...kinds: ViolationKind[]) => Expectation;
export declare const everyExecution: (...kinds: ViolationKind[]) => Expectation;
/**
 * The kernel release a design models, whose notifier-core rules its executions follow:
 * v5.2 and v5.3 are those releases; v6 and every other design (base, a user's own) follow
 * the newest kernel the model knows.
 */
export declare function design_release(design: string): number;
