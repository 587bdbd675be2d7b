import type { Scenario } from '../src/scenarios/types.js';
export declare function counterScenario(n: number, m: number): Scenario;
/** fast-check's scheduler on the same workload: every lock attempt and release is a scheduled promise. */
export declare function fastCheck(n: number, m: number, ms: number): Promise<number>;
export declare function benchRuntime(reps?: number): Promise<string[]>;
