/* Uniform random scheduling: every runnable thread is equally likely at every point. */

import { Rng } from './rng.js';
import type { Strategy } from './strategy.js';

export class RandomStrategy implements Strategy {
  readonly name = 'random';
  readonly exhausted = false;
  private readonly rng: Rng;
  constructor(seed: number) {
    this.rng = new Rng(seed);
  }
  nextExecution(): boolean {
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
