/*
 * Property-based test of the mm model against the reference model of model.ts, with the mm
 * invariants checked after every operation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runOne } from '../helpers.js';
import * as mm from '../../src/mm/index.js';
import { opArb, runOps } from './model.js';
let totalOps = 0;
test('mm matches the reference model on random operation sequences (>= 10,000 operations)', () => {
    fc.assert(fc.property(fc.array(opArb, { minLength: 60, maxLength: 160, size: 'max' }), (ops) => {
        const log = [];
        const { value, result } = runOne(() => runOps(ops, log));
        totalOps += log.length;
        assert.deepEqual(result.violations.map((v) => `${v.kind}: ${v.title}: ${v.message}`), [], `violations after ${log.length} ops`);
        assert.equal(value, null);
    }), { numRuns: 110, seed: 0x6d6d });
    assert.ok(totalOps >= 10_000, `only ${totalOps} operations ran`);
});
test('mm random operations with THP in "always" mode', () => {
    mm.set_transparent_hugepage('always');
    try {
        fc.assert(fc.property(fc.array(opArb, { minLength: 60, maxLength: 120, size: 'max' }), (ops) => {
            const log = [];
            const { value, result } = runOne(() => runOps(ops, log));
            totalOps += log.length;
            assert.deepEqual(result.violations.map((v) => `${v.kind}: ${v.title}: ${v.message}`), []);
            assert.equal(value, null);
        }), { numRuns: 40, seed: 0x7470 });
    }
    finally {
        mm.set_transparent_hugepage('madvise');
    }
});
