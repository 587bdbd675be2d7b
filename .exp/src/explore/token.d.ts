export interface ReplayToken {
    scenario: string;
    design: string;
    stepBudget: number;
    choices: number[];
}
export declare class TokenError extends Error {
}
export declare function encodeToken(t: ReplayToken): string;
export declare function decodeToken(s: string): ReplayToken;
