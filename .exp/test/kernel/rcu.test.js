/*
 * RCU and completions (issue 14): sleeping in a read section or an RCU callback is
 * sleep-in-atomic, synchronize_rcu in a read section too, rcu_dereference outside a section is
 * "suspicious RCU usage", a free that skips the grace period is found by KASAN while one after
 * synchronize_rcu or through kfree_rcu/call_rcu is clean over every interleaving of a bounded
 * dfs; completion timeouts run on virtual time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call_rcu, check, complete, complete_all, Completion, completion_done, jiffies, kasan_check, kfree, kfree_rcu, kmalloc, KObj, msleep, rcu_access_pointer, rcu_assign_pointer, rcu_barrier, rcu_dereference, rcu_dereference_protected, rcu_read_lock, rcu_read_unlock, RcuHead, schedule_point, spawn, synchronize_rcu, try_wait_for_completion, wait_for_completion, wait_for_completion_timeout, } from '../../src/kernel/index.js';
import { DEFAULT_OPTIONS, explore } from '../../src/explore/run.js';
import { runThreads, scenarioOf } from '../helpers.js';
class Cfg extends KObj {
    value = 7;
    rcu = new RcuHead(this);
    constructor() {
        super('cfg');
    }
}
class Holder extends KObj {
    ptr = null;
    constructor() {
        super('holder');
    }
}
function kinds(r) {
    return r.violations.map((v) => v.kind);
}
function dfs(setup, preemptions = 2) {
    return explore(scenarioOf('rcu', setup, { checkLeaks: true }), 'base', { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions, executions: 200_000, keepGoing: true });
}
function* reader(h) {
    yield* rcu_read_lock();
    const c = yield* rcu_dereference(h, 'ptr');
    if (c !== null) {
        yield* schedule_point('use cfg');
        check(kasan_check(c, 'reader').value === 7, 'value');
    }
    yield* rcu_read_unlock();
}
function updater_scenario(how) {
    return () => {
        const h = new Holder(); // static: it outlives every reader
        h.ptr = kmalloc(new Cfg());
        spawn('reader', () => reader(h));
        spawn('updater', function* () {
            const old = rcu_dereference_protected(h, 'ptr', true);
            yield* rcu_assign_pointer(h, 'ptr', null);
            if (how === 'at once')
                kfree(old);
            else if (how === 'synchronize_rcu') {
                yield* synchronize_rcu();
                kfree(old);
            }
            else if (how === 'kfree_rcu')
                yield* kfree_rcu(old);
            else
                yield* call_rcu(old.rcu, (head) => kfree(head.owner));
            yield* rcu_barrier();
        });
    };
}
test('a free that skips the grace period is a use-after-free in the reader', () => {
    const d = dfs(updater_scenario('at once'), 1);
    assert.deepEqual([...new Set(kinds(d))], ['use-after-free']);
    assert.equal(d.violations[0].title, 'BUG: KASAN: use-after-free in reader');
});
for (const how of ['synchronize_rcu', 'kfree_rcu', 'call_rcu']) {
    test(`a free after the grace period (${how}) is clean over every interleaving (dfs k=2 exhausted, leak-checked)`, () => {
        const d = dfs(updater_scenario(how));
        assert.deepEqual(d.violations, []);
        assert.ok(d.exhausted);
        assert.ok(d.executions > 5, `${d.executions} executions`);
    });
}
test('sleeping inside an RCU read section is sleep-in-atomic', () => {
    const r = runThreads({
        *t() {
            yield* rcu_read_lock();
            yield* msleep(1);
            yield* rcu_read_unlock();
        },
    });
    assert.deepEqual(kinds(r), ['sleep-in-atomic']);
    assert.equal(r.violations[0].title, 'BUG: sleeping function called from invalid context at msleep');
    assert.match(r.violations[0].detail[0], /RCU nest depth: 1, expected: 0/);
});
test('synchronize_rcu inside a read section is sleep-in-atomic (it would wait for itself)', () => {
    const r = runThreads({
        *t() {
            yield* rcu_read_lock();
            yield* rcu_read_lock();
            yield* synchronize_rcu();
        },
    });
    assert.deepEqual(kinds(r), ['sleep-in-atomic']);
    assert.match(r.violations[0].detail[0], /RCU nest depth: 2/);
});
test('an RCU callback that sleeps is sleep-in-atomic (callbacks run in softirq)', () => {
    const r = runThreads({
        *t() {
            const c = kmalloc(new Cfg());
            yield* call_rcu(c.rcu, function* () {
                yield* msleep(1);
            });
        },
    });
    assert.deepEqual(kinds(r), ['sleep-in-atomic']);
    assert.match(r.violations[0].detail[0], /in_serving_softirq\(\): 1 \(RCU callback\)/);
});
test('rcu_dereference outside a read section: suspicious RCU usage; rcu_access_pointer is fine; unprotected update-side read too', () => {
    const r = runThreads({
        *t() {
            const h = kmalloc(new Holder());
            yield* rcu_access_pointer(h, 'ptr');
            yield* rcu_dereference(h, 'ptr');
            rcu_dereference_protected(h, 'ptr', false);
            kfree(h);
        },
    });
    assert.deepEqual(kinds(r), ['lock-not-held', 'lock-not-held']);
    assert.equal(r.violations[0].title, 'WARNING: suspicious RCU usage');
    assert.match(r.violations[0].message, /holder#1->ptr read outside rcu_read_lock\(\)/);
});
test('an rcu_head queued twice, an unbalanced unlock, a thread that exits inside its section', () => {
    const twice = runThreads({
        *t() {
            const c = kmalloc(new Cfg());
            yield* call_rcu(c.rcu, () => { });
            yield* call_rcu(c.rcu, () => { });
        },
    });
    assert.deepEqual(kinds(twice), ['bug']);
    assert.match(twice.violations[0].title, /^ODEBUG: activate active/);
    const unbalanced = runThreads({
        *t() {
            yield* rcu_read_unlock();
        },
    });
    assert.deepEqual(kinds(unbalanced), ['bug']);
    const exits = runThreads({
        *t() {
            yield* rcu_read_lock();
        },
    });
    assert.deepEqual(kinds(exits), ['warn']);
    assert.match(exits.violations[0].message, /exited holding rcu_read_lock/);
});
test('completions: timeout on virtual time, complete_all releases every waiter, try_wait and completion_done', () => {
    const c = new Completion('c');
    let timed = -1;
    let at = -1;
    const r1 = runThreads({
        *w() {
            timed = yield* wait_for_completion_timeout(c, 30);
            at = jiffies();
        },
    });
    assert.deepEqual(kinds(r1), []);
    assert.equal(timed, 0);
    assert.equal(at, 30);
    const d = new Completion('d');
    let left = -1;
    const r2 = runThreads({
        *w() {
            left = yield* wait_for_completion_timeout(d, 30);
        },
        *s() {
            yield* msleep(10);
            yield* complete(d);
        },
    });
    assert.deepEqual(kinds(r2), []);
    assert.equal(left, 20);
    const e = new Completion('e');
    let passed = 0;
    const r3 = runThreads({
        *a() {
            yield* wait_for_completion(e);
            passed++;
        },
        *b() {
            yield* wait_for_completion(e);
            passed++;
        },
        *s() {
            assert.equal(yield* try_wait_for_completion(e), false);
            assert.equal(yield* completion_done(e), false);
            yield* complete_all(e);
            assert.equal(yield* try_wait_for_completion(e), true);
        },
    });
    assert.deepEqual(kinds(r3), []);
    assert.equal(passed, 2);
});
test('a completion embedded in a freed object: use-after-free in complete', () => {
    class Req extends KObj {
        done = new Completion('done', this);
        constructor() {
            super('req');
        }
    }
    const r = runThreads({
        *t() {
            const q = kmalloc(new Req());
            kfree(q);
            yield* complete(q.done);
        },
    });
    assert.deepEqual(kinds(r), ['use-after-free']);
    assert.equal(r.violations[0].title, 'BUG: KASAN: use-after-free in complete');
});
