/** What a strategy needs from the work sharing of `--jobs` (a stub in tests). */
export interface WorkSharing {
    /** Claim the root of pass `pass`: true for exactly one worker per pass. */
    claimRoot(pass: number): boolean;
    /** Between executions: if some worker waits, give it `make()` (null: nothing to give). */
    poll(make: () => unknown): void;
    /** Wait for a donation; null when there is no work left anywhere (or the run stops). */
    take(): unknown;
    /**
     * dpor: a fresh id for a node that becomes shared (it lies on a donation's prefix), or -1 when
     * the table is full (the node then stays without id: possible duplicates, nothing missed).
     */
    nodeId(): number;
    /** dpor: claim thread t at shared node `id`; false: another worker explores it there. */
    claim(id: number, t: number): boolean;
    /** The run stopped (first violation, interrupt) while this worker waited: no claim. */
    readonly stopped: boolean;
}
/** The SharedArrayBuffer of a `--jobs` run with `workers` workers. */
export declare function sharedBuffer(workers: number): SharedArrayBuffer;
/** Donations made and received, for the merged verdict's balance line. */
export interface StealStats {
    donated: number;
    received: number;
    bytes: number;
    waitMs: number;
}
export declare class SharedStealing implements WorkSharing {
    private readonly shared;
    readonly index: number;
    readonly workers: number;
    private readonly waitFlag;
    private readonly box;
    private readonly len;
    private readonly bytes;
    stopped: boolean;
    readonly stats: StealStats;
    constructor(shared: Int32Array, index: number, workers: number);
    claimRoot(pass: number): boolean;
    nodeId(): number;
    claim(id: number, t: number): boolean;
    poll(make: () => unknown): void;
    take(): unknown;
    private wait;
    private wakeAll;
}
/**
 * Worker `w`'s explore() returned (done, stopped, or failed): it takes no more part, and the
 * others stop waiting for it.
 */
export declare function leaveSharing(shared: Int32Array, w: number, workers: number): void;
