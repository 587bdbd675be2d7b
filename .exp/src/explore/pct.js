/*
 * Probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010) with the practical
 * changes shuttle and Coyote made:
 *  - each thread gets a random priority when first seen; the highest-priority runnable runs;
 *  - d-1 change points are drawn among the k scheduling decisions of an execution; at the
 *    i-th one the thread that would run is demoted below every other thread;
 *  - k is learned: the longest of the executions seen so far among the first CALIBRATION ones
 *    of the seed's stream (decisions with more than one runnable thread only), then fixed, so
 *    that execution j depends on the seed and j alone: a shard starting at execution j first
 *    runs the calibration executions before j, uncounted (split.ts);
 *  - execution j draws from its own stream of the seed (rng.ts executionRng);
 *  - an explicit yield demotes the yielding thread, so spin loops make progress.
 * A bug of depth d is then found with probability at least 1/(n * k^(d-1)) per execution.
 */
import { executionRng } from './rng.js';
/** Executions whose length k is learned from. */
export const CALIBRATION = 32;
export class PctStrategy {
    seed;
    depth;
    name = 'pct';
    exhausted = false;
    rng;
    prio = [];
    /** Number of the next execution in the seed's stream, and of the first one counted. */
    next = 0;
    from;
    /** The execution in progress is a calibration run before `from`: not counted. */
    discarded = false;
    changePoints = [];
    decisions = 0;
    k = 16;
    low = 0;
    constructor(seed, depth, from = 0) {
        this.seed = seed;
        this.depth = depth;
        this.from = from;
        this.rng = executionRng(seed, 0);
    }
    /** Continue at execution j (a resumed checkpoint): calibration runs again first. */
    seek(j) {
        this.from = j;
        this.next = 0;
        this.k = 16;
    }
    nextExecution() {
        if (this.next < this.from && this.next >= CALIBRATION)
            this.next = this.from;
        this.discarded = this.next < this.from;
        this.current = this.next;
        this.rng = executionRng(this.seed, this.next++);
        this.prio = [];
        this.decisions = 0;
        this.low = 0;
        this.changePoints = [];
        for (let i = 0; i < this.depth - 1; i++)
            this.changePoints.push(1 + this.rng.below(this.k));
        this.changePoints.sort((a, b) => a - b);
        return true;
    }
    current = 0;
    executionDone() {
        if (this.current < CALIBRATION && this.decisions > this.k)
            this.k = this.decisions;
    }
    priority(t) {
        let p = this.prio[t];
        if (p === undefined) {
            // Fresh threads get a random high priority; demoted ones go below 0 and keep falling.
            p = 1 + this.rng.float();
            this.prio[t] = p;
        }
        return p;
    }
    pickThread(runnable, last, lastRunnable, freeSwitch) {
        this.decisions++;
        if (last >= 0 && (freeSwitch || (lastRunnable && this.changePoints.includes(this.decisions)))) {
            this.priority(last);
            this.prio[last] = --this.low;
        }
        let best = runnable[0];
        let bp = this.priority(best);
        for (let i = 1; i < runnable.length; i++) {
            const t = runnable[i];
            const p = this.priority(t);
            if (p > bp) {
                bp = p;
                best = t;
            }
        }
        return best;
    }
    pickValue(n) {
        return this.rng.below(n);
    }
}
