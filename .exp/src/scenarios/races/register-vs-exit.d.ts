import { type Scenario } from '../types.js';
export declare const registerVsExit: Scenario;
