import type { Strategy } from './strategy.js';
export declare class ReplayMismatch extends Error {
}
export declare class ReplayStrategy implements Strategy {
    private readonly choices;
    readonly name = "replay";
    readonly exhausted = false;
    private pos;
    private used;
    constructor(choices: readonly number[]);
    nextExecution(): boolean;
    executionDone(): void;
    /** True if every choice of the token was consumed. */
    get complete(): boolean;
    private next;
    pickThread(runnable: readonly number[]): number;
    pickValue(n: number): number;
}
