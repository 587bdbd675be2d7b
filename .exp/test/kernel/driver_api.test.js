/*
 * The rest of the kernel API a driver reaches for (issue 14): xarray lookups of freed entries
 * are use-after-free, kvfree of a vmalloc'ed object under a spinlock sleeps in atomic context,
 * the killable lock waits return -EINTR on SIGKILL, WARN_ON_ONCE warns once, spin_lock_irqsave
 * is atomic, mutex_trylock never sleeps, might_sleep reports; and each is quiet on correct use.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DONE, fatal_signal_pending, GFP_ATOMIC, kfree, kmalloc, KObj, kvfree, kvmalloc, might_sleep, Mutex, mutex_lock, mutex_lock_killable, mutex_trylock, mutex_unlock, msleep, send_sig_kill, spawn, spin_lock_irqsave, spin_unlock_irqrestore, Spinlock, WARN_ON_ONCE, xa_alloc, xa_erase, xa_for_each, xa_init, xa_insert, xa_load, xa_store, __xa_store, XA_FLAGS_ALLOC, } from '../../src/kernel/index.js';
import { mmap_read_lock_killable, mmap_write_lock, mmap_write_unlock, task_create } from '../../src/mm/index.js';
import { runThreads } from '../helpers.js';
class Obj extends KObj {
    constructor() {
        super('obj');
    }
}
function kinds(r) {
    return r.violations.map((v) => v.kind);
}
test('xarray: store, insert, alloc, load, erase, for_each; a lookup of a freed entry is a use-after-free in xa_load', () => {
    const r = runThreads({
        *t() {
            const xa = xa_init('objs', XA_FLAGS_ALLOC);
            const a = kmalloc(new Obj());
            const b = kmalloc(new Obj());
            assert.equal(yield* xa_store(xa, 3, a), undefined);
            assert.equal(yield* xa_insert(xa, 3, b), -16);
            assert.equal(yield* xa_alloc(xa, b, [0, 10]), 0);
            assert.deepEqual(xa_for_each(xa).map(([i]) => i), [0, 3]);
            assert.equal(yield* xa_load(xa, 3), a);
            assert.equal(yield* xa_erase(xa, 3), a);
            assert.equal(yield* xa_load(xa, 3), undefined);
            kfree(a);
            kfree(b); // still stored at 0
            yield* xa_load(xa, 0);
        },
    });
    assert.deepEqual(kinds(r), ['use-after-free']);
    assert.equal(r.violations[0].title, 'BUG: KASAN: use-after-free in xa_load');
    assert.match(r.violations[0].message, /xa_load\(objs, 0\) found obj#2, which has been freed/);
});
test('__xa_store without xa_lock is lock-not-held', () => {
    const r = runThreads({
        *t() {
            const xa = xa_init('objs');
            yield* __xa_store(xa, 1, new Obj());
        },
    });
    assert.deepEqual(kinds(r), ['lock-not-held']);
});
test('kvmalloc/kvfree: a vmalloc-sized object freed under a spinlock may sleep (vfree); a small one does not', () => {
    let lock = new Spinlock('drv->lock');
    const small = runThreads({
        *t() {
            const o = kvmalloc(new Obj(), undefined, 64);
            yield* spin_lock_irqsave(lock);
            kvfree(o);
            yield* spin_unlock_irqrestore(lock);
        },
    });
    assert.deepEqual(kinds(small), []);
    lock = new Spinlock('drv->lock');
    const big = runThreads({
        *t() {
            const o = kvmalloc(new Obj(), undefined, 1 << 20);
            yield* spin_lock_irqsave(lock);
            kvfree(o);
            yield* spin_unlock_irqrestore(lock);
        },
    });
    assert.deepEqual(kinds(big), ['sleep-in-atomic']);
    assert.equal(big.violations[0].title, 'BUG: sleeping function called from invalid context at vfree');
    lock = new Spinlock('drv->lock');
    const atomic = runThreads({
        *t() {
            yield* spin_lock_irqsave(lock);
            const o = kvmalloc(new Obj(), GFP_ATOMIC, 1 << 20);
            kvfree(o);
            yield* spin_unlock_irqrestore(lock);
        },
    });
    assert.deepEqual(kinds(atomic), [], 'a GFP_ATOMIC kvmalloc is a kmalloc');
});
test('spin_lock_irqsave is atomic: might_sleep and mutex_lock inside it are reported; mutex_trylock is not', () => {
    const s = new Spinlock('s');
    const m = new Mutex('m');
    const r = runThreads({
        *t() {
            yield* spin_lock_irqsave(s);
            assert.equal(yield* mutex_trylock(m), true);
            yield* mutex_unlock(m);
            yield* spin_unlock_irqrestore(s);
            might_sleep('outside');
            yield* spin_lock_irqsave(s);
            might_sleep('my_driver_op');
        },
    });
    assert.deepEqual(kinds(r), ['sleep-in-atomic']);
    assert.equal(r.violations[0].title, 'BUG: sleeping function called from invalid context at my_driver_op');
});
test('WARN_ON_ONCE warns the first time only, and returns the condition every time', () => {
    const seen = [];
    const r = runThreads({
        *t() {
            for (let i = 0; i < 3; i++)
                seen.push(WARN_ON_ONCE(i > 0, 'i > 0'));
            yield* DONE;
        },
    });
    assert.deepEqual(seen, [false, true, true]);
    assert.deepEqual(kinds(r), ['warn']);
});
test('killable waits: SIGKILL wakes a waiter in mmap_read_lock_killable / mutex_lock_killable with -EINTR', () => {
    let ret = 1;
    let ret2 = 1;
    const m = new Mutex('m');
    const r = runThreads({
        *holder() {
            const task = task_create('p');
            const mm = task.mm;
            yield* mmap_write_lock(mm);
            yield* mutex_lock(m);
            let victim = null;
            victim = spawn('victim', function* () {
                ret = yield* mmap_read_lock_killable(mm);
                ret2 = yield* mutex_lock_killable(m);
                assert.equal(fatal_signal_pending(), true);
                if (ret2 === 0)
                    yield* mutex_unlock(m);
            });
            yield* msleep(1); // the victim sleeps in mmap_read_lock_killable meanwhile
            yield* send_sig_kill(victim);
            yield* msleep(1); // the victim wakes while the locks are still held
            yield* mmap_write_unlock(mm);
            yield* mutex_unlock(m);
        },
    });
    assert.deepEqual(r.violations.map((v) => v.message), []);
    assert.equal(ret, -4);
    assert.equal(ret2, -4, 'a contended killable lock with a signal pending');
});
test('mistakes are one-line errors: an object of another hmmsim copy, container_of of the wrong type, a notifier callback that is not a generator', async () => {
    const { ScenarioError, container_of, WorkStruct } = await import('../../src/kernel/index.js');
    // What a KObj of a second installed copy looks like to this one: same shape, other class.
    const foreign = { __label: 'mydrv#1', __state: 0, __alloc: null, __free: null };
    assert.throws(() => runThreads({ *t() { kmalloc(foreign); } }), (e) => e instanceof ScenarioError && /kmalloc: mydrv#1 is a KObj of another copy of hmmsim/.test(e.message));
    class Other extends KObj {
        constructor() {
            super('other');
        }
    }
    const w = new WorkStruct(new Obj());
    assert.throws(() => container_of(w, Other), /the member is embedded in obj#\d+, not in a Other/);
    let got = null;
    runThreads({
        *t() {
            got = container_of(w, Obj);
        },
    });
    assert.equal(got, w.owner);
    const { MmuIntervalNotifier, mmu_interval_notifier_insert } = await import('../../src/mm/interval_notifier.js');
    const { sys_mmap, sys_munmap, user_write_u32, MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } = await import('../../src/mm/index.js');
    assert.throws(() => runThreads({
        *t() {
            const task = task_create('p');
            const addr = yield* sys_mmap(task, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
            yield* user_write_u32(task, addr, 1);
            const mni = new MmuIntervalNotifier({ invalidate: (() => true) });
            yield* mmu_interval_notifier_insert(mni, task.mm, addr, 4096, mni.ops);
            yield* sys_munmap(task, addr, 4096);
        },
    }), (e) => e instanceof ScenarioError && /mmu_interval_notifier#1: mmu_interval_notifier_ops\.invalidate \(defined at .*\) is not a generator function: it returned a boolean/.test(e.message));
});
