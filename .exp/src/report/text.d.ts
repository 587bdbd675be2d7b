import type { ExecutionResult, Violation } from '../kernel/index.js';
import type { ExploreResult } from '../explore/run.js';
export declare function renderViolation(v: Violation): string[];
/** The interleaving as numbered steps, with trace lines in between and the failing step marked. */
export declare function renderInterleaving(res: ExecutionResult, failingSteps: Set<number>): string[];
/** Full report of one replayed execution. */
export declare function renderReplay(scenario: string, design: string, token: string, res: ExecutionResult): string;
export declare function describeBounds(r: ExploreResult): string;
export declare const STOP_TEXT: Record<ExploreResult['stopReason'], string>;
/** Summary of an exploration (the report of each violation is added by the caller). */
export declare function renderExploreSummary(r: ExploreResult): string;
/**
 * Wrap the prose lines of `text` that are longer than `width` at spaces, continuing with the
 * line's indent plus four spaces. Lines that must stay whole are left alone: interleaving steps
 * and trace lines (their columns), and anything holding a replay token (to copy it).
 */
export declare function wrapLines(text: string, width: number): string;
