/*
 * Every README output block marked with an output directive is what its command prints now
 * (timings compared as N). `npm run readme` regenerates them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { findBlocks, normalize, produce, root } from './readme_blocks.js';
const blocks = findBlocks(readFileSync(`${root}README.md`, 'utf8'));
test('the README has its output blocks', () => {
    assert.ok(blocks.length >= 6, `${blocks.length} blocks`);
});
for (const b of blocks) {
    test(`README block (line ${b.open}) is what \`hmmsim ${b.directive}\` prints`, () => {
        assert.equal(normalize(produce(b.directive)), normalize(b.body), `README.md line ${b.open + 1} is out of date: run npm run readme`);
    });
}
test('normalize leaves everything but timings alone', () => {
    assert.equal(normalize('stopped: at the first violation, 37 ms): "elapsedMs": 42 (4.2 s) in 16.2 s. step 6'), 'stopped: at the first violation, N ms): "elapsedMs": N (N s) in N s. step 6');
});
