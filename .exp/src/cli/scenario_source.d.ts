import type { Scenario } from '../scenarios/types.js';
/** Bad usage or input: printed as one line, exit 2. */
export declare class UsageError extends Error {
}
export declare function resolveScenario(nameOrPath: string): Promise<Scenario>;
/** The scenario a replay token names (decoding errors surface as TokenError). */
export declare function scenarioForToken(token: string): Promise<Scenario>;
