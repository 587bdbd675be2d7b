export declare class CheckpointError extends Error {
}
export interface CheckpointState {
    version: 1;
    /** What the exploration is: scenario, design, strategy and the options that shape the tree. */
    key: string;
    executions: number;
    steps: number;
    violating: number;
    elapsedMs: number;
    violations: unknown[];
    strategy: unknown;
}
export declare function loadCheckpoint(file: string, key: string): CheckpointState | null;
export declare function saveCheckpoint(file: string, st: CheckpointState): void;
export declare function removeCheckpoint(file: string): void;
