/*
 * Allocation fault injection (issue 14): with failslab's explore mode every failable
 * allocation is a data choice, so dfs runs each error path; an error path that leaves a lock
 * held or a reference taken is found (lockdep's held-at-exit warning, the leak check), with a
 * token that replays it; the fixed driver is clean over the whole space; fail_nth picks one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failslab_failures, failslab_setup, kfree, kmalloc_may_fail, KObj, Kref, kref_get, kref_put, kvmalloc, Mutex, mutex_lock, mutex_unlock, spawn, xa_init, xa_store, xa_is_err, xa_erase, } from '../../src/kernel/index.js';
import { DEFAULT_OPTIONS, explore, replayToken } from '../../src/explore/run.js';
import { runThreads } from '../helpers.js';
class Ctx extends KObj {
    lock = new Mutex('ctx->lock', this);
    ref = new Kref(this);
    objs = xa_init('objs', 0, this);
    constructor() {
        super('ctx');
    }
}
class Buf extends KObj {
    constructor() {
        super('buf');
    }
}
function* ctx_release(k) {
    kfree(k.owner);
}
/** An ioctl that allocates a buffer and publishes it; `buggy` error paths forget to clean up. */
function* create_buf(ctx, buggy) {
    yield* kref_get(ctx.ref);
    yield* mutex_lock(ctx.lock);
    const b = kmalloc_may_fail(new Buf());
    if (b === null) {
        if (!buggy) {
            yield* mutex_unlock(ctx.lock);
            yield* kref_put(ctx.ref, ctx_release);
        }
        return -12; // buggy: returns with ctx->lock held and the reference taken
    }
    const old = yield* xa_store(ctx.objs, 1, b);
    if (xa_is_err(old)) {
        if (!buggy)
            kfree(b);
        yield* mutex_unlock(ctx.lock);
        yield* kref_put(ctx.ref, ctx_release);
        return old; // buggy: b leaks
    }
    yield* mutex_unlock(ctx.lock);
    yield* kref_put(ctx.ref, ctx_release);
    return 0;
}
function* teardown(ctx) {
    const b = yield* xa_erase(ctx.objs, 1);
    if (b !== undefined)
        kfree(b);
    yield* kref_put(ctx.ref, ctx_release);
}
const scenarios = new Map();
function scenario(buggy) {
    const name = buggy ? 'failslab-buggy' : 'failslab-fixed';
    const sc = {
        name,
        group: 'test',
        description: name,
        designs: { base: { clean: true } },
        checkLeaks: true,
        setup() {
            failslab_setup({ explore: true, max_failures: 1 });
            spawn('ioctl', function* () {
                const ctx = kmalloc_may_fail(new Ctx(), undefined, 'ctx_nofail_site') ?? new Ctx();
                yield* create_buf(ctx, buggy);
                yield* teardown(ctx);
            });
        },
    };
    scenarios.set(name, sc);
    return sc;
}
test('failslab as a data choice: dfs runs every error path; the buggy ones leave a lock held and a buffer leaked', () => {
    const sc = scenario(true);
    const d = explore(sc, 'base', { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions: 0, executions: 1000, keepGoing: true });
    assert.ok(d.exhausted);
    // No failure, ctx fails, buf fails, the xarray node fails: four executions.
    assert.equal(d.executions, 4);
    const found = d.violations.map((v) => `${v.kind}: ${v.message}`).sort();
    assert.deepEqual(found, ['leak: leaked buf#1', 'leak: leaked ctx#1', 'warn: ioctl exited holding ctx#1->lock']);
    const held = d.violations.find((v) => v.kind === 'warn');
    const rep = replayToken(held.token, (n) => scenarios.get(n), false);
    assert.ok(rep.result.violations.some((v) => v.kind === 'warn' && v.message === held.message), 'the token replays the error path');
});
test('the fixed driver is clean on every error path (dfs exhausted, leak-checked)', () => {
    const d = explore(scenario(false), 'base', { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions: 0, executions: 1000, keepGoing: true });
    assert.ok(d.exhausted);
    assert.equal(d.executions, 4);
    assert.deepEqual(d.violations, []);
});
test('fail_nth fails exactly the n-th failable allocation, and __GFP_NOFAIL never fails', () => {
    const got = [];
    let failures = [];
    const r = runThreads({
        *t() {
            for (let i = 0; i < 3; i++)
                got.push(kmalloc_may_fail(new Buf()));
            got.push(kvmalloc(new Buf(), 0x8000 | 0x400 | 0x40 | 0x80 | 0x800));
            failures = failslab_failures();
            for (const b of got)
                if (b)
                    kfree(b);
            yield* mutex_lock(new Mutex('m'));
        },
    }, { init: () => failslab_setup({ fail_nth: 2 }) });
    assert.deepEqual(got.map((b) => b !== null), [true, false, true, true]);
    assert.deepEqual(failures, ['buf']);
    assert.deepEqual(r.violations.map((v) => v.kind), ['warn']);
    assert.throws(() => runThreads({ *t() { } }, { init: () => failslab_setup({ fail_nth: 0 }) }), /fail_nth must be a positive integer/);
});
