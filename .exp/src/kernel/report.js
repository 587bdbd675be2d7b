/*
 * Violation kinds and the exception that carries a fatal one out of a model thread.
 *
 * The vocabulary is fixed: the CLI, the JSON output, the scenario expectations and the
 * text reports all use these exact strings.
 */
export const VIOLATION_KINDS = [
    'use-after-free',
    'double-free',
    'poison-deref',
    'refcount-underflow',
    'leak',
    'deadlock',
    'lock-order',
    'sleep-in-atomic',
    'lock-not-held',
    'livelock',
    'soft-lockup',
    'warn',
    'bug',
    'stale-device-mapping',
    'device-use-after-free',
    'data-loss',
    'stale-tlb',
    'assertion',
    'oops',
];
export function isViolationKind(s) {
    return VIOLATION_KINDS.includes(s);
}
/**
 * Thrown inside a model thread to end the execution with a fatal violation.
 * The runtime catches it; it never escapes to the user as a stack trace.
 */
export class KernelReport extends Error {
    violation;
    constructor(violation) {
        super(violation.title);
        this.violation = violation;
    }
}
/**
 * Thrown when a scenario is written in a way the model cannot run soundly (a thread that is
 * not a generator, waits on real time or I/O, a set-up that spawns nothing, uncontrolled
 * nondeterminism...). The CLI turns it into a one-line error with exit code 2. A JavaScript
 * exception thrown inside a thread is not one of these: it is an `oops` finding.
 */
export class ScenarioError extends Error {
}
/**
 * The model broke one of its own rules (a step that performs two visible operations, an
 * impossible state). Never a verdict: the CLI prints "internal error" and exits with 2.
 */
export class ModelError extends Error {
}
/**
 * Thrown at a scheduling point when the exploration must stop inside an execution (its
 * wall-clock budget is spent, the user interrupted it, memory is running out). The execution
 * is abandoned: it is neither clean nor a finding.
 */
export class ExplorationStop extends Error {
    reason;
    constructor(reason, message) {
        super(message);
        this.reason = reason;
    }
}
