import { type Scenario } from '../types.js';
import { type ExpressedBug } from './bugs.js';
/** Name of the scenario that runs a bug (bug-<id>), or its proposed fix (fix-<id>). */
export declare function variantName(b: ExpressedBug): string | null;
export declare const historyGroupScenarios: Scenario[];
/** A scenario of any group by name (history's own lookup, without the registry's import cycle). */
export declare function historyLookup(name: string): Scenario | undefined;
