/*
 * One visible operation per step (issue "trustworthy verdicts", §1), and the model's check of
 * it: the checker names both operations of a step that has two; it runs over every built-in
 * scenario on every design here (and over the whole test suite: npm test sets
 * HMMSIM_STEP_CHECK=1), and it is not vacuous: it checks operations of every kind.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ModelError, Mutex, mutex_lock, mutex_unlock, set_step_check, step_check_count, step_check_enabled, visible } from '../../src/kernel/index.js';
import { DEFAULT_OPTIONS, explore } from '../../src/explore/run.js';
import { builtinScenarios } from '../../src/scenarios/index.js';
import { alloc_page, put_page } from '../../src/mm/page.js';
import { runThreads } from '../helpers.js';
test('a step that performs two visible operations is an internal error naming both', () => {
    const was = step_check_enabled();
    set_step_check(true);
    try {
        assert.throws(() => runThreads({
            *t() {
                const a = alloc_page();
                const b = alloc_page();
                yield;
                put_page(a);
                put_page(b);
            },
        }), (e) => {
            assert.ok(e instanceof ModelError);
            assert.match(e.message, /^step discipline broken: step 2 of thread t performs two visible operations: put_page page pfn \d+ \(anon\), then put_page page pfn \d+ \(anon\) \(in put_page/);
            return true;
        });
        // The same two operations in two steps are fine.
        const ok = runThreads({
            *t() {
                const a = alloc_page();
                const b = alloc_page();
                yield;
                put_page(a);
                yield;
                put_page(b);
            },
        });
        assert.deepEqual(ok.violations, []);
    }
    finally {
        set_step_check(was);
    }
});
test('a lock release followed by another operation in the same step is caught too (the primitives check themselves)', () => {
    const was = step_check_enabled();
    set_step_check(true);
    try {
        const m = new Mutex('m');
        assert.throws(() => runThreads({
            *t() {
                yield* mutex_lock(m);
                yield* mutex_unlock(m);
                visible('device_map', 'gpu0'); // what device_map did before it became a step
            },
            *u() {
                yield* mutex_lock(m);
                yield* mutex_unlock(m);
            },
        }), /performs two visible operations: mutex_unlock m, then device_map gpu0/);
    }
    finally {
        set_step_check(was);
    }
});
test('off on the fast path: the checker costs a branch and reports nothing', () => {
    const was = step_check_enabled();
    set_step_check(false);
    try {
        const before = step_check_count();
        const r = runThreads({
            *t() {
                const a = alloc_page();
                const b = alloc_page();
                yield;
                put_page(a);
                put_page(b);
            },
        });
        assert.deepEqual(r.violations, []);
        assert.equal(step_check_count(), before);
    }
    finally {
        set_step_check(was);
    }
});
test('every built-in scenario, on every design, runs under the checker without a step of two operations', () => {
    const was = step_check_enabled();
    set_step_check(true);
    try {
        const before = step_check_count();
        let runs = 0;
        for (const sc of builtinScenarios) {
            for (const design of Object.keys(sc.designs)) {
                const n0 = step_check_count();
                // A short but real exploration: the checker throws a ModelError, which would end it here.
                explore(sc, design, { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions: 1, executions: 150, seconds: 20, stopAt: 'fatal' });
                explore(sc, design, { ...DEFAULT_OPTIONS, strategy: 'pct', executions: 50, seconds: 20, stopAt: 'fatal' });
                assert.ok(step_check_count() > n0, `${sc.name} on ${design}: no operation was checked`);
                runs++;
            }
        }
        assert.ok(runs >= 70, `only ${runs} scenario/design pairs`);
        assert.ok(step_check_count() - before > 1_000_000, `only ${step_check_count() - before} operations checked`);
    }
    finally {
        set_step_check(was);
    }
});
