/* The picture options of the CLI: files written, stdout kept for --json, bad combinations refused. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { run } from '../cli/helpers.js';
const dir = mkdtempSync(join(tmpdir(), 'hmmsim-pic-'));
test('explore --trace --mermaid FILE writes both for the first violation', () => {
    const trace = join(dir, 't.json');
    const mmd = join(dir, 'w.mmd');
    const r = run(['explore', 'register-vs-exit', '--design', 'v5.2', '--trace', trace, '--mermaid', mmd]);
    assert.equal(r.code, 1, r.err);
    const t = JSON.parse(readFileSync(trace, 'utf8'));
    assert.ok(t.traceEvents.some((e) => e.cat === 'report'));
    assert.ok(r.out.includes(`hmmsim replay ${t.otherData.token}`));
    assert.ok(readFileSync(mmd, 'utf8').startsWith('sequenceDiagram\n'));
});
test('replay --mermaid prints a fenced diagram after the report; --json keeps stdout JSON', () => {
    const e = run(['explore', 'demo-abba', '--json']);
    const tok = JSON.parse(e.out).violations[0].token;
    const r2 = run(['replay', tok, '--mermaid']);
    assert.equal(r2.code, 1, r2.err);
    assert.ok(r2.out.includes('\n```mermaid\nsequenceDiagram\n'), r2.out);
    const trace = join(dir, 'abba.json');
    const j = run(['replay', tok, '--json', '--trace', trace]);
    assert.equal(j.code, 1);
    assert.equal(JSON.parse(j.out).scenario, 'demo-abba');
    assert.ok(existsSync(trace));
});
test('--mermaid to stdout with --json is refused; an unwritable file is a one-line error', () => {
    const r = run(['explore', 'demo-abba', '--json', '--mermaid']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^hmmsim: error: --mermaid without a file prints to stdout/);
    const w = run(['explore', 'demo-abba', '--trace', join(dir, 'no/such/dir/t.json')]);
    assert.equal(w.code, 2);
    assert.match(w.err, /^hmmsim: error: cannot write .*ENOENT\n$/);
});
test('no violation: no picture, and it says so', () => {
    const f = join(dir, 'clean.json');
    const r = run(['explore', 'demo-abba-ordered', '--executions', '20', '--trace', f]);
    assert.equal(r.code, 0);
    assert.match(r.err, /no violation found: no picture written/);
    assert.ok(!existsSync(f));
});
test('replay --html writes one self-contained page (no external resource)', () => {
    const f = join(dir, 'r.html');
    const e = run(['explore', 'register-vs-exit', '--design', 'v5.2', '--json']);
    const tok = JSON.parse(e.out).violations[0].token;
    const r = run(['replay', tok, '--html', f]);
    assert.equal(r.code, 1, r.err);
    const html = readFileSync(f, 'utf8');
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.doesNotMatch(html, /\b(src|href)\s*=/i);
    assert.doesNotMatch(html, /https?:\/\//);
    assert.ok(html.includes(`hmmsim replay ${tok}`));
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
});
