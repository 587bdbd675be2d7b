/** Returns a getter for a per-execution singleton created by `make` on first use. */
export declare function per_execution<T>(key: string, make: () => T): () => T;
