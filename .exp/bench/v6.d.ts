export declare function benchV6(): Promise<string[]>;
