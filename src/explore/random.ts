/*
 * Uniform random scheduling: every runnable thread is equally likely at every point. Execution j
 * draws from its own stream of the seed (rng.ts executionRng), so a shard can start at any j.
 */

import { executionRng, type Rng } from './rng.js';
import type { Strategy } from './strategy.js';

export class RandomStrategy implements Strategy {
  readonly name = 'random';
  readonly exhausted = false;
  private rng: Rng;
  /** Number of the next execution in the seed's stream. */
  next: number;
  constructor(
    readonly seed: number,
    from = 0,
  ) {
    this.next = from;
    this.rng = executionRng(seed, from);
  }
  /** Continue at execution j (a resumed checkpoint). */
  seek(j: number): void {
    this.next = j;
  }
  nextExecution(): boolean {
    this.rng = executionRng(this.seed, this.next++);
    return true;
  }
  executionDone(): void {}
  pickThread(runnable: readonly number[]): number {
    return runnable[this.rng.below(runnable.length)]!;
  }
  pickValue(n: number): number {
    return this.rng.below(n);
  }
}
