/*
 * What a scenario is: data (name, group, designs and the outcome expected on each) plus a
 * set-up function that creates the model objects and spawns the threads of one execution.
 * A scenario never reaches into the explorer; the explorer only runs it.
 */

import type { ViolationKind } from '../kernel/index.js';
import { KERNEL_5_2, KERNEL_5_3, KERNEL_LATEST } from '../mm/release.js';

/** The outcome a scenario must have on one design. */
export type Expectation =
  | { clean: true }
  | {
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
  /**
   * Bounds for the "clean" claim used by `hmmsim check`: the preemption bound and pct executions
   * of the bounded claim, and the executions allowed to the dpor attempt at a proof (default
   * DPOR_CHECK_BUDGET's; a scenario whose proof takes more, but no longer than its bounded claim
   * would, raises it).
   */
  checkBounds?: { preemptions?: number; pctExecutions?: number; dporExecutions?: number };
}

export const clean = (): Expectation => ({ clean: true });
export const violation = (...kinds: ViolationKind[]): Expectation => ({ clean: false, kinds });
export const everyExecution = (...kinds: ViolationKind[]): Expectation => ({ clean: false, kinds, everyExecution: true });

/**
 * The kernel release a design models, whose notifier-core rules its executions follow:
 * v5.2 and v5.3 are those releases; v6 and every other design (base, a user's own) follow
 * the newest kernel the model knows.
 */
export function design_release(design: string): number {
  if (design === 'v5.2') return KERNEL_5_2;
  if (design === 'v5.3') return KERNEL_5_3;
  return KERNEL_LATEST;
}
