import type { Picture } from './facts.js';
/** Mermaid text: no statement separators, no HTML, entities for what its parser reads. */
export declare function mermaidText(s: string): string;
export declare function mermaidDiagram(p: Picture, which?: number): string;
