export declare const VIOLATION_KINDS: readonly ['use-after-free', 'double-free', 'poison-deref', 'refcount-underflow', 'leak', 'deadlock', 'lock-order', 'sleep-in-atomic', 'lock-not-held', 'livelock', 'soft-lockup', 'warn', 'bug', 'stale-device-mapping', 'device-use-after-free', 'data-loss', 'stale-tlb', 'assertion', 'oops'];
export type ViolationKind = (typeof VIOLATION_KINDS)[number];
export declare function isViolationKind(s: string): s is ViolationKind;
/** One finding of one execution. `detail` holds the kernel-style body lines. */
export interface Violation {
    kind: ViolationKind;
    /** First line of the report, e.g. "BUG: KASAN: use-after-free in hmm_free". */
    title: string;
    /** One-line summary used in tables and JSON. */
    message: string;
    /** Name of the thread that hit it ("" when no thread was running, e.g. deadlock). */
    thread: string;
    /** Step index (number of scheduling decisions taken so far). */
    step: number;
    /** Further report lines (allocation/free sites, lock chain, blocked threads...). */
    detail: string[];
    /** Fatal violations end the execution; lockdep and WARN reports do not. */
    fatal: boolean;
}
/**
 * Thrown inside a model thread to end the execution with a fatal violation.
 * The runtime catches it; it never escapes to the user as a stack trace.
 */
export declare class KernelReport extends Error {
    readonly violation: Violation;
    constructor(violation: Violation);
}
/**
 * Thrown when a scenario is written in a way the model cannot run soundly (a thread that is
 * not a generator, waits on real time or I/O, a set-up that spawns nothing, uncontrolled
 * nondeterminism...). The CLI turns it into a one-line error with exit code 2. A JavaScript
 * exception thrown inside a thread is not one of these: it is an `oops` finding.
 */
export declare class ScenarioError extends Error {
}
/**
 * The model broke one of its own rules (a step that performs two visible operations, an
 * impossible state). Never a verdict: the CLI prints "internal error" and exits with 2.
 */
export declare class ModelError extends Error {
}
/**
 * Thrown at a scheduling point when the exploration must stop inside an execution (its
 * wall-clock budget is spent, the user interrupted it, memory is running out). The execution
 * is abandoned: it is neither clean nor a finding.
 */
export declare class ExplorationStop extends Error {
    readonly reason: 'seconds' | 'interrupted' | 'memory';
    constructor(reason: 'seconds' | 'interrupted' | 'memory', message: string);
}
