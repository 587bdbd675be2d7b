export declare function benchDrivers(): Promise<string[]>;
