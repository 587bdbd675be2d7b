/*
 * README output blocks are produced by running the command, as fast-check does with its
 * documentation examples. A block is preceded by a directive comment:
 *
 *   <!-- output: explore demo-srcu-free | lines 1-12,20-30 -->
 *   ```
 *   ...what the command prints...
 *   ```
 *
 * The directive is an hmmsim command line (a leading NAME=value sets an environment variable;
 * arguments are split on spaces, single quotes group), then optional filters after `|`:
 * `lines A-B,C-D` (1-based, "..." between ranges), `from /re/` (from the first matching line),
 * `until /re/` (up to, not including, the next matching line), `grep /re/` (matching lines).
 *
 * `npm run readme` (this file with --write) rewrites every block from a fresh run; test/docs/readme.test.ts fails when a
 * block is out of date. Timings (ms, s, elapsedMs) are compared as N.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
export const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const DIRECTIVE = /^<!-- output: (.*) -->$/;
export function findBlocks(text) {
    const lines = text.split('\n');
    const out = [];
    for (let i = 0; i < lines.length; i++) {
        const m = DIRECTIVE.exec(lines[i]);
        if (!m)
            continue;
        const open = i + 1;
        if (!lines[open]?.startsWith('```'))
            throw new Error(`README line ${i + 1}: an output directive must be followed by a fenced block`);
        let close = open + 1;
        while (close < lines.length && lines[close] !== '```')
            close++;
        out.push({ directive: m[1], open, close, body: lines.slice(open + 1, close).join('\n') });
    }
    return out;
}
function splitArgs(s) {
    const out = [];
    for (const m of s.matchAll(/'([^']*)'|(\S+)/g))
        out.push(m[1] ?? m[2]);
    return out;
}
function filter(lines, f) {
    const re = (x) => new RegExp(/^\/(.*)\/$/.exec(x.trim())?.[1] ?? x.trim());
    if (f.startsWith('lines ')) {
        const out = [];
        const ranges = f.slice(6).split(',').map((r) => r.split('-').map(Number));
        ranges.forEach(([a, b], i) => {
            if (i > 0)
                out.push('...');
            out.push(...lines.slice(a - 1, b));
        });
        return out;
    }
    if (f.startsWith('from ')) {
        const i = lines.findIndex((l) => re(f.slice(5)).test(l));
        return i < 0 ? [] : lines.slice(i);
    }
    if (f.startsWith('until ')) {
        const i = lines.findIndex((l, k) => k > 0 && re(f.slice(6)).test(l));
        return i < 0 ? lines : lines.slice(0, i);
    }
    if (f.startsWith('grep '))
        return lines.filter((l) => re(f.slice(5)).test(l));
    throw new Error(`unknown README output filter '${f}'`);
}
/** Run a directive; returns the block body it produces. */
export function produce(directive) {
    const [cmd, ...filters] = directive.split(' | ');
    const args = splitArgs(cmd);
    const env = { ...process.env };
    delete env['HMMSIM_STEP_CHECK'];
    while (args.length && /^[A-Z_]+=/.test(args[0])) {
        const [k, v] = args.shift().split('=');
        env[k] = v;
    }
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env, timeout: 300_000 });
    if (r.status === null || r.status > 1)
        throw new Error(`README command 'hmmsim ${cmd}' failed (${r.status}): ${r.stderr}`);
    let lines = r.stdout.replace(/\n$/, '').split('\n');
    for (const f of filters)
        lines = filter(lines, f);
    return lines.join('\n');
}
/** Timings differ from run to run: compare them as N. */
export function normalize(s) {
    return s
        .replace(/\b\d+(\.\d+)? ms\b/g, 'N ms')
        .replace(/"elapsedMs": \d+/g, '"elapsedMs": N')
        .replace(/\(\d+(\.\d+)? s\)/g, '(N s)')
        .replace(/\bin \d+(\.\d+)? s\b/g, 'in N s');
}
/** Rewrite every output block of README.md from a fresh run. */
export function regenerate() {
    const file = `${root}README.md`;
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const blocks = findBlocks(text);
    for (const b of [...blocks].reverse())
        lines.splice(b.open + 1, b.close - b.open - 1, ...produce(b.directive).split('\n'));
    writeFileSync(file, lines.join('\n'));
    return blocks.length;
}
// Only with --write: the test runner also loads every file under test/ (and must not rewrite).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv[2] === '--write') {
    const n = regenerate();
    process.stdout.write(`README.md: ${n} output blocks regenerated\n`);
}
