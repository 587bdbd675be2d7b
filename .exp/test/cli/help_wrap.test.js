/* --help explains the bounds and the claim words; long prose lines wrap to the terminal's width. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from './helpers.js';
import { wrapLines } from '../../src/report/text.js';
test('--help of explore, check and compare explains k, d and the claim words', () => {
    for (const cmd of ['explore', 'check', 'compare']) {
        const h = run([cmd, '--help']);
        assert.equal(h.code, 0);
        for (const w of ['violation found', 'bounded space exhausted', 'clean within these bounds', 'NOT a clean claim'])
            assert.ok(h.out.includes(w), `${cmd} --help lacks '${w}'`);
        if (cmd !== 'compare')
            for (const w of ['k (--preemptions, dfs)', 'd (--depth, pct)'])
                assert.ok(h.out.includes(w), `${cmd} --help lacks '${w}'`);
    }
    assert.match(run(['replay', '--help']).out, /--trace FILE +Chrome trace event JSON/);
});
test('long prose lines wrap to the terminal width; steps and tokens stay whole; nothing is lost', () => {
    const wide = run(['explore', 'register-vs-exit', '--design', 'v5.2']);
    const narrow = run(['explore', 'register-vs-exit', '--design', 'v5.2'], { HMMSIM_COLUMNS: '80' });
    assert.equal(narrow.code, 1);
    const lines = narrow.out.split('\n');
    for (const l of lines) {
        if (l.length > 80)
            assert.ok(/^[> ]\s*\d+\.\s/.test(l) || l.includes('hm1:'), `not wrapped: ${l}`);
    }
    assert.ok(wide.out.split('\n').some((l) => l.length > 80 && !/^[> ]\s*\d+\.\s/.test(l) && !l.includes('hm1:')), 'the wide output has long prose lines');
    // Wrapping changes only whitespace (timings aside).
    const flat = (s) => s.replace(/\d+ ms\b/g, 'N ms').replace(/\s+/g, ' ');
    assert.ok(flat(narrow.out) === flat(wide.out), 'the wrapped report says the same as the unwrapped one');
    assert.ok(lines.includes('    hmmsim replay hm1:register-vs-exit:v5.2:20000:AQ8DDAIXAQIDCwEB'));
    // Not a terminal, no HMMSIM_COLUMNS: nothing wraps.
    assert.equal(wide.out.split('\n')[0].startsWith('register-vs-exit on v5.2: 1 distinct violation(s) found (strategy pct, depth 3, seed 1,'), true);
});
test('wrapLines: greedy at spaces with a deeper indent, width 0 leaves text alone', () => {
    assert.equal(wrapLines('  aaa bbb ccc ddd', 10), '  aaa bbb\n      ccc\n      ddd');
    assert.equal(wrapLines('  aaa bbb ccc ddd', 0), '  aaa bbb ccc ddd');
    assert.equal(wrapLines('>   12.  gpu0  device_map gpu0 0x3f8000000000 -> pfn 1024 rw in f', 20), '>   12.  gpu0  device_map gpu0 0x3f8000000000 -> pfn 1024 rw in f');
});
