import type { Sched } from './sched.js';
/** `r`, the value callback `fn` returned, as a Sched; a ScenarioError when it is not a generator. */
export declare function callback_sched<T>(r: unknown, what: string, fn?: unknown): Sched<T>;
