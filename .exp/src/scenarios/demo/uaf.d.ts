import { type Scenario } from '../types.js';
export declare const demoUseAfterFree: Scenario;
export declare const demoUseAfterFreeKref: Scenario;
