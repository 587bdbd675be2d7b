import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { KObj, kmalloc, schedule_point, spawn, yield_now } from '../../src/kernel/index.js';
import { DfsStrategy } from '../../src/explore/dfs.js';
import { DEFAULT_OPTIONS, explore, replayToken, runExecution } from '../../src/explore/run.js';
import { decodeToken, encodeToken, TokenError } from '../../src/explore/token.js';
import { demoScenarios } from '../../src/scenarios/demo/index.js';
import { findScenario } from '../../src/scenarios/index.js';
import { renderReplay } from '../../src/report/text.js';
import { scenarioOf } from '../helpers.js';
const buggy = demoScenarios.filter((s) => !s.designs.base.clean);
const twins = demoScenarios.filter((s) => s.designs.base.clean);
const strategies = ['random', 'pct', 'dfs'];
for (const sc of buggy) {
    const exp = sc.designs.base;
    for (const strategy of strategies) {
        test(`${strategy} finds ${sc.name}, and its token replays the identical execution`, () => {
            const r = explore(sc, 'base', { ...DEFAULT_OPTIONS, strategy, executions: 5000, seconds: 30 });
            assert.ok(r.violations.length > 0, 'a violation was found');
            const v = r.violations[0];
            assert.ok(!exp.clean && exp.kinds.includes(v.kind), `kind ${v.kind} is expected`);
            // Lean replay reproduces the same violation at the same step.
            const lean = replayToken(v.token, findScenario, false).result;
            assert.ok(lean.violations.some((x) => x.kind === v.kind && x.message === v.message && x.step === v.step && x.thread === v.thread));
            // Two recorded replays give the identical step sequence and report.
            const a = replayToken(v.token, findScenario, true);
            const b = replayToken(v.token, findScenario, true);
            assert.deepEqual(a.result.events, b.result.events);
            assert.equal(a.result.events.length, lean.steps);
            const ra = renderReplay(sc.name, 'base', v.token, a.result);
            assert.equal(ra, renderReplay(sc.name, 'base', v.token, b.result));
            assert.match(ra, new RegExp(v.kind === 'lock-order' ? 'possible circular locking dependency' : v.kind === 'deadlock' ? 'task hung' : v.kind === 'assertion' ? 'ASSERTION FAILED' : 'KASAN'));
        });
    }
}
for (const sc of twins) {
    test(`dfs exhausts ${sc.name} at preemption bound 2 with no report`, () => {
        const r = explore(sc, 'base', { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions: 2, executions: 1_000_000 });
        assert.equal(r.exhausted, true);
        assert.deepEqual(r.violations, []);
        assert.ok(r.executions > 1);
    });
}
test('ABBA: lock-order without deadlock in some executions, deadlock in others', () => {
    const sc = findScenario('demo-abba');
    const dfs = new DfsStrategy(2);
    const seen = [];
    while (dfs.nextExecution()) {
        const res = runExecution(sc, 'base', dfs, 1000, false);
        seen.push(res.violations.map((v) => v.kind).sort().join('+'));
    }
    assert.ok(seen.includes('lock-order'), 'an execution reported the inversion without deadlocking');
    assert.ok(seen.includes('deadlock+lock-order'), 'an execution deadlocked');
    // lockdep remembers orders across the whole execution: even a fully serial run reports it.
    assert.ok(!seen.includes(''), 'every execution saw both orders, so none is clean');
});
/** Two threads with one scheduling point each: 2 + 2 steps, C(4,2) = 6 interleavings. */
function twoByTwo() {
    return scenarioOf('two-by-two', () => {
        for (const n of ['a', 'b'])
            spawn(n, function* () {
                yield* schedule_point('p');
            });
    });
}
test('dfs: iterative context bounding visits exactly the schedules within each bound', () => {
    const sc = twoByTwo();
    const distinct = (k) => {
        const dfs = new DfsStrategy(k);
        const tokens = new Set();
        let runs = 0;
        while (dfs.nextExecution()) {
            const rec = [];
            runExecution(sc, 'base', {
                pickThread: (r, l, lr, f) => {
                    const t = dfs.pickThread(r, l, lr, f);
                    rec.push(t);
                    return t;
                },
                pickValue: (n) => dfs.pickValue(n),
            }, 100, false);
            runs++;
            tokens.add(rec.join(','));
        }
        return { distinct: tokens.size, runs, exhausted: dfs.exhausted };
    };
    // 0 preemptions: a-a-b-b and b-b-a-a. 1: also a-b-b-a and b-a-a-b. 2: all six.
    assert.deepEqual(distinct(0), { distinct: 2, runs: 2, exhausted: true });
    assert.deepEqual(distinct(1), { distinct: 4, runs: 2 + 4, exhausted: true });
    assert.deepEqual(distinct(2), { distinct: 6, runs: 2 + 4 + 6, exhausted: true });
});
test('pct and random are deterministic for a seed', () => {
    const sc = findScenario('demo-srcu-free');
    for (const strategy of ['pct', 'random']) {
        const a = explore(sc, 'base', { ...DEFAULT_OPTIONS, strategy, seed: 7 });
        const b = explore(sc, 'base', { ...DEFAULT_OPTIONS, strategy, seed: 7 });
        assert.equal(a.executions, b.executions);
        assert.equal(a.violations[0].token, b.violations[0].token);
    }
});
test('keep going collects distinct violations', () => {
    const r = explore(findScenario('demo-abba'), 'base', { ...DEFAULT_OPTIONS, strategy: 'dfs', keepGoing: true });
    assert.equal(r.exhausted, true);
    const kinds = new Set(r.violations.map((v) => v.kind));
    assert.deepEqual([...kinds].sort(), ['deadlock', 'lock-order']);
});
test('replay tokens round-trip any choice stream', () => {
    fc.assert(fc.property(fc.array(fc.nat({ max: 100_000 }), { maxLength: 300 }), fc.string({ minLength: 1 }), fc.nat({ max: 1e9 }), (choices, scenario, budget) => {
        const t = { scenario, design: 'v5.3', stepBudget: budget + 1, choices };
        assert.deepEqual(decodeToken(encodeToken(t)), t);
    }));
});
test('malformed tokens are rejected with TokenError', () => {
    for (const bad of ['', 'hm1', 'hm2:a:b:1:AA', 'hm1:a:b:x:AA', 'hm1:a:b:0:AA', 'hm1:a:b:10:@@', 'hm1:a:b:10:gA', 'hm1:%E0%A4%A:b:10:AA']) {
        assert.throws(() => decodeToken(bad), TokenError, bad);
    }
});
test('a scenario that asks for leak checks gets a leak report for what it never frees', () => {
    const sc = findScenario('demo-use-after-free-kref');
    // The twin frees its widget at the last kref_put: clean with the leak check on.
    assert.deepEqual(explore(sc, 'base', { ...DEFAULT_OPTIONS, strategy: 'dfs' }).violations, []);
    const leaky = scenarioOf('leaky', () => {
        spawn('t', leaky_body);
    }, { checkLeaks: true });
    const r = explore(leaky, 'base', { ...DEFAULT_OPTIONS, strategy: 'dfs' });
    assert.equal(r.violations.length, 1);
    assert.equal(r.violations[0].kind, 'leak');
    assert.match(r.violations[0].message, /leaked leaky_obj#1/);
});
class LeakyObj extends KObj {
    constructor() {
        super('leaky_obj');
    }
}
function* leaky_body() {
    kmalloc(new LeakyObj());
    yield* schedule_point('forget to free');
}
test('a retry loop that yields lets the thread it waits for run: dfs and pct find no livelock, and the spinner still sees every order', () => {
    // The spinner polls a flag the setter sets after two steps of its own; yield_now hands the
    // CPU over (as loom schedules it), so no schedule spins forever.
    let seen = [];
    const sc = scenarioOf('yield-fair', () => {
        const st = { flag: 0, polls: 0 };
        spawn('spinner', function* () {
            while (st.flag === 0) {
                st.polls++;
                yield* yield_now();
            }
            seen.push(st.polls);
        });
        spawn('setter', function* () {
            yield* schedule_point('before');
            yield* schedule_point('after');
            st.flag = 1;
        });
    });
    for (const strategy of ['dfs', 'pct']) {
        seen = [];
        const r = explore(sc, 'base', { ...DEFAULT_OPTIONS, strategy, preemptions: 2, executions: 2000, seconds: 30, stepBudget: 10_000 });
        assert.deepEqual(r.violations, [], strategy);
        if (strategy === 'dfs')
            assert.equal(r.exhausted, true);
        // The spinner polled once or more before the flag came, never unboundedly.
        assert.ok(seen.length > 0 && Math.max(...seen) <= 3, `${strategy}: ${seen.join(',')}`);
    }
});
