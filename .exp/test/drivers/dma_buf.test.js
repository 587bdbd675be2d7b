/*
 * dma_fence and dma_resv (issue 14): an interval-notifier callback that waits for the GPU is
 * clean on a blockable range and sleep-in-atomic on a non-blockable one (the OOM reaper's)
 * unless it refuses the range as amdgpu/xe do; a fence callback that sleeps, waiting under a
 * lock the signalling path takes, a fence used after its last put, an add without the lock or
 * a reservation are all found; waits with timeouts run on virtual time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jiffies, msleep, mutex_lock, mutex_unlock, Mutex, spawn } from '../../src/kernel/index.js';
import { dma_fence_add_callback, dma_fence_begin_signalling, dma_fence_create, dma_fence_end_signalling, dma_fence_put, dma_fence_signal, dma_fence_wait, dma_fence_wait_timeout, dma_resv_add_fence, dma_resv_fini, dma_resv_lock, dma_resv_reserve_fences, dma_resv_test_signaled, dma_resv_unlock, dma_resv_wait_timeout, DMA_RESV_USAGE_BOOKKEEP, DMA_RESV_USAGE_WRITE, DmaFenceCb, DmaResv, } from '../../src/drivers/dma_buf/index.js';
import { MmuIntervalNotifier, mmu_interval_notifier_insert, mmu_interval_set_seq } from '../../src/mm/interval_notifier.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, mmu_notifier_range_blockable, oom_reap_task_mm, PAGE_SIZE, PROT_READ, PROT_WRITE, sys_mmap, sys_munmap, task_create, user_write_u32 } from '../../src/mm/index.js';
import { runThreads } from '../helpers.js';
function kinds(r) {
    return r.violations.map((v) => v.kind);
}
/** A userptr BO: its notifier waits for the GPU jobs in its reservation object. */
function userptr(resv, refuse_nonblock) {
    return new MmuIntervalNotifier({
        *invalidate(mni, range, cur_seq) {
            if (refuse_nonblock && !mmu_notifier_range_blockable(range))
                return false;
            yield* mmu_interval_set_seq(mni, cur_seq);
            yield* dma_resv_wait_timeout(resv, DMA_RESV_USAGE_BOOKKEEP, false, 1000);
            return true;
        },
    });
}
function* gpu_job(resv, ms) {
    const f = dma_fence_create('gfx');
    yield* dma_resv_lock(resv);
    assert.equal(dma_resv_reserve_fences(resv, 1), 0);
    yield* dma_resv_add_fence(resv, f, DMA_RESV_USAGE_WRITE);
    yield* dma_resv_unlock(resv);
    spawn('gpu', function* () {
        yield* msleep(ms);
        yield* dma_fence_signal(f);
        yield* dma_fence_put(f);
    });
    return f;
}
function userptr_run(reap, refuse) {
    let waitedUntil = -1;
    const r = runThreads({
        *t() {
            const task = task_create('p');
            const addr = yield* sys_mmap(task, 0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
            yield* user_write_u32(task, addr, 1);
            const resv = new DmaResv();
            const mni = userptr(resv, refuse);
            assert.equal(yield* mmu_interval_notifier_insert(mni, task.mm, addr, 2 * PAGE_SIZE, mni.ops), 0);
            yield* gpu_job(resv, 40);
            if (reap)
                yield* oom_reap_task_mm(task.mm);
            else
                yield* sys_munmap(task, addr, PAGE_SIZE);
            waitedUntil = jiffies();
            yield* dma_resv_fini(resv);
        },
    });
    return { r, waitedUntil };
}
test('an invalidate callback that waits for the GPU: clean on munmap (it waits the job out on virtual time)', () => {
    const { r, waitedUntil } = userptr_run(false, false);
    assert.deepEqual(kinds(r), []);
    assert.equal(waitedUntil, 40);
});
test('the same wait on the OOM reaper\'s non-blockable range is sleep-in-atomic; refusing the range is clean', () => {
    const { r } = userptr_run(true, false);
    assert.deepEqual(kinds(r), ['sleep-in-atomic']);
    assert.equal(r.violations[0].title, 'BUG: sleeping function called from invalid context at dma_resv_wait_timeout');
    assert.match(r.violations[0].detail[0], /non_block_count: 1/);
    const ok = userptr_run(true, true);
    assert.deepEqual(kinds(ok.r), []);
});
test('fence waits: timeout on virtual time, signal wakes, -ENOENT callback on a signalled fence, callbacks run once', () => {
    let timedOut = -1;
    let left = -1;
    let called = 0;
    let late = 0;
    const r = runThreads({
        *t() {
            const f = dma_fence_create('a');
            timedOut = yield* dma_fence_wait_timeout(f, true, 25);
            assert.equal(jiffies(), 25);
            const cb = new DmaFenceCb();
            assert.equal(yield* dma_fence_add_callback(f, cb, () => {
                called++;
            }), 0);
            spawn('gpu', function* () {
                yield* msleep(5);
                yield* dma_fence_signal(f);
            });
            left = yield* dma_fence_wait_timeout(f, true, 100);
            assert.equal(yield* dma_fence_signal(f), -22);
            assert.equal(yield* dma_fence_add_callback(f, new DmaFenceCb(), () => void late++), -2);
            yield* dma_fence_put(f);
        },
    });
    assert.deepEqual(kinds(r), []);
    assert.equal(timedOut, 0);
    assert.equal(left, 95);
    assert.equal(called, 1);
    assert.equal(late, 0);
});
test('a fence callback that sleeps is sleep-in-atomic (callbacks run under fence->lock with interrupts off)', () => {
    const lock = new Mutex('drv->lock');
    const r = runThreads({
        *t() {
            const f = dma_fence_create('a');
            yield* dma_fence_add_callback(f, new DmaFenceCb(), function* () {
                yield* mutex_lock(lock);
                yield* mutex_unlock(lock);
            });
            yield* dma_fence_signal(f);
        },
    });
    assert.deepEqual(kinds(r), ['sleep-in-atomic']);
    assert.match(r.violations[0].detail[0], /dma_fence callback of dma_fence#1\(a\)/);
});
test('waiting for a fence under a lock its signalling path takes: circular dependency via dma_fence_map, no hang needed', () => {
    const lock = new Mutex('drv->lock');
    const r = runThreads({
        *t() {
            const f = dma_fence_create('job');
            // The job-completion path: signals with the driver lock taken inside the section.
            const c = dma_fence_begin_signalling();
            yield* mutex_lock(lock);
            yield* dma_fence_signal(f);
            yield* mutex_unlock(lock);
            dma_fence_end_signalling(c);
            // Elsewhere: wait for a fence while holding that lock.
            yield* mutex_lock(lock);
            yield* dma_fence_wait(f, false);
            yield* mutex_unlock(lock);
            yield* dma_fence_put(f);
        },
    });
    assert.deepEqual(kinds(r), ['lock-order']);
    assert.match(r.violations[0].message, /possible circular locking dependency: .*dma_fence_map/);
});
test('a wait on a fence after its last put is a use-after-free; add_fence without the lock or a slot is caught', () => {
    const uaf = runThreads({
        *t() {
            const f = dma_fence_create('a');
            yield* dma_fence_put(f);
            yield* dma_fence_wait(f, false);
        },
    });
    assert.deepEqual(kinds(uaf), ['use-after-free']);
    assert.equal(uaf.violations[0].title, 'BUG: KASAN: use-after-free in dma_fence_wait_timeout');
    const nolock = runThreads({
        *t() {
            const resv = new DmaResv();
            const f = dma_fence_create('a');
            yield* dma_resv_lock(resv);
            dma_resv_reserve_fences(resv, 1);
            yield* dma_resv_unlock(resv);
            yield* dma_resv_add_fence(resv, f, DMA_RESV_USAGE_WRITE);
        },
    });
    assert.deepEqual(kinds(nolock), ['lock-not-held']);
    const noslot = runThreads({
        *t() {
            const resv = new DmaResv();
            yield* dma_resv_lock(resv);
            yield* dma_resv_add_fence(resv, dma_fence_create('a'), DMA_RESV_USAGE_WRITE);
        },
    });
    assert.deepEqual(kinds(noslot), ['bug']);
});
test('dma_resv_test_signaled and replacement of a signalled fence', () => {
    let before = true;
    let after = false;
    const r = runThreads({
        *t() {
            const resv = new DmaResv();
            const a = yield* gpu_job(resv, 10);
            before = yield* dma_resv_test_signaled(resv, DMA_RESV_USAGE_BOOKKEEP);
            yield* msleep(20);
            after = yield* dma_resv_test_signaled(resv, DMA_RESV_USAGE_BOOKKEEP);
            assert.equal(a.signaled, true);
            yield* gpu_job(resv, 10);
            assert.equal(resv.fences.length, 1, 'the signalled fence was not replaced');
            yield* msleep(20);
            yield* dma_resv_fini(resv);
        },
    });
    assert.deepEqual(kinds(r), []);
    assert.equal(before, false);
    assert.equal(after, true);
});
