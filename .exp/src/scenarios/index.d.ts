import type { Scenario } from './types.js';
export declare const builtinScenarios: Scenario[];
export declare function findScenario(name: string): Scenario | undefined;
