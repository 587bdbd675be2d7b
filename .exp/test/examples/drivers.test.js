/*
 * The realistic example drivers of examples/ (issue 14), each checked the way a user would:
 * `hmmsim check --scenario <file>` must find the expected outcome. The clean ones are clean by
 * the strongest claim `check` makes (every interleaving when a reduction by partial order
 * exhausts the space; else dfs with preemption bound 2 exhausted, then pct depth 3 for 10,000
 * executions, without a report); each buggy sibling's violation is found and its replay token
 * reproduces exactly it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { run } from '../cli/helpers.js';
const example = (f) => fileURLToPath(new URL(`../../../examples/${f}`, import.meta.url));
const CLEAN = ['nouveau-svm.mjs', 'amdgpu-userptr.mjs', 'amdgpu-userptr-oom.mjs', 'odp.mjs', 'guide-driver.mjs', 'ioctl-error-path-fixed.mjs'];
const BUGGY = [
    ['nouveau-svm-buggy.mjs', 'sleep-in-atomic'],
    ['amdgpu-userptr-buggy.mjs', 'sleep-in-atomic'],
    ['odp-buggy.mjs', 'use-after-free'],
    ['guide-driver-buggy.mjs', 'device-use-after-free'],
    ['ioctl-error-path.mjs', 'warn, leak'],
];
for (const f of CLEAN) {
    test(`examples/${f}: clean by the strongest claim of check`, () => {
        const r = run(['check', '--scenario', example(f), '--json'], {}, 300_000);
        assert.equal(r.code, 0, r.out + r.err);
        const j = JSON.parse(r.out);
        assert.equal(j.results.length, 1);
        const res = j.results[0];
        assert.equal(res.ok, true);
        assert.equal(res.found.outcome, 'clean');
        assert.match(res.found.text, /^clean/);
        // Either claim `check` makes: every interleaving (a reduction by partial order that
        // exhausted the space), or the bounded one (dfs k=2 exhausted, then pct 10,000).
        const proof = res.explored.some((e) => /^dpor: \d+ executions, every interleaving$/.test(e));
        const bounded = res.explored.some((e) => /^dfs k=2: \d+ executions, exhausted$/.test(e)) && res.explored.includes('pct d=3: 10000 executions');
        assert.ok(proof || bounded, res.explored.join('; '));
    });
}
for (const [f, kind] of BUGGY) {
    test(`examples/${f}: the explorer finds ${kind}, and its token replays exactly that`, () => {
        const r = run(['check', '--scenario', example(f), '--json'], {}, 300_000);
        assert.equal(r.code, 0, r.out + r.err);
        const res = JSON.parse(r.out).results[0];
        assert.equal(res.found.text, kind);
        assert.deepEqual(res.found.kinds, kind.split(', '));
        const rep = run(['replay', res.token, '--json']);
        assert.equal(rep.code, 1, rep.out + rep.err);
        const got = JSON.parse(rep.out).violations.map((v) => v.kind).join(', ');
        assert.equal(got, kind, rep.out.slice(0, 500));
    });
}
