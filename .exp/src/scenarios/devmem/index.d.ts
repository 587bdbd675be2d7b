import { type Scenario } from '../types.js';
/** Pages of every race. */
export declare const RACE_NPAGES = 2;
export declare const devmemScenarios: Scenario[];
