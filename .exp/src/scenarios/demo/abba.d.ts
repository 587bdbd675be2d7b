import { type Scenario } from '../types.js';
export declare const demoAbba: Scenario;
export declare const demoAbbaOrdered: Scenario;
