import { type Command } from 'commander';
export declare function registerSelftestsCommand(program: Command): void;
