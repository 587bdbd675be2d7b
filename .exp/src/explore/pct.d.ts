import type { Strategy } from './strategy.js';
/** Executions whose length k is learned from. */
export declare const CALIBRATION = 32;
export declare class PctStrategy implements Strategy {
    readonly seed: number;
    readonly depth: number;
    readonly name = "pct";
    readonly exhausted = false;
    private rng;
    private prio;
    /** Number of the next execution in the seed's stream, and of the first one counted. */
    private next;
    private from;
    /** The execution in progress is a calibration run before `from`: not counted. */
    discarded: boolean;
    private changePoints;
    private decisions;
    private k;
    private low;
    constructor(seed: number, depth: number, from?: number);
    /** Continue at execution j (a resumed checkpoint): calibration runs again first. */
    seek(j: number): void;
    nextExecution(): boolean;
    private current;
    executionDone(): void;
    private priority;
    pickThread(runnable: readonly number[], last: number, lastRunnable: boolean, freeSwitch: boolean): number;
    pickValue(n: number): number;
}
