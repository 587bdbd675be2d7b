import { type Chooser, type ExecutionResult, type Sched } from '../src/kernel/index.js';
import type { Scenario } from '../src/scenarios/types.js';
/** Always continue the last thread if it can run, else the lowest-numbered runnable one. */
export declare const serialChooser: Chooser;
/** Run thread bodies (name -> generator function) in one execution with a chooser. */
export declare function runThreads(threads: Record<string, () => Sched>, opts?: {
    chooser?: Chooser;
    stepBudget?: number;
    record?: boolean;
    init?: () => void;
}): ExecutionResult;
/** A chooser that follows a fixed list of thread ids, then falls back to serial. */
export declare function scriptedChooser(picks: number[]): Chooser;
/** Build a throwaway scenario from a setup function. */
export declare function scenarioOf(name: string, setup: () => void, extra?: Partial<Scenario>): Scenario;
/**
 * Run one generator as the only thread of a fresh execution (serial chooser). Returns its
 * value and the execution result; a thrown JS error (not a modelled report) propagates.
 */
export declare function runOne<T>(fn: () => Sched<T>, opts?: {
    stepBudget?: number;
    record?: boolean;
}): {
    value: T | undefined;
    result: ExecutionResult;
};
type Validator = ((doc: unknown) => boolean) & {
    errors?: unknown;
};
/** The validator of a command's --json schema, as shipped in schemas/. */
export declare function schemaValidator(command: string): Validator;
/** Throws if `doc` does not match the schema of `command`. */
export declare function assertSchema(command: string, doc: unknown): void;
/** CLI run helpers call this: a --json run that printed something printed a valid document. */
export declare function checkJsonOutput(args: readonly string[], stdout: string): void;
export {};
