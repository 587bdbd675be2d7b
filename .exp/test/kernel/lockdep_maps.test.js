/*
 * lockdep as the kernel's, with its pseudo-locks (issue "trustworthy verdicts", §2): the
 * invalidation callbacks run under mmu_notifier_invalidate_range_start's map, registration
 * primes fs_reclaim -> that map, allocations that may reclaim take fs_reclaim. A lock-order
 * problem is then reported in an execution that runs both paths one after the other, with no
 * interleaving at all (each test here runs its threads serially), not only where it deadlocks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GFP_ATOMIC, GFP_KERNEL, KObj, kmalloc, Mutex, mutex_lock, mutex_unlock, spin_lock, spin_unlock, Spinlock } from '../../src/kernel/index.js';
import { MmuIntervalNotifier, mmu_interval_notifier_insert, mmu_interval_notifier_remove, mmu_interval_read_begin, mmu_interval_set_seq } from '../../src/mm/interval_notifier.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, MmuNotifier, mmu_notifier_register, oom_reap_task_mm, PAGE_SIZE, PROT_READ, PROT_WRITE, sys_mmap, sys_munmap, task_create, user_write_u32, } from '../../src/mm/index.js';
import { runThreads } from '../helpers.js';
import { HmmRange, HMM_PFN_REQ_FAULT, HMM_PFN_REQ_WRITE, hmm_range_fault } from '../../src/hmm/v6/hmm.js';
import { mmap_read_lock, mmap_read_unlock } from '../../src/mm/index.js';
import { KERNEL_5_3, set_kernel_release } from '../../src/mm/release.js';
const RW = PROT_READ | PROT_WRITE;
const ANON = MAP_PRIVATE | MAP_ANONYMOUS;
class Thing extends KObj {
    constructor() {
        super('thing');
    }
}
/** A driver lock that its interval callback takes. */
function subscriber(lock) {
    return new MmuIntervalNotifier({
        *invalidate(mni, _range, cur_seq) {
            yield* mutex_lock(lock);
            yield* mmu_interval_set_seq(mni, cur_seq);
            yield* mutex_unlock(lock);
            return true;
        },
    });
}
function* setup(lock) {
    const task = task_create('p');
    const addr = yield* sys_mmap(task, 0, 4 * PAGE_SIZE, RW, ANON);
    yield* user_write_u32(task, addr, 1);
    const mni = subscriber(lock);
    assert.equal(yield* mmu_interval_notifier_insert(mni, task.mm, 0, 2 ** 47, mni.ops), 0);
    return { task, addr, mni };
}
function kinds(r) {
    return r.violations.map((v) => `${v.kind}: ${v.message}`);
}
test('mmu_interval_notifier_remove() under a lock the callback takes: circular dependency, without a deadlock', () => {
    const lock = new Mutex('driver->lock');
    const r = runThreads({
        *t() {
            const w = yield* setup(lock);
            // The callback path first (an munmap), then the remove under the lock: one thread, no race.
            yield* sys_munmap(w.task, w.addr, PAGE_SIZE);
            yield* mutex_lock(lock);
            yield* mmu_interval_notifier_remove(w.mni);
            yield* mutex_unlock(lock);
        },
    });
    const v = kinds(r);
    assert.equal(v.length, 1, v.join('\n'));
    assert.match(v[0], /^lock-order: possible circular locking dependency: (driver->lock -> mmu_notifier_invalidate_range_start -> driver->lock|mmu_notifier_invalidate_range_start -> driver->lock -> mmu_notifier_invalidate_range_start)$/);
});
test('mmu_interval_read_begin() under the lock is reported the same way', () => {
    const lock = new Mutex('driver->lock');
    const r = runThreads({
        *t() {
            const w = yield* setup(lock);
            yield* sys_munmap(w.task, w.addr, PAGE_SIZE);
            yield* mutex_lock(lock);
            yield* mmu_interval_read_begin(w.mni);
            yield* mutex_unlock(lock);
        },
    });
    assert.match(kinds(r).join('\n'), /^lock-order: possible circular locking dependency: .*mmu_notifier_invalidate_range_start/);
});
test('an allocation that may reclaim, under a lock the callback takes: fs_reclaim closes the cycle (priming at registration)', () => {
    const lock = new Mutex('driver->lock');
    const r = runThreads({
        *t() {
            const w = yield* setup(lock);
            yield* sys_munmap(w.task, w.addr, PAGE_SIZE);
            yield* mutex_lock(lock);
            kmalloc(new Thing(), GFP_KERNEL);
            yield* mutex_unlock(lock);
        },
    });
    const v = kinds(r).join('\n');
    assert.match(v, /^lock-order: possible circular locking dependency: /);
    assert.match(v, /fs_reclaim/);
    assert.match(v, /mmu_notifier_invalidate_range_start/);
});
test('a driver that holds its notifier lock across hmm_range_fault: the fault allocates, fs_reclaim closes the cycle', () => {
    const lock = new Mutex('driver->lock');
    const r = runThreads({
        *t() {
            const w = yield* setup(lock);
            yield* sys_munmap(w.task, w.addr, PAGE_SIZE);
            const mm = w.task.mm;
            const range = new HmmRange({ notifier: w.mni, start: w.addr + PAGE_SIZE, end: w.addr + 2 * PAGE_SIZE, default_flags: HMM_PFN_REQ_FAULT | HMM_PFN_REQ_WRITE });
            range.notifier_seq = yield* mmu_interval_read_begin(w.mni);
            yield* mmap_read_lock(mm);
            yield* mutex_lock(lock);
            assert.equal(yield* hmm_range_fault(range), 0); // a new anonymous page: GFP_HIGHUSER_MOVABLE
            yield* mutex_unlock(lock);
            yield* mmap_read_unlock(mm);
        },
    });
    const v = kinds(r).join('\n');
    assert.match(v, /^lock-order: possible circular locking dependency: /);
    assert.match(v, /fs_reclaim/);
});
test('GFP_ATOMIC does not reclaim: no report; and the same code without the lock is clean', () => {
    const lock = new Mutex('driver->lock');
    const r = runThreads({
        *t() {
            const w = yield* setup(lock);
            yield* sys_munmap(w.task, w.addr, PAGE_SIZE);
            yield* mutex_lock(lock);
            kmalloc(new Thing(), GFP_ATOMIC);
            yield* mutex_unlock(lock);
            kmalloc(new Thing(), GFP_KERNEL);
            yield* user_write_u32(w.task, w.addr + PAGE_SIZE, 2);
            yield* mmu_interval_notifier_remove(w.mni);
        },
    });
    assert.deepEqual(kinds(r), []);
});
test('a sleeping allocation under a spinlock or in a non-blockable invalidation is sleep-in-atomic', () => {
    const s = new Spinlock('s');
    const r1 = runThreads({
        *t() {
            yield* spin_lock(s);
            kmalloc(new Thing());
            yield* spin_unlock(s);
        },
    });
    assert.deepEqual(r1.violations.map((v) => v.kind), ['sleep-in-atomic']);
    assert.match(r1.violations[0].title, /sleeping function called from invalid context at kmalloc/);
    const r2 = runThreads({
        *t() {
            const task = task_create('victim');
            const a = yield* sys_mmap(task, 0, PAGE_SIZE, RW, ANON);
            yield* user_write_u32(task, a, 1);
            const mn = new MmuNotifier({
                *invalidate_range_start() {
                    kmalloc(new Thing(), GFP_KERNEL);
                    return 0;
                },
            });
            yield* mmu_notifier_register(mn, task.mm);
            yield* oom_reap_task_mm(task.mm);
        },
    });
    // As the kernel's lockdep: GFP_KERNEL inside a callback is fs_reclaim under the
    // invalidation map (the reverse of the order registration primed), and it may sleep.
    assert.deepEqual(r2.violations.map((v) => v.kind), ['lock-order', 'sleep-in-atomic']);
    assert.match(r2.violations[0].message, /possible circular locking dependency: .*fs_reclaim/);
});
test('executions of the 5.2/5.3 models have no invalidation map (added in 5.4): the same code is not reported there', () => {
    const lock = new Mutex('driver->lock');
    const r = runThreads({
        *t() {
            set_kernel_release(KERNEL_5_3);
            const w = yield* setup(lock);
            yield* sys_munmap(w.task, w.addr, PAGE_SIZE);
            yield* mutex_lock(lock);
            kmalloc(new Thing(), GFP_KERNEL);
            yield* mutex_unlock(lock);
        },
    });
    assert.deepEqual(kinds(r), []);
});
