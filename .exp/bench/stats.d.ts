export declare function median(xs: number[]): number;
export declare function fmtRate(perSec: number): string;
