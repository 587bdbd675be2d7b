import { type Scenario } from '../types.js';
export declare const swapEntryNone: Scenario;
export declare const zeroPageEfault: Scenario;
export declare const rangeStartsInHole: Scenario;
export declare const writeFaultReadonly: Scenario;
export declare const faultWriteRest: Scenario;
export declare const hmm52FaultRetry: Scenario;
export declare const hmm52FaultRetryUnlock: Scenario;
export declare const releaseScenarios: Scenario[];
