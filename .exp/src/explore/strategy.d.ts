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
export declare const STRATEGIES: readonly StrategyName[];
