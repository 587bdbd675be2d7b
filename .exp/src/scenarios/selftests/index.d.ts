import type { Scenario } from '../types.js';
import type { Selftest } from './harness.js';
export declare const HMM_SELFTESTS: readonly Selftest[];
export declare const selftestScenarios: Scenario[];
