import { Command } from 'commander';
export declare function buildProgram(): Command;
/** Run one command line; returns the exit code. */
export declare function runProgram(argv: string[]): Promise<number>;
