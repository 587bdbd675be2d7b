import type { Command } from 'commander';
export declare function registerCompareCommand(program: Command, intArg: (name: string, min: number) => (v: string) => number): void;
