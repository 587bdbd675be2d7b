import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Atomic, Completion, KObj, Kref, Mutex, POISON, RwSemaphore, Spinlock, SrcuStruct, WaitQueueHead, atomic_inc, call_srcu, complete, down_read, down_read_trylock, down_write, jiffies, kasan_check, kfree, kmalloc, kref_get, kref_put, lockdep_assert_held, msleep, mutex_lock, mutex_trylock, mutex_unlock, non_block_end, non_block_start, spin_lock, srcu_read_lock, srcu_read_unlock, synchronize_srcu, up_read, up_write, wait_event_timeout, wait_for_completion, wake_up_all, yield_now, check_leaks, } from '../../src/kernel/index.js';
import { runThreads, scriptedChooser } from '../helpers.js';
class Obj extends KObj {
    v = 0;
    kref = new Kref(this);
    constructor() {
        super('obj');
    }
}
const kinds = (r) => r.violations.map((v) => v.kind);
test('wait_event_timeout: times out on virtual time, not wall-clock', () => {
    let ret = -1;
    let at = -1;
    const wq = new WaitQueueHead('wq');
    const r = runThreads({
        *waiter() {
            ret = yield* wait_event_timeout(wq, () => false, 1000);
            at = jiffies();
        },
    });
    assert.deepEqual(kinds(r), []);
    assert.equal(ret, 0);
    assert.equal(at, 1000);
});
test('wait_event_timeout: returns remaining time when woken with the condition true', () => {
    let ret = -1;
    let flag = false;
    const wq = new WaitQueueHead('wq');
    const r = runThreads({
        *waiter() {
            ret = yield* wait_event_timeout(wq, () => flag, 1000);
        },
        *waker() {
            yield* msleep(300);
            flag = true;
            yield* wake_up_all(wq);
        },
    });
    assert.deepEqual(kinds(r), []);
    assert.equal(ret, 700);
});
test('deadlock: every live thread blocked with no timer pending', () => {
    const c = new Completion('never');
    const r = runThreads({
        *stuck() {
            yield* wait_for_completion(c);
        },
    });
    assert.deepEqual(kinds(r), ['deadlock']);
    assert.match(r.violations[0].message, /stuck on never/);
});
test('completion wakes the waiter', () => {
    const c = new Completion('done');
    let woke = false;
    const r = runThreads({
        *w() {
            yield* wait_for_completion(c);
            woke = true;
        },
        *s() {
            yield* complete(c);
        },
    });
    assert.deepEqual(kinds(r), []);
    assert.equal(woke, true);
});
test('livelock: a spin loop that never succeeds exceeds the step budget', () => {
    const r = runThreads({
        *spinner() {
            for (;;)
                yield* yield_now();
        },
    }, { stepBudget: 500 });
    assert.deepEqual(kinds(r), ['livelock']);
    assert.equal(r.steps, 500);
});
test('sleeping while holding a spinlock is sleep-in-atomic', () => {
    const s = new Spinlock('s');
    const m = new Mutex('m');
    const r = runThreads({
        *t() {
            yield* spin_lock(s);
            yield* mutex_lock(m);
        },
    });
    assert.deepEqual(kinds(r), ['sleep-in-atomic']);
});
test('sleeping inside non_block_start() is sleep-in-atomic; trylock is fine', () => {
    const m = new Mutex('m');
    let got = false;
    const ok = runThreads({
        *t() {
            non_block_start();
            got = yield* mutex_trylock(m);
            yield* mutex_unlock(m);
            non_block_end();
        },
    });
    assert.deepEqual(kinds(ok), []);
    assert.equal(got, true);
    const bad = runThreads({
        *t() {
            non_block_start();
            yield* msleep(1);
        },
    });
    assert.deepEqual(kinds(bad), ['sleep-in-atomic']);
});
test('lockdep_assert_held reports lock-not-held', () => {
    const m = new Mutex('m');
    const r = runThreads({
        *t() {
            lockdep_assert_held(m, 'needs_m');
            yield* mutex_lock(m);
            lockdep_assert_held(m, 'needs_m');
            yield* mutex_unlock(m);
        },
    });
    assert.deepEqual(kinds(r), ['lock-not-held']);
    assert.match(r.violations[0].message, /needs_m called without holding m/);
});
test('rwsem: a waiting writer blocks new readers (recursive read then deadlocks)', () => {
    const s = new RwSemaphore('sem');
    // reader takes it, writer queues, reader tries again recursively -> deadlock.
    const r = runThreads({
        *reader() {
            yield* down_read(s);
            yield* yield_now();
            yield* down_read(s);
            yield* up_read(s);
            yield* up_read(s);
        },
        *writer() {
            yield* down_write(s);
            yield* up_write(s);
        },
    }, { chooser: scriptedChooser([0, 0, 1, 1, 0, 0]) });
    // lockdep flags the recursive read first; the queued writer then makes it a real deadlock.
    assert.deepEqual(kinds(r), ['lock-order', 'deadlock']);
    assert.match(r.violations[0].title, /possible recursive locking detected/);
});
test('lockdep: taking a held mutex again is recursive locking, reported before the self-deadlock', () => {
    const m = new Mutex('m');
    const r = runThreads({
        *t() {
            yield* mutex_lock(m);
            yield* mutex_lock(m);
        },
    });
    assert.deepEqual(kinds(r), ['lock-order', 'deadlock']);
    assert.match(r.violations[0].message, /t takes m while holding it/);
});
test('rwsem: down_read_trylock fails while a writer holds it', () => {
    const s = new RwSemaphore('sem');
    const got = [];
    const r = runThreads({
        *writer() {
            yield* down_write(s);
            yield* yield_now();
            yield* up_write(s);
        },
        *reader() {
            got.push(yield* down_read_trylock(s));
        },
    }, { chooser: scriptedChooser([0, 0, 1, 1]) });
    assert.deepEqual(kinds(r), []);
    assert.deepEqual(got, [false]);
});
test('kref: put on zero is refcount-underflow, get on zero is use-after-free', () => {
    const release = function* () { };
    const o = new Obj();
    const r = runThreads({
        *t() {
            yield* kref_put(o.kref, release);
            yield* kref_put(o.kref, release);
        },
    });
    assert.deepEqual(kinds(r), ['refcount-underflow']);
    const o2 = new Obj();
    o2.kref.refcount = 0;
    const r2 = runThreads({
        *t() {
            yield* kref_get(o2.kref);
        },
    });
    assert.deepEqual(kinds(r2), ['use-after-free']);
});
test('KASAN: use-after-free names the allocating and freeing threads', () => {
    let o;
    const r = runThreads({
        *freer() {
            kfree(o);
        },
        *user() {
            yield* yield_now();
            kasan_check(o, 'user_fn');
        },
    }, { init: () => (o = kmalloc(new Obj())), record: true });
    assert.deepEqual(kinds(r), ['use-after-free']);
    const v = r.violations[0];
    assert.equal(v.thread, 'user');
    assert.ok(v.detail.some((l) => l.startsWith('Allocated by thread init')));
    assert.ok(v.detail.some((l) => l.startsWith('Freed by thread freer')));
});
test('KASAN: double free and poison dereference', () => {
    let o;
    const r = runThreads({
        *t() {
            kfree(o);
            kfree(o);
        },
    }, { init: () => (o = kmalloc(new Obj())) });
    assert.deepEqual(kinds(r), ['double-free']);
    const holder = { p: POISON };
    const r2 = runThreads({
        *t() {
            kasan_check(holder.p, 'f');
        },
    });
    assert.deepEqual(kinds(r2), ['poison-deref']);
});
test('a lock inside a freed object: taking it is use-after-free', () => {
    class WithLock extends KObj {
        lock = new Mutex('wl->lock', this);
        constructor() {
            super('wl');
        }
    }
    let o;
    const r = runThreads({
        *t() {
            kfree(o);
            yield* mutex_lock(o.lock);
        },
    }, { init: () => (o = kmalloc(new WithLock())) });
    assert.deepEqual(kinds(r), ['use-after-free']);
});
test('leaks: objects still allocated are reported when asked', () => {
    const r = runThreads({
        *t() {
            kmalloc(new Obj());
            check_leaks();
        },
    });
    assert.deepEqual(kinds(r), ['leak']);
});
test('SRCU: synchronize_srcu waits for a reader that entered before it', () => {
    const ss = new SrcuStruct('ss');
    const order = [];
    const r = runThreads({
        *reader() {
            const i = yield* srcu_read_lock(ss);
            yield* yield_now();
            yield* yield_now();
            order.push('reader-unlock');
            yield* srcu_read_unlock(ss, i);
        },
        *sync() {
            yield* synchronize_srcu(ss);
            order.push('synced');
        },
    }, { chooser: scriptedChooser([0, 0, 1, 1, 1]) });
    assert.deepEqual(kinds(r), []);
    assert.deepEqual(order, ['reader-unlock', 'synced']);
});
test('SRCU: call_srcu runs its callback in its own thread after the grace period', () => {
    const ss = new SrcuStruct('ss');
    const order = [];
    const r = runThreads({
        *reader() {
            const i = yield* srcu_read_lock(ss);
            yield* call_srcu(ss, function* () {
                order.push('callback');
            });
            order.push('reader-unlock');
            yield* srcu_read_unlock(ss, i);
        },
    });
    assert.deepEqual(kinds(r), []);
    assert.deepEqual(order, ['reader-unlock', 'callback']);
    assert.deepEqual(r.threads, ['reader', 'srcu_cb/ss#1']);
});
test('atomics are scheduling points; a thread that is not a generator is rejected', () => {
    const a = new Atomic(0, 'a');
    const r = runThreads({
        *t() {
            yield* atomic_inc(a);
        },
    });
    assert.equal(a.v, 1);
    assert.equal(r.steps, 2);
    assert.throws(() => runThreads({ t: (async () => { }) }), /not a generator|is an async function/);
});
test('a thread that yields a promise (real time / I/O) is rejected', () => {
    assert.throws(() => runThreads({
        *t() {
            yield new Promise((r) => setTimeout(r, 1));
        },
    }), /must not wait on real time, I\/O or promises/);
});
