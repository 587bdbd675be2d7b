import { type Scenario } from '../types.js';
export declare const demoSrcu: Scenario;
export declare const demoSrcuCallSrcu: Scenario;
