import type { GfpT } from './gfp.js';
export declare const __GFP_NOFAIL = 32768;
export declare const __GFP_NOWARN = 8192;
export interface FailslabConfig {
    /** Fail the n-th failable allocation (1-based) of the execution. */
    fail_nth?: number;
    /** Let the explorer choose, at every failable allocation, whether it fails. */
    explore?: boolean;
    /** With `explore`: at most this many failures per execution (default 1). */
    max_failures?: number;
    /** Only these allocation sites may fail (default: all). */
    sites?: string[];
}
/** Turn fault injection on for the running execution (call in scenario set-up). */
export declare function failslab_setup(cfg: FailslabConfig): void;
/** The sites whose allocation was made to fail in the running execution. */
export declare function failslab_failures(): readonly string[];
/**
 * should_failslab(): does this allocation fail? `site` names it (the object type or the
 * caller's name). Consulted only by the failable APIs.
 */
export declare function should_failslab(site: string, gfp: GfpT): boolean;
