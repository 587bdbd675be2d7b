export declare function benchSelftests(runs?: number): Promise<string[]>;
