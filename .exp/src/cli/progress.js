/*
 * The progress line of a long exploration: on stderr, only when stderr is a terminal (main.ts
 * tells the worker through HMMSIM_STDERR_TTY) and never with --json. Rewritten in place with
 * log-update; cleared when the exploration ends.
 */
import { createLogUpdate } from 'log-update';
export function progressLine() {
    if (process.env['HMMSIM_STDERR_TTY'] !== '1' && process.stderr.isTTY !== true)
        return null;
    // In the CLI's worker, stderr is forwarded to the terminal by main.ts: give log-update the
    // terminal's width.
    const columns = Number(process.env['HMMSIM_STDERR_COLUMNS'] ?? process.stderr.columns ?? 200) || 200;
    const out = { write: (s) => process.stderr.write(s), columns, rows: 24, isTTY: true };
    const log = createLogUpdate(out, { showCursor: true });
    let shown = false;
    return {
        update(p) {
            const s = p.elapsedMs / 1000;
            const rate = s > 0 ? Math.round(p.executions / s) : 0;
            const parts = [`${p.executions} executions`, `${rate}/s`, `${s.toFixed(1)} s`];
            if (p.bound !== undefined)
                parts.push(p.bound === Infinity ? 'unbounded' : `bound ${p.bound}`);
            if (p.done !== undefined)
                parts.push(`~${(p.done * 100).toFixed(1)}% of this pass`);
            parts.push(`${p.distinct} found`);
            log(parts.join(', '));
            shown = true;
        },
        done() {
            if (shown)
                log.clear();
            log.done();
        },
    };
}
