import { type Scenario } from '../types.js';
export declare const unbindVsFault: Scenario;
export declare const unbindVsFaultOld: Scenario;
