/*
 * Probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010) with the practical
 * changes shuttle and Coyote made:
 *  - each thread gets a random priority when first seen; the highest-priority runnable runs;
 *  - d-1 change points are drawn among the k scheduling decisions of an execution; at the
 *    i-th one the thread that would run is demoted below every other thread;
 *  - k is learned: the longest execution seen so far (decisions with more than one runnable
 *    thread only);
 *  - an explicit yield demotes the yielding thread, so spin loops make progress.
 * A bug of depth d is then found with probability at least 1/(n * k^(d-1)) per execution.
 */

import { Rng } from './rng.js';
import type { Strategy } from './strategy.js';

export class PctStrategy implements Strategy {
  readonly name = 'pct';
  readonly exhausted = false;
  private readonly rng: Rng;
  private prio: number[] = [];
  private changePoints: number[] = [];
  private decisions = 0;
  private k = 16;
  private low = 0;
  constructor(
    seed: number,
    readonly depth: number,
  ) {
    this.rng = new Rng(seed);
  }

  nextExecution(): boolean {
    this.prio = [];
    this.decisions = 0;
    this.low = 0;
    this.changePoints = [];
    for (let i = 0; i < this.depth - 1; i++) this.changePoints.push(1 + this.rng.below(this.k));
    this.changePoints.sort((a, b) => a - b);
    return true;
  }

  executionDone(): void {
    if (this.decisions > this.k) this.k = this.decisions;
  }

  private priority(t: number): number {
    let p = this.prio[t];
    if (p === undefined) {
      // Fresh threads get a random high priority; demoted ones go below 0 and keep falling.
      p = 1 + this.rng.float();
      this.prio[t] = p;
    }
    return p;
  }

  pickThread(runnable: readonly number[], last: number, lastRunnable: boolean, freeSwitch: boolean): number {
    this.decisions++;
    if (last >= 0 && (freeSwitch || (lastRunnable && this.changePoints.includes(this.decisions)))) {
      this.priority(last);
      this.prio[last] = --this.low;
    }
    let best = runnable[0]!;
    let bp = this.priority(best);
    for (let i = 1; i < runnable.length; i++) {
      const t = runnable[i]!;
      const p = this.priority(t);
      if (p > bp) {
        bp = p;
        best = t;
      }
    }
    return best;
  }

  pickValue(n: number): number {
    return this.rng.below(n);
  }
}
