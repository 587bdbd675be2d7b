import type { Command } from 'commander';
export declare const HELP_AFTER: Record<string, string>;
/** Add the texts above to the commands of `program`. */
export declare function addHelpTexts(program: Command): void;
/** Width to wrap prose lines to: the terminal's (HMMSIM_COLUMNS, set by main.ts), or 0 for none. */
export declare function terminalWidth(): number;
