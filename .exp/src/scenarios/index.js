/*
 * The built-in scenario registry. Each group lives in its own folder and exports a list;
 * `hmmsim list` shows them in this order.
 */
import { demoScenarios } from './demo/index.js';
import { devmemScenarios } from './devmem/index.js';
import { raceScenarios } from './races/index.js';
import { releaseScenarios } from './releases/index.js';
import { exampleScenarios } from './examples/index.js';
import { historyGroupScenarios } from './history/index.js';
import { selftestScenarios } from './selftests/index.js';
import { v6Scenarios } from './v6/index.js';
export const builtinScenarios = [...demoScenarios, ...raceScenarios, ...releaseScenarios, ...exampleScenarios, ...v6Scenarios, ...devmemScenarios, ...historyGroupScenarios, ...selftestScenarios];
export function findScenario(name) {
    return builtinScenarios.find((s) => s.name === name);
}
