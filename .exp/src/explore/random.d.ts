import type { Strategy } from './strategy.js';
export declare class RandomStrategy implements Strategy {
    readonly seed: number;
    readonly name = "random";
    readonly exhausted = false;
    private rng;
    /** Number of the next execution in the seed's stream. */
    next: number;
    constructor(seed: number, from?: number);
    /** Continue at execution j (a resumed checkpoint). */
    seek(j: number): void;
    nextExecution(): boolean;
    executionDone(): void;
    pickThread(runnable: readonly number[]): number;
    pickValue(n: number): number;
}
