import type { Violation } from '../kernel/index.js';
import type { Picture, PictureStep } from './facts.js';
export interface CriticalWindow {
    /** The report the window explains. */
    violation: Violation | null;
    from: number;
    to: number;
    steps: PictureStep[];
    /** Steps the report names itself. */
    named: number[];
}
/** The steps where a design decides whether what it read is still valid (valid flags, sequence counts, retry). */
export declare const DECISION: RegExp;
/** The most steps a window keeps (the named ones and the latest others). */
export declare const WINDOW_MAX = 40;
export declare function criticalWindow(p: Picture, which?: number): CriticalWindow;
