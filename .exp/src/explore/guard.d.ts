import { type Chooser, type ExecutionResult, type Thread } from '../kernel/index.js';
/** Records every decision of an execution while forwarding to a chooser. */
export declare class FingerprintChooser implements Chooser {
    private readonly inner;
    /** Per decision: step, kind (-1 thread, -2 value), count, then the runnable ids, the choice. */
    readonly trace: number[];
    readonly choices: number[];
    constructor(inner: Chooser);
    pickThread(runnable: readonly number[], last: number, lastRunnable: boolean, free: boolean): number;
    pickValue(n: number): number;
}
/** Feeds a recorded choice stream back; running out or an impossible choice is a divergence. */
export declare class ReplayFingerprintChooser implements Chooser {
    private readonly choices;
    private pos;
    readonly trace: number[];
    diverged: string | null;
    constructor(choices: readonly number[]);
    private next;
    pickThread(runnable: readonly number[]): number;
    pickValue(n: number): number;
    get complete(): boolean;
}
/**
 * Compare two decision traces; null when equal, else a description of the first difference
 * ("at step 12: first run offered gpu0, cpu0 and chose cpu0; second run offered gpu0 ...").
 */
export declare function trace_difference(a: number[], b: number[], threads: string[]): string | null;
/** The outcome of an execution as a comparable string. */
export declare function outcome_of(r: ExecutionResult): string;
/** Start watching (nests); each call needs a matching unguard(). */
export declare function guard(): void;
export declare function unguard(): void;
/** After a guarded step: report what the step did that the model cannot control. */
export declare function check_step(_t: Thread): void;
