export declare function benchDevmem(runs?: number): Promise<string[]>;
