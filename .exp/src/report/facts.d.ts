import { type Violation } from '../kernel/index.js';
import type { Scenario } from '../scenarios/types.js';
/** One step of the interleaving (n is 1-based, as in the text report). */
export interface PictureStep {
    n: number;
    thread: string;
    op: string;
    obj: string;
    where: string;
    /** Model call chain, outermost first. */
    stack: string[];
    /** Locks the thread holds after the step ("mm#1->mmap_lock" or "... (read)"). */
    held: string[];
    /** Trace lines logged during the step. */
    trace: string[];
}
export interface Site {
    step: number;
    thread: string;
}
export interface ObjectLife {
    label: string;
    allocated: Site | null;
    freed: Site | null;
    /** First step after which one of its pointer fields held POISON, and which field. */
    poisoned: (Site & {
        field: string;
    }) | null;
}
export interface PageFree extends Site {
    pfn: number;
    page: string;
}
export interface DeviceEvent extends Site {
    device: string;
    what: 'map' | 'zap' | 'zap-all';
    /** The operation as the step names it ("gpu0 0x3f8000000000 -> pfn 1024 rw"). */
    text: string;
}
/** A value that changes along the steps: `value` holds from the step `from` on (0 = before step 1). */
export interface Change {
    from: number;
    value: string;
}
/** One page involved in the execution: its CPU entry and each device's entry over time. */
export interface PageHistory {
    mm: string;
    va: number;
    cpu: Change[];
    devices: Record<string, Change[]>;
}
export interface Picture {
    scenario: string;
    design: string;
    token: string;
    steps: number;
    threads: string[];
    devices: string[];
    interleaving: PictureStep[];
    violations: Violation[];
    objects: ObjectLife[];
    pageFrees: PageFree[];
    deviceEvents: DeviceEvent[];
    pages: PageHistory[];
}
declare function hex(v: number): string;
/**
 * Replay `token` twice with recording and build its Picture. Throws what replayToken throws
 * (TokenError, ReplayMismatch, ScenarioError) for bad input.
 */
export declare function recordPicture(token: string, lookup: (name: string) => Scenario | undefined, stepCap?: number): Picture;
/** The value of a history at step n (after step n has run). */
export declare function valueAt(h: Change[], n: number): string;
export { hex as hexAddress };
