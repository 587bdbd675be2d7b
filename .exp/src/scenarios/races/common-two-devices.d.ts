import { type Scenario } from '../types.js';
export declare const commonMunmapMprotect: Scenario;
export declare const commonForkExit: Scenario;
