export declare function benchMm(reps?: number): Promise<string[]>;
