export declare function memory_guard(): void;
