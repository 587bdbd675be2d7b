/*
 * The notifier core as the kernel it names has it (issue "fidelity review"): what
 * mmu_notifier_synchronize() waits for, and what a failed non-blockable invalidate_range_start
 * does to the notifiers that started, per release.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KObj, kfree, kmalloc, Mutex, mutex_lock, mutex_trylock, mutex_unlock, spawn, srcu_barrier } from '../../src/kernel/index.js';
import { DEFAULT_OPTIONS, explore } from '../../src/explore/run.js';
import * as mm from '../../src/mm/index.js';
import { runThreads, scenarioOf } from '../helpers.js';
import { ANON, RW } from './helpers.js';
class Drv extends KObj {
    lock = new Mutex('drv->lock', this);
    constructor() {
        super('drv');
    }
}
/* ---- mmu_notifier_synchronize ------------------------------------------------------- */
/** A driver that unhooks with unregister_no_release, waits with `wait`, then frees itself. */
function unhookScenario(wait) {
    return scenarioOf('unhook-then-free', () => {
        const t = mm.task_create('p');
        const drv = kmalloc(new Drv());
        const sub = new mm.MmuNotifier({
            // The callback uses the driver structure, as every real one does.
            *invalidate_range_start() {
                yield* mutex_lock(drv.lock);
                yield* mutex_unlock(drv.lock);
                return 0;
            },
        }, drv);
        spawn('setup', function* () {
            const a = yield* mm.sys_mmap(t, 0, mm.PAGE_SIZE, RW, ANON);
            yield* mm.user_write_u32(t, a, 1);
            assert.equal(yield* mm.mmu_notifier_register(sub, t.mm), 0);
            spawn('cpu', function* () {
                yield* mm.sys_munmap(t, a, mm.PAGE_SIZE);
            });
            spawn('unbind', function* () {
                yield* mm.mmu_notifier_unregister_no_release(sub, t.mm);
                yield* wait();
                kfree(drv);
            });
        });
    });
}
test('unregister_no_release, mmu_notifier_synchronize, kfree: correct in the kernel, clean in every interleaving', () => {
    const r = explore(unhookScenario(() => mm.mmu_notifier_synchronize()), 'v6', { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions: 2 });
    assert.equal(r.stopReason, 'exhausted');
    assert.deepEqual(r.violations, []);
    assert.ok(r.executions > 10, `${r.executions} executions`);
});
test('srcu_barrier does not wait for an invalidation inside its walk: the same free is a use-after-free', () => {
    const r = explore(unhookScenario(() => srcu_barrier(mm.mmu_notifier_srcu())), 'v6', { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions: 2 });
    assert.deepEqual(r.violations.map((v) => v.kind), ['use-after-free']);
    assert.match(r.violations[0].message, /drv/);
});
/* ---- a failed non-blockable start ---------------------------------------------------- */
/**
 * Notifier A keeps its lock from start to end (trylock when it may not block); notifier B
 * cannot take its own lock when the range is non-blockable. The OOM reaper reaps once while B's
 * lock is held, then a thread takes A's lock.
 */
function* failedNonblock(hasEndOnB) {
    const t = mm.task_create('victim');
    const a = yield* mm.sys_mmap(t, 0, mm.PAGE_SIZE, RW, ANON);
    yield* mm.user_write_u32(t, a, 1);
    const lockA = new Mutex('a->lock');
    const lockB = new Mutex('b->lock');
    const ends = [];
    const A = new mm.MmuNotifier({
        *invalidate_range_start(_s, range) {
            if (mm.mmu_notifier_range_blockable(range))
                yield* mutex_lock(lockA);
            else if (!(yield* mutex_trylock(lockA)))
                return -mm.EAGAIN;
            return 0;
        },
        *invalidate_range_end() {
            ends.push('A');
            yield* mutex_unlock(lockA);
        },
    });
    const opsB = {
        *invalidate_range_start(_s, range) {
            if (!(yield* mutex_trylock(lockB)))
                return mm.mmu_notifier_range_blockable(range) ? 0 : -mm.EAGAIN;
            yield* mutex_unlock(lockB);
            return 0;
        },
    };
    if (hasEndOnB) {
        opsB.invalidate_range_end = function* () {
            ends.push('B');
        };
    }
    const B = new mm.MmuNotifier(opsB);
    assert.equal(yield* mm.mmu_notifier_register(A, t.mm), 0);
    assert.equal(yield* mm.mmu_notifier_register(B, t.mm), 0);
    yield* mutex_lock(lockB);
    const reaped = yield* mm.__oom_reap_task_mm(t.mm);
    assert.equal(reaped, false, 'the reaper had to skip the VMA');
    yield* mutex_unlock(lockB);
    const lockTaken = yield* mutex_trylock(lockA);
    if (lockTaken)
        yield* mutex_unlock(lockA);
    return { lockTaken, ends };
}
function runRelease(release, hasEndOnB) {
    let out;
    const r = runThreads({
        *main() {
            out = yield* failedNonblock(hasEndOnB);
        },
    }, { init: () => mm.set_kernel_release(release) });
    return { out: out, kinds: r.violations.map((v) => `${v.kind}: ${v.message}`) };
}
test('since 5.13 a failed non-blockable start ends the notifiers that started: A releases its lock', () => {
    const { out, kinds } = runRelease(mm.KERNEL_LATEST, false);
    assert.deepEqual(kinds, []);
    assert.deepEqual(out, { lockTaken: true, ends: ['A'] });
});
test('before 5.13 none is ended: A keeps its lock after the reaper gave up (v5.2, v5.3)', () => {
    const { out, kinds } = runRelease(mm.KERNEL_5_2, false);
    assert.deepEqual(kinds, ['warn: main exited holding a->lock']);
    assert.deepEqual(out, { lockTaken: false, ends: [] });
});
test('since 5.13 a notifier whose start fails must not have an end callback: WARN, and its end is called too', () => {
    const { out, kinds } = runRelease(mm.KERNEL_LATEST, true);
    assert.equal(kinds.length, 1);
    assert.match(kinds[0], /^warn: .*invalidate_range_start failed with -11 but the notifier has invalidate_range_end/);
    assert.deepEqual(out, { lockTaken: true, ends: ['A', 'B'] });
    assert.deepEqual(runRelease(mm.KERNEL_5_2, true).kinds, ['warn: main exited holding a->lock']);
});
test('the explorer runs design v5.2 and v5.3 under their releases, others under the newest', () => {
    const seen = {};
    for (const design of ['v5.2', 'v5.3', 'v6', 'base', 'mine']) {
        const sc = scenarioOf('release-probe', () => {
            seen[design] = mm.kernel_release();
            spawn('t', function* () { });
        }, { designs: { [design]: { clean: true } } });
        explore(sc, design, { ...DEFAULT_OPTIONS, strategy: 'dfs', executions: 1 });
    }
    assert.deepEqual(seen, { 'v5.2': 502, 'v5.3': 503, v6: mm.KERNEL_LATEST, base: mm.KERNEL_LATEST, mine: mm.KERNEL_LATEST });
});
