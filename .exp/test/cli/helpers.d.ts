export declare const bin: string;
export declare const kernelUrl: string;
export declare const mmUrl: string;
export declare const deviceUrl: string;
export declare const mirrorUrl: string;
export declare const intervalUrl: string;
export declare const hmm6Url: string;
export interface CliResult {
    code: number | null;
    out: string;
    err: string;
}
export declare function run(args: string[], env?: Record<string, string>, timeoutMs?: number): CliResult;
/** A scenario module in a fresh directory; `k` is hmmsim/kernel, `mm` hmmsim/mm, `dev` the device, `mirror` the drivers. */
export declare function userModule(body: string, name?: string): string;
/** The 1-based line of `needle` in module `f`'s text (for asserting file:line in messages). */
export declare function lineOf(f: string, needle: string, src: string): number;
