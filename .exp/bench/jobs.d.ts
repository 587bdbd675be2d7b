export declare function benchJobs(): Promise<string[]>;
