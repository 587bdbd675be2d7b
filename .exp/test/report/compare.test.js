/*
 * `hmmsim compare`: invalidate-aba is the seed's own argument: v5.2 and v5.3 map a page the CPU
 * no longer maps (the §4.13 ABA), v6's mmu_interval_read_retry catches it and retries.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { run } from '../cli/helpers.js';
const dir = mkdtempSync(join(tmpdir(), 'hmmsim-cmp-'));
const html = join(dir, 'cmp.html');
const r = run(['compare', 'invalidate-aba', '--json', '--html', html]);
const doc = JSON.parse(r.out);
const by = new Map(doc.designs.map((d) => [d.design, d]));
test('compare: one verdict per design, as check would give it', () => {
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(doc.designs.map((d) => [d.design, d.verdict, d.kinds, d.claim.claim]), [
        ['v5.2', 'violation', ['stale-device-mapping'], 'violation-found'],
        ['v5.3', 'violation', ['stale-device-mapping'], 'violation-found'],
        ['v6', 'clean', [], 'every-interleaving'],
    ]);
    for (const d of ['v5.2', 'v5.3']) {
        assert.ok(by.get(d).executionsToFind >= 1);
        assert.match(by.get(d).token, new RegExp(`^hm1:invalidate-aba:${d.replace('.', '\\.')}:`));
    }
    assert.equal(by.get('v6').executionsToFind, null);
    assert.equal(by.get('v6').token, null);
});
test('compare: the failing windows end in the stale mapping; v6 shows its retry on the same operations', () => {
    for (const d of ['v5.2', 'v5.3']) {
        const w = by.get(d).window;
        const last = w.steps[w.steps.length - 1];
        assert.equal(last.step, w.to);
        assert.equal(last.op, 'device_map');
        assert.ok(w.steps.some((s) => s.thread === 'cpu0' && s.op === 'zap pte'), `${d}: the CPU's zap is in the window`);
        assert.ok(w.steps.length >= 5 && w.steps.length <= 40);
    }
    const v6 = by.get('v6');
    assert.match(v6.closestExecution, /^hm1:invalidate-aba:v6:/);
    assert.ok(v6.window.steps.some((s) => s.op === 'mmu_interval_read_retry'));
    const retry = doc.operations.find((o) => o.operation === 'gpu0 mmu_interval_read_retry');
    assert.deepEqual(Object.keys(retry.designs), ['v6']);
    const map = doc.operations.find((o) => o.operation === 'gpu0 device_map');
    assert.deepEqual(Object.keys(map.designs).sort(), ['v5.2', 'v5.3', 'v6']);
});
test('compare --html: the designs in columns, escaped, self-contained', () => {
    const page = readFileSync(html, 'utf8');
    assert.ok(page.startsWith('<!DOCTYPE html>'));
    assert.deepEqual([...page.matchAll(/<div class="col" data-design="([^"]+)">/g)].map((m) => m[1]), ['v5.2', 'v5.3', 'v6']);
    assert.doesNotMatch(page, /\b(src|href)\s*=|https?:\/\//);
    assert.ok(page.includes('device_map gpu0 0x3f8000000000 -&#62; pfn 1024 ro'));
});
test('compare text: the side-by-side table, and bad designs are a one-line error', () => {
    const t = run(['compare', 'invalidate-aba', '--designs', 'v5.3,v6'], { COLUMNS: '120' });
    assert.equal(t.code, 0, t.err);
    const lines = t.out.split('\n');
    assert.match(lines[0], /^invalidate-aba: 2 designs side by side/);
    assert.ok(lines.some((l) => /^v5\.3 +stale-device-mapping +violation +stale-device-mapping +\d+ executions +violation found: pct d=3/.test(l)), t.out);
    assert.ok(lines.some((l) => /^v6 +clean +clean +- +- +every interleaving: dpor: \d+ executions, every interleaving$/.test(l)), t.out);
    const header = lines.find((l) => l.startsWith('v5.3: stale-device-mapping (steps'));
    assert.ok(header.includes(' | v6: closest clean execution'));
    for (const l of lines.slice(lines.indexOf(header)))
        if (l.includes(' | '))
            assert.ok(l.length <= 120, l);
    const bad = run(['compare', 'invalidate-aba', '--designs', 'v5.3,v7']);
    assert.equal(bad.code, 2);
    assert.equal(bad.err, "hmmsim: error: scenario 'invalidate-aba' has no design 'v7' (designs: v5.2, v5.3, v6)\n");
});
