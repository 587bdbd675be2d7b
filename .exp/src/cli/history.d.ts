import type { Command } from 'commander';
import { type HistoryRow } from '../report/json.js';
export declare function runHistory(o: {
    json?: boolean;
    jobs?: number;
    seconds?: number;
    bug?: string[];
}): Promise<number>;
export declare function renderHistory(rows: HistoryRow[], elapsedMs: number): string;
export declare function registerHistoryCommand(program: Command, intArg: (name: string, min: number) => (v: string) => number): void;
