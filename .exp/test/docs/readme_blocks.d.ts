export declare const root: string;
export interface Block {
    directive: string;
    /** Index in the README's lines of the opening fence and of the closing fence. */
    open: number;
    close: number;
    body: string;
}
export declare function findBlocks(text: string): Block[];
/** Run a directive; returns the block body it produces. */
export declare function produce(directive: string): string;
/** Timings differ from run to run: compare them as N. */
export declare function normalize(s: string): string;
/** Rewrite every output block of README.md from a fresh run. */
export declare function regenerate(): number;
