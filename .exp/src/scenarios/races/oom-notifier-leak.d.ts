import { type Scenario } from '../types.js';
export declare const oomNotifierLeak: Scenario;
