import { type Scenario } from '../types.js';
export declare const demoLostUpdate: Scenario;
export declare const demoLostUpdateLocked: Scenario;
