import type { Command } from 'commander';
import type { Scenario } from '../scenarios/types.js';
export interface PictureOptions {
    trace?: string;
    mermaid?: string | boolean;
    html?: string;
    json?: boolean;
}
export declare function addPictureOptions(cmd: Command): Command;
export declare function wantsPictures(o: PictureOptions): boolean;
/** Refuse combinations that would mix outputs on stdout. */
export declare function checkPictureOptions(o: PictureOptions): void;
/**
 * Write the pictures asked for, of the execution `token` replays. Returns what goes to stdout
 * (the Mermaid diagram when no file was given), or ''.
 */
export declare function writePictures(o: PictureOptions, token: string, lookup: (name: string) => Scenario | undefined, stepCap?: number, replayCommand?: string): string;
