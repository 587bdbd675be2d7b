export declare class Rng {
    private a;
    private b;
    private c;
    private d;
    /** `stream`: independent streams of one seed (executionRng). */
    constructor(seed: number, stream?: number);
    u32(): number;
    /** Uniform integer in [0, n). */
    below(n: number): number;
    float(): number;
}
/**
 * The random choices of execution `j` (0-based) of a random or pct exploration with `seed`: a
 * function of the two alone, so a shard can start at any execution (split.ts).
 */
export declare function executionRng(seed: number, j: number): Rng;
