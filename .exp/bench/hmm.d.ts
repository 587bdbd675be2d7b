export declare function benchCatalogue(): Promise<string[]>;
