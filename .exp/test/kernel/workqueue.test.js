/*
 * Workqueues (issue 14): the lockdep work/workqueue maps report "flush_work under a lock the
 * work takes" and "cancel_work_sync from the work itself" as the kernel does; a work freed
 * while queued (or while its timer is armed) is a use-after-free; ordered workqueues serialise
 * their items and unordered ones do not; the correct uses are clean over every interleaving
 * of a bounded dfs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alloc_ordered_workqueue, alloc_workqueue, cancel_delayed_work_sync, cancel_work_sync, check, Completion, complete, DelayedWork, destroy_workqueue, drain_workqueue, flush_work, flush_workqueue, INIT_DELAYED_WORK, INIT_WORK, jiffies, kfree, kmalloc, KObj, Mutex, mutex_lock, mutex_unlock, msleep, queue_delayed_work, queue_work, ScenarioError, schedule_work, spawn, wait_for_completion, WorkStruct, } from '../../src/kernel/index.js';
import { DEFAULT_OPTIONS, explore } from '../../src/explore/run.js';
import { runThreads, scenarioOf } from '../helpers.js';
class Job extends KObj {
    work = new WorkStruct(this, 'work');
    dwork = new DelayedWork(this, 'dwork');
    lock = new Mutex('job->lock', this);
    done = new Completion('done', this);
    count = 0;
    ranAt = -1;
    constructor() {
        super('job');
    }
}
function job_of(w) {
    return w.owner;
}
function* job_locked_fn(w) {
    const j = job_of(w);
    yield* mutex_lock(j.lock);
    j.count++;
    yield* mutex_unlock(j.lock);
    yield* complete(j.done);
}
function kinds(r) {
    return r.violations.map((v) => v.kind);
}
function dfs(setup, preemptions = 2) {
    return explore(scenarioOf('wq', setup), 'base', { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions, executions: 200_000, keepGoing: true });
}
test('queue_work + flush_work: the work ran once when flush returns, over every interleaving (dfs k=2 exhausted)', () => {
    const d = dfs(() => {
        const j = kmalloc(new Job());
        INIT_WORK(j.work, job_locked_fn);
        spawn('t', function* () {
            check(yield* queue_work(alloc_workqueue('jobs'), j.work), 'queued');
            yield* flush_work(j.work);
            check(j.count === 1, `count ${j.count} after flush_work`);
            kfree(j);
        });
    });
    assert.deepEqual(d.violations, []);
    assert.ok(d.exhausted);
    assert.ok(d.executions > 1, `only ${d.executions} executions`);
});
test('flush_work under a lock the work takes: circular dependency (work_completion) found with no deadlock at all', () => {
    let j = null;
    const r = runThreads({
        *t() {
            j = kmalloc(new Job());
            INIT_WORK(j.work, job_locked_fn);
            yield* schedule_work(j.work);
            yield* wait_for_completion(j.done); // the work has run: nothing can hang
            yield* mutex_lock(j.lock);
            assert.equal(yield* flush_work(j.work), false);
            yield* mutex_unlock(j.lock);
        },
    });
    assert.deepEqual(kinds(r), ['lock-order']);
    assert.match(r.violations[0].message, /possible circular locking dependency: .*\(work_completion\)\(&job->work\).*job->lock|job->lock -> \(work_completion\)\(&job->work\)/);
    assert.equal(j.count, 1);
});
test('flush_work under the lock, explored: the lock-order report and the real deadlock', () => {
    const d = dfs(() => {
        const j = kmalloc(new Job());
        INIT_WORK(j.work, job_locked_fn);
        spawn('t', function* () {
            yield* schedule_work(j.work);
            yield* mutex_lock(j.lock);
            yield* flush_work(j.work);
            yield* mutex_unlock(j.lock);
        });
    }, 1);
    const ks = new Set(d.violations.map((v) => v.kind));
    assert.deepEqual([...ks].sort(), ['deadlock', 'lock-order']);
    assert.match(d.violations.find((v) => v.kind === 'deadlock').message, /t on job#1->work, kworker\/events:1 on job#1->lock/);
});
test('cancel_work_sync from the work itself: recursive locking of the work map, then it waits for itself', () => {
    const r = runThreads({
        *t() {
            const j = kmalloc(new Job());
            INIT_WORK(j.work, function* (w) {
                yield* cancel_work_sync(w);
            });
            yield* queue_work(alloc_workqueue('jobs'), j.work);
        },
    });
    assert.deepEqual(kinds(r), ['lock-order', 'deadlock']);
    assert.equal(r.violations[0].title, 'WARNING: possible recursive locking detected');
    assert.match(r.violations[0].message, /kworker\/jobs:1 takes \(work_completion\)\(&job->work\) while holding it/);
});
test('flush_work of a work on an ordered workqueue from another item of it: recursion on the wq map', () => {
    const r = runThreads({
        *t() {
            const wq = alloc_ordered_workqueue('ordered');
            const a = kmalloc(new Job());
            const b = kmalloc(new Job());
            INIT_WORK(b.work, function* () { });
            INIT_WORK(a.work, function* () {
                yield* flush_work(b.work);
            });
            yield* queue_work(wq, a.work);
            yield* queue_work(wq, b.work);
        },
    });
    assert.deepEqual(kinds(r), ['lock-order', 'deadlock']);
    assert.match(r.violations[0].message, /takes \(wq_completion\)ordered while holding it/);
});
function freed_while_queued(cancel) {
    return () => {
        const j = kmalloc(new Job());
        INIT_WORK(j.work, job_locked_fn);
        spawn('t', function* () {
            yield* queue_work(alloc_workqueue('jobs'), j.work);
            if (cancel)
                yield* cancel_work_sync(j.work);
            kfree(j);
        });
    };
}
test('a work freed while queued: KASAN use-after-free in process_one_work; cancel_work_sync first is clean', () => {
    const bad = dfs(freed_while_queued(false), 1);
    assert.ok(bad.violations.some((v) => v.kind === 'use-after-free' && v.title === 'BUG: KASAN: use-after-free in process_one_work'), bad.violations.map((v) => v.title).join('\n'));
    const good = dfs(freed_while_queued(true));
    assert.deepEqual(good.violations, []);
    assert.ok(good.exhausted);
});
function two_items(ordered) {
    return () => {
        const a = kmalloc(new Job());
        const b = kmalloc(new Job());
        INIT_WORK(a.work, function* (w) {
            yield* mutex_lock(job_of(w).lock);
            job_of(w).count = 1;
            yield* mutex_unlock(job_of(w).lock);
        });
        INIT_WORK(b.work, function* () {
            check(a.count === 1, 'b ran before a finished');
        });
        spawn('t', function* () {
            const wq = ordered ? alloc_ordered_workqueue('ord') : alloc_workqueue('unord');
            yield* queue_work(wq, a.work);
            yield* queue_work(wq, b.work);
            yield* flush_workqueue(wq);
            check(a.count === 1, 'flush_workqueue returned before a ran');
            yield* destroy_workqueue(wq);
        });
    };
}
test('an ordered workqueue runs its items one after the other; an unordered one interleaves them', () => {
    const ord = dfs(two_items(true));
    assert.deepEqual(ord.violations, []);
    assert.ok(ord.exhausted);
    const un = dfs(two_items(false));
    assert.deepEqual(un.violations.map((v) => v.message), ['b ran before a finished']);
});
test('delayed work runs after its delay of virtual time; cancel_delayed_work_sync stops it', () => {
    let j = null;
    const r = runThreads({
        *t() {
            j = kmalloc(new Job());
            INIT_DELAYED_WORK(j.dwork, function* (w) {
                job_of(w).ranAt = jiffies();
                yield* complete(job_of(w).done);
            });
            assert.equal(yield* queue_delayed_work(alloc_workqueue('jobs'), j.dwork, 50), true);
            assert.equal(yield* queue_delayed_work(alloc_workqueue('jobs2'), j.dwork, 50), false);
            yield* wait_for_completion(j.done);
        },
    });
    assert.deepEqual(kinds(r), []);
    assert.equal(j.ranAt, 50);
    const c = runThreads({
        *t() {
            j = kmalloc(new Job());
            INIT_DELAYED_WORK(j.dwork, function* (w) {
                job_of(w).ranAt = jiffies();
            });
            yield* queue_delayed_work(alloc_workqueue('jobs'), j.dwork, 50);
            assert.equal(yield* cancel_delayed_work_sync(j.dwork), true);
            kfree(j);
        },
    });
    assert.deepEqual(kinds(c), []);
    assert.equal(j.ranAt, -1);
});
test('a delayed work freed while its timer is armed: use-after-free when the timer fires', () => {
    const r = runThreads({
        *t() {
            const j = kmalloc(new Job());
            INIT_DELAYED_WORK(j.dwork, function* () { });
            yield* queue_delayed_work(alloc_workqueue('jobs'), j.dwork, 10);
            kfree(j);
        },
    });
    assert.deepEqual(kinds(r), ['use-after-free']);
    assert.equal(r.violations[0].title, 'BUG: KASAN: use-after-free in delayed_work_timer_fn');
});
test('queue_work on a destroyed workqueue: use-after-free; the work of a destroyed one had run', () => {
    let j = null;
    const r = runThreads({
        *t() {
            j = kmalloc(new Job());
            INIT_WORK(j.work, job_locked_fn);
            const wq = alloc_workqueue('jobs');
            yield* queue_work(wq, j.work);
            yield* destroy_workqueue(wq);
            check(j.count === 1, 'destroy_workqueue did not drain');
            yield* queue_work(wq, j.work);
        },
    });
    assert.deepEqual(kinds(r), ['use-after-free']);
    assert.equal(r.violations[0].title, 'BUG: KASAN: use-after-free in queue_work');
});
test('mistakes: INIT_WORK with something that is not a function, a work function that is not a generator', () => {
    assert.throws(() => runThreads({ *t() { INIT_WORK(new WorkStruct(), 7); } }), (e) => e instanceof ScenarioError && /INIT_WORK\(work\): the work function must be a function\*/.test(e.message));
    assert.throws(() => runThreads({ *t() { const w = new WorkStruct(); INIT_WORK(w, (() => 1)); yield* schedule_work(w); } }), (e) => e instanceof ScenarioError && /work function of work is not a generator function/.test(e.message));
    assert.throws(() => runThreads({ *t() { yield* schedule_work(new WorkStruct()); } }), (e) => e instanceof ScenarioError && /never initialised/.test(e.message));
});
test('mod_delayed_work re-arms a pending timer, flush_delayed_work runs it now, work_pending and current_work tell the state', async () => {
    const { mod_delayed_work, flush_delayed_work, work_pending, delayed_work_pending, current_work, cancel_work } = await import('../../src/kernel/index.js');
    let j = null;
    let seenCurrent = null;
    const r = runThreads({
        *t() {
            j = kmalloc(new Job());
            const wq = alloc_workqueue('jobs');
            INIT_DELAYED_WORK(j.dwork, function* (w) {
                job_of(w).ranAt = jiffies();
                job_of(w).count++;
                seenCurrent = current_work();
            });
            assert.equal(yield* queue_delayed_work(wq, j.dwork, 100), true);
            assert.equal(yield* delayed_work_pending(j.dwork), true);
            assert.equal(yield* mod_delayed_work(wq, j.dwork, 10), true, 'it was pending');
            yield* msleep(20);
            assert.equal(j.ranAt, 10, 'the re-armed timer fired at 10, not 100');
            assert.equal(yield* queue_delayed_work(wq, j.dwork, 500), true);
            assert.equal(yield* flush_delayed_work(j.dwork), true);
            assert.equal(j.ranAt, 20, 'flush_delayed_work ran it at once');
            assert.equal(yield* work_pending(j.dwork.work), false);
            INIT_WORK(j.work, job_locked_fn);
            yield* queue_work(wq, j.work);
            assert.equal(yield* cancel_work(j.work), true);
            assert.equal(yield* cancel_work(j.work), false);
            yield* destroy_workqueue(wq);
            kfree(j);
        },
    });
    assert.deepEqual(kinds(r), []);
    assert.equal(j.count, 2);
    assert.equal(seenCurrent, j.dwork.work);
});
test('drain_workqueue lets a work of the workqueue chain itself, and refuses others while it drains', () => {
    let chained = 0;
    const r = runThreads({
        *t() {
            const wq = alloc_workqueue('jobs');
            const a = kmalloc(new Job());
            const b = kmalloc(new Job());
            INIT_WORK(b.work, function* () { });
            INIT_WORK(a.work, function* (w) {
                if (chained++ < 2)
                    yield* queue_work(wq, w); // re-queues itself while the drain runs
            });
            yield* queue_work(wq, a.work);
            spawn('other', function* () {
                yield* queue_work(wq, b.work);
            });
            yield* drain_workqueue(wq);
            kfree(a);
            kfree(b);
        },
    });
    assert.equal(chained, 3);
    // 'other' ran while the drain was in progress (serial order: after t blocked in it).
    assert.deepEqual(r.violations.map((v) => v.title), ['WARNING: workqueue: cannot queue job#2->work on wq jobs']);
});
