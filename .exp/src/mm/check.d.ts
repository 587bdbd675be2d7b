export interface MmCheckResult {
    folios: number;
    entries: number;
}
/** Check every invariant; reports (fatal `bug`) the first violation, else returns counts. */
export declare function mm_check_invariants(): MmCheckResult;
