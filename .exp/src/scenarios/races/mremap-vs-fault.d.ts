import { type Scenario } from '../types.js';
export declare const mremapVsFault: Scenario;
