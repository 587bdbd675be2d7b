import type { Sched } from '../../src/kernel/index.js';
import * as mm from '../../src/mm/index.js';
export declare const RW: number;
export declare const ANON: number;
/** Run one thread body; it must end without any report. Returns its value. */
export declare function clean<T>(fn: () => Sched<T>): T;
/** A notifier recording "start EVENT a-b" / "end ..." (" nonblock" when not blockable) / "release". */
export declare function recorder(log: string[], opts?: {
    failNonblock?: boolean;
}): mm.MmuNotifierOps;
