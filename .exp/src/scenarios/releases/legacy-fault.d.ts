import { type Scenario } from '../types.js';
export declare const legacyFaultTimeout: Scenario;
export declare const legacyFaultExiting: Scenario;
