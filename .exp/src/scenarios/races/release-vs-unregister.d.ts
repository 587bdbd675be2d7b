import { type Scenario } from '../types.js';
export declare const releaseVsUnregister: Scenario;
