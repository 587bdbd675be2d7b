import type { Scenario } from '../src/scenarios/types.js';
/** Steps per second of the dpor strategy (dependency recording and race analysis on). */
export declare function dporSteps(sc: Scenario, ms: number): number;
export declare function benchDpor(): Promise<string[]>;
