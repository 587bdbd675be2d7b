/*
 * The picture options of explore and replay: --trace FILE (Chrome trace event JSON),
 * --mermaid [FILE] (sequence diagram of the critical window) and --html FILE (self-contained
 * report page). Each is a view of one recorded replay of the token (report/facts.ts).
 */
import { writeFileSync } from 'node:fs';
import { recordPicture } from '../report/facts.js';
import { htmlReport } from '../report/html.js';
import { mermaidDiagram } from '../report/mermaid.js';
import { chromeTrace } from '../report/trace.js';
import { UsageError } from './scenario_source.js';
export function addPictureOptions(cmd) {
    return cmd
        .option('--trace <file>', 'write the execution as Chrome trace event JSON (open in ui.perfetto.dev or chrome://tracing)')
        .option('--mermaid [file]', "write a Mermaid sequence diagram of the report's critical window (to stdout without a file)")
        .option('--html <file>', 'write a self-contained HTML report (interleaving, locks, object lifetimes, page tables per step)');
}
export function wantsPictures(o) {
    return o.trace !== undefined || o.mermaid !== undefined || o.html !== undefined;
}
/** Refuse combinations that would mix outputs on stdout. */
export function checkPictureOptions(o) {
    if (o.mermaid === true && o.json)
        throw new UsageError('--mermaid without a file prints to stdout, which --json uses: give --mermaid a file');
}
function write(file, text) {
    try {
        writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
    }
    catch (e) {
        throw new UsageError(`cannot write ${file}: ${e.code ?? e.message}`);
    }
}
/**
 * Write the pictures asked for, of the execution `token` replays. Returns what goes to stdout
 * (the Mermaid diagram when no file was given), or ''.
 */
export function writePictures(o, token, lookup, stepCap, replayCommand) {
    if (!wantsPictures(o))
        return '';
    const p = recordPicture(token, lookup, stepCap);
    if (o.trace !== undefined)
        write(o.trace, JSON.stringify(chromeTrace(p)));
    if (o.html !== undefined)
        write(o.html, htmlReport(p, replayCommand ?? `hmmsim replay ${p.token}`));
    if (typeof o.mermaid === 'string')
        write(o.mermaid, mermaidDiagram(p));
    else if (o.mermaid === true)
        return `\n\`\`\`mermaid\n${mermaidDiagram(p)}\n\`\`\``;
    return '';
}
