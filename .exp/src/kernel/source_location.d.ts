/** A path as reports show it: relative to the working directory when inside it, else absolute. */
export declare function display_path(file: string): string;
/** "file:line" of `fn`'s definition (see display_path), or null. */
export declare function function_location(fn: unknown): string | null;
