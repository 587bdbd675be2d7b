/*
 * The one interface every search strategy implements (as in shuttle): given the runnable
 * threads, pick one; supply a random value. Plus per-execution bookkeeping so systematic
 * strategies can say when their bounded space is exhausted.
 */

import type { Chooser } from '../kernel/index.js';

export interface Strategy extends Chooser {
  readonly name: string;
  /** Prepare the next execution; false when there is nothing left to explore. */
  nextExecution(): boolean;
  /** The execution that nextExecution() prepared has finished after `steps` steps. */
  executionDone(steps: number): void;
  /** True once the whole bounded space was explored (systematic strategies only). */
  readonly exhausted: boolean;
}

export type StrategyName = 'random' | 'pct' | 'dfs' | 'dpor';
export const STRATEGIES: readonly StrategyName[] = ['random', 'pct', 'dfs', 'dpor'];
