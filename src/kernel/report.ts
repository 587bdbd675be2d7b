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
  'warn',
  'bug',
  'stale-device-mapping',
  'device-use-after-free',
  'assertion',
] as const;

export type ViolationKind = (typeof VIOLATION_KINDS)[number];

export function isViolationKind(s: string): s is ViolationKind {
  return (VIOLATION_KINDS as readonly string[]).includes(s);
}

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
export class KernelReport extends Error {
  constructor(readonly violation: Violation) {
    super(violation.title);
  }
}

/**
 * Thrown when a scenario or model misbehaves in a way that is not a modelled kernel bug
 * (a JavaScript exception in thread code, a scenario waiting on real time...). The CLI turns
 * it into a one-line error with exit code 2.
 */
export class ScenarioError extends Error {}
