/*
 * Uniform random scheduling: every runnable thread is equally likely at every point. Execution j
 * draws from its own stream of the seed (rng.ts executionRng), so a shard can start at any j.
 */
import { executionRng } from './rng.js';
export class RandomStrategy {
    seed;
    name = 'random';
    exhausted = false;
    rng;
    /** Number of the next execution in the seed's stream. */
    next;
    constructor(seed, from = 0) {
        this.seed = seed;
        this.next = from;
        this.rng = executionRng(seed, from);
    }
    /** Continue at execution j (a resumed checkpoint). */
    seek(j) {
        this.next = j;
    }
    nextExecution() {
        this.rng = executionRng(this.seed, this.next++);
        return true;
    }
    executionDone() { }
    pickThread(runnable) {
        return runnable[this.rng.below(runnable.length)];
    }
    pickValue(n) {
        return this.rng.below(n);
    }
}
