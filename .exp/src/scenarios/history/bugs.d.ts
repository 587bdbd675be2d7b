import type { ViolationKind } from '../../kernel/index.js';
import type { BugSwitch } from '../../mm/bug_switch.js';
interface BugBase {
    id: string;
    /** The fix's commit subject. */
    subject: string;
    /** The release the fix landed in ("-" for a bug still open). */
    release: string;
    /** Where it is described: "§6", "candidate", "2019 §4.1" (hmm-design.md). */
    section: string;
}
export interface ExpressedBug extends BugBase {
    how: 'switch' | 'release' | 'today';
    /** Scenario that exposes it (the fixed model must be clean on it). */
    scenario: string;
    /** Design of the fixed run. */
    design: string;
    /** release: the design that has the bug. */
    buggyDesign?: string;
    /** switch: what is put back; today: the proposed fix. */
    switches?: BugSwitch[];
    /** Kinds the bug must be found as (one of). */
    kinds: ViolationKind[];
    /** pct depth of the first-find run, where the default (3) is not enough within its budget. */
    depth?: number;
    /** Where the expression is smaller than the kernel (what it shows and what it leaves out). */
    notes?: string;
}
export interface UnexpressedBug extends BugBase {
    how: 'not-expressed';
    /** Why the model cannot express it (yet). */
    reason: string;
}
export type HistoryBug = ExpressedBug | UnexpressedBug;
export declare const HISTORY_BUGS: HistoryBug[];
export declare function findHistoryBug(id: string): HistoryBug | undefined;
export {};
