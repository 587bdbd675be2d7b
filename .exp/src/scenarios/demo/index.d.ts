import type { Scenario } from '../types.js';
export declare const demoScenarios: Scenario[];
