/*
 * The README guide "Writing your own driver" is tested: its driver is examples/guide-driver.mjs
 * verbatim, and what the guide says the explorer prints for it and for its buggy sibling is
 * what it prints.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { run } from '../cli/helpers.js';
const root = (f) => fileURLToPath(new URL(`../../../${f}`, import.meta.url));
const readme = readFileSync(root('README.md'), 'utf8');
function block_after(marker) {
    const i = readme.indexOf(marker);
    assert.ok(i >= 0, `README has no ${marker}`);
    const start = readme.indexOf('```js\n', i) + '```js\n'.length;
    const end = readme.indexOf('```\n', start);
    return readme.slice(start, end);
}
test('the README guide shows examples/guide-driver.mjs as it is', () => {
    assert.equal(block_after('<!-- guide-driver.mjs -->'), readFileSync(root('examples/guide-driver.mjs'), 'utf8'));
});
test('the guide driver is clean and exhausted under dfs, as the guide says', () => {
    const r = run(['explore', root('examples/guide-driver.mjs'), '--strategy', 'dfs']);
    assert.equal(r.code, 0, r.out + r.err);
    const m = /on v6: clean within these bounds: strategy dfs, preemption bound 2, (\d+) executions, (\d+) steps, step budget 20000, bounded space exhausted, stopped: exhausted/.exec(r.out);
    assert.ok(m, r.out);
    assert.ok(readme.includes(`clean\nwithin these bounds: strategy dfs, preemption bound 2, ${m[1]} executions, ${m[2]} steps, step budget\n20000, bounded space exhausted, stopped: exhausted`), `README does not show ${m[1]} executions, ${m[2]} steps`);
});
test('without read_retry the guide driver maps a freed page, with the report and interleaving the guide shows', () => {
    const r = run(['explore', root('examples/guide-driver-buggy.mjs'), '--strategy', 'dfs']);
    assert.equal(r.code, 1, r.out + r.err);
    const title = 'BUG: device use-after-free: pfn 1024 programmed with a page that has already been freed (gpu0 at 0x3f8000000000)';
    assert.ok(r.out.includes(`${title}\npage pfn 1024 (anon): freed by thread cpu at step 36\ndetected in thread gpu at step 39\n`), r.out);
    assert.ok(readme.includes(title));
    // Every interleaving line the guide quotes is a line of the real interleaving.
    const quoted = readme.slice(readme.lastIndexOf(title)).split('\n').filter((l) => /^>? +\d+\. /.test(l)).slice(0, 15);
    assert.equal(quoted.length, 15);
    const lines = new Set(r.out.split('\n').map((l) => l.trimEnd()));
    for (const q of quoted)
        assert.ok(lines.has(q.trimEnd()), `not in the output: ${q}`);
});
