import type { Picture } from './facts.js';
/** Escape text for HTML element content and attribute values. */
export declare function escapeHtml(s: string): string;
/** JSON that is safe inside <script type="application/json">. */
export declare function scriptJson(v: unknown): string;
export declare function htmlReport(p: Picture, replayCommand: string): string;
