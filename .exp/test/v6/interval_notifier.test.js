/*
 * The interval-notifier state machine (mm/interval_notifier.ts): sequence parity, deferred
 * insert/remove, read_begin waiting, retry, errors, and the interval tree itself.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Completion, complete, Mutex, mutex_lock, mutex_unlock, spawn, wait_for_completion } from '../../src/kernel/index.js';
import { IntervalTree, IntervalTreeNode, interval_tree_collect, interval_tree_insert, interval_tree_iter_first, interval_tree_remove, interval_tree_validate, MmuIntervalNotifier, mmu_interval_check_program, mmu_interval_check_retry, mmu_interval_notifier_insert, mmu_interval_notifier_insert_locked, mmu_interval_notifier_remove, mmu_interval_read_begin, mmu_interval_read_retry, mmu_interval_set_seq, mmu_itree_state, } from '../../src/mm/interval_notifier.js';
import { EINVAL, EOVERFLOW, mm_alloc, mmap_write_lock, mmap_write_unlock, MMU_NOTIFY_UNMAP, mmu_notifier_invalidate_range_end, mmu_notifier_invalidate_range_start, mmu_notifier_range_init, mmput } from '../../src/mm/index.js';
import { runThreads } from '../helpers.js';
const P = 4096;
const BASE = 0x10000000;
/** Ops that record each callback and store cur_seq like a driver would. */
function recordingOps(log) {
    return {
        *invalidate(mni, range, cur_seq) {
            log.push(`${mni.__label} ${range.start.toString(16)} seq ${cur_seq}`);
            yield* mmu_interval_set_seq(mni, cur_seq);
            return true;
        },
    };
}
function* invalidate(mm, start, end) {
    const r = mmu_notifier_range_init(MMU_NOTIFY_UNMAP, 0, null, mm, start, end);
    yield* mmu_notifier_invalidate_range_start(r);
    return r;
}
describe('interval tree', () => {
    it('matches a brute-force search under random inserts and removes, staying balanced', () => {
        let seed = 12345;
        const rnd = (n) => {
            seed = (seed * 1103515245 + 12345) % 2 ** 31;
            return seed % n;
        };
        const tree = new IntervalTree();
        const nodes = [];
        for (let step = 0; step < 3000; step++) {
            if (nodes.length > 0 && rnd(3) === 0) {
                const n = nodes.splice(rnd(nodes.length), 1)[0];
                interval_tree_remove(n, tree);
            }
            else {
                const n = new IntervalTreeNode(step);
                n.start = rnd(10_000);
                n.last = n.start + rnd(300);
                interval_tree_insert(n, tree);
                nodes.push(n);
            }
            if (step % 100 === 0) {
                const h = interval_tree_validate(tree);
                assert.ok(h <= 1.45 * Math.log2(nodes.length + 2) + 2, `height ${h} for ${nodes.length} nodes`);
                const s = rnd(10_000);
                const l = s + rnd(500);
                const got = interval_tree_collect(tree, s, l, []).map((x) => x.owner).sort((a, b) => a - b);
                const want = nodes.filter((x) => x.start <= l && x.last >= s).map((x) => x.owner).sort((a, b) => a - b);
                assert.deepEqual(got, want);
                const first = interval_tree_iter_first(tree, s, l);
                const firstWant = nodes.filter((x) => x.start <= l && x.last >= s).sort((a, b) => a.start - b.start || a.id - b.id)[0];
                assert.equal(first, firstWant ?? null);
            }
        }
        assert.equal(tree.size, nodes.length);
    });
});
describe('interval notifier state machine', () => {
    it('starts even at 2, inserts with an odd non-current seq, makes the seq odd only for intersecting invalidations', () => {
        const log = [];
        const seen = [];
        const r = runThreads({
            *t() {
                const mm = mm_alloc();
                const mni = new MmuIntervalNotifier(recordingOps(log));
                assert.equal(yield* mmu_interval_notifier_insert(mni, mm, BASE, 4 * P, mni.ops), 0);
                seen.push(mmu_itree_state(mm), mni.invalidate_seq);
                // Not intersecting: stays even.
                let rg = yield* invalidate(mm, BASE + 8 * P, BASE + 9 * P);
                seen.push(mmu_itree_state(mm).invalidate_seq);
                yield* mmu_notifier_invalidate_range_end(rg);
                // Intersecting: odd while it runs, the callback gets the odd value, even after.
                const seq = yield* mmu_interval_read_begin(mni);
                rg = yield* invalidate(mm, BASE + P, BASE + 2 * P);
                seen.push(mmu_itree_state(mm).invalidate_seq, (yield* mmu_interval_read_retry(mni, seq)));
                yield* mmu_notifier_invalidate_range_end(rg);
                seen.push(mmu_itree_state(mm).invalidate_seq);
                const seq2 = yield* mmu_interval_read_begin(mni);
                seen.push(seq2, (yield* mmu_interval_read_retry(mni, seq2)), yield* mmu_interval_check_retry(mni, seq));
                yield* mmu_interval_notifier_remove(mni);
                seen.push(mmu_itree_state(mm).registered);
                yield* mmput(mm);
            },
        });
        assert.deepEqual(r.violations, []);
        assert.deepEqual(seen, [{ invalidate_seq: 2, active_invalidate_ranges: 0, deferred: 0, registered: 1 }, 1, 2, 3, true, 4, 3, false, true, 0]);
        assert.equal(log.length, 1);
        assert.match(log[0], /seq 3$/);
    });
    it('returns -EOVERFLOW for an empty or wrapping interval and -EINVAL without mm_users', () => {
        const out = [];
        const r = runThreads({
            *t() {
                const mm = mm_alloc();
                const ops = recordingOps([]);
                out.push(yield* mmu_interval_notifier_insert(new MmuIntervalNotifier(ops), mm, BASE, 0, ops));
                out.push(yield* mmu_interval_notifier_insert(new MmuIntervalNotifier(ops), mm, 2 ** 64 - 2 * P, 4 * P, ops));
                mm.mm_users.v = 0;
                out.push(yield* mmu_interval_notifier_insert(new MmuIntervalNotifier(ops), mm, BASE, P, ops));
            },
        });
        assert.deepEqual(out, [-EOVERFLOW, -EOVERFLOW, -EINVAL]);
        assert.deepEqual(r.violations.map((v) => v.kind), ['warn']);
    });
    it('defers an insert made while an intersecting invalidation runs, applies it at the end', () => {
        const seen = [];
        const r = runThreads({
            *t() {
                const mm = mm_alloc();
                const ops = recordingOps([]);
                const a = new MmuIntervalNotifier(ops);
                yield* mmu_interval_notifier_insert(a, mm, BASE, 4 * P, ops);
                const rg = yield* invalidate(mm, BASE, BASE + P);
                const b = new MmuIntervalNotifier(ops);
                assert.equal(yield* mmu_interval_notifier_insert(b, mm, BASE + 16 * P, P, ops), 0);
                seen.push(mmu_itree_state(mm), b.invalidate_seq);
                yield* mmu_notifier_invalidate_range_end(rg);
                seen.push(mmu_itree_state(mm));
                // The deferred one is live now.
                const seq = yield* mmu_interval_read_begin(b);
                const rg2 = yield* invalidate(mm, BASE + 16 * P, BASE + 17 * P);
                seen.push(yield* mmu_interval_read_retry(b, seq));
                yield* mmu_notifier_invalidate_range_end(rg2);
            },
        });
        assert.deepEqual(r.violations, []);
        assert.deepEqual(seen, [
            { invalidate_seq: 3, active_invalidate_ranges: 1, deferred: 1, registered: 1 },
            3,
            { invalidate_seq: 4, active_invalidate_ranges: 0, deferred: 0, registered: 2 },
            true,
        ]);
    });
    it('an insert while only non-intersecting invalidations run goes in the tree and makes the seq odd', () => {
        const seen = [];
        const r = runThreads({
            *t() {
                const mm = mm_alloc();
                const ops = recordingOps([]);
                yield* mmap_write_lock(mm);
                yield* mmu_interval_notifier_insert_locked(new MmuIntervalNotifier(ops), mm, BASE, P, ops);
                yield* mmap_write_unlock(mm);
                const rg = yield* invalidate(mm, BASE + 64 * P, BASE + 65 * P);
                const b = new MmuIntervalNotifier(ops);
                yield* mmu_interval_notifier_insert(b, mm, BASE + 64 * P, P, ops);
                seen.push(mmu_itree_state(mm), b.invalidate_seq);
                yield* mmu_notifier_invalidate_range_end(rg);
                seen.push(mmu_itree_state(mm).invalidate_seq);
            },
        });
        assert.deepEqual(r.violations, []);
        assert.deepEqual(seen, [{ invalidate_seq: 3, active_invalidate_ranges: 1, deferred: 0, registered: 2 }, 3, 4]);
    });
    it('remove during an invalidation waits for its end; read_begin waits if the invalidation already visited', () => {
        const order = [];
        let mm;
        let mni;
        const started = new Completion('started');
        const go = new Completion('go');
        const r = runThreads({
            *cpu() {
                const rg = yield* invalidate(mm, BASE, BASE + P);
                order.push('cpu: callback ran');
                yield* complete(started);
                yield* wait_for_completion(go);
                order.push('cpu: end');
                yield* mmu_notifier_invalidate_range_end(rg);
            },
            *reader() {
                yield* wait_for_completion(started);
                yield* complete(go);
                const seq = yield* mmu_interval_read_begin(mni);
                order.push(`reader: read_begin ${seq}`);
                yield* mmu_interval_notifier_remove(mni);
                order.push('reader: removed');
            },
        }, {
            init() {
                mm = mm_alloc();
                mni = new MmuIntervalNotifier(recordingOps([]));
                // Insert outside the threads: a tiny set-up thread would do the same.
                spawn('setup', function* () {
                    yield* mmu_interval_notifier_insert(mni, mm, BASE, P, mni.ops);
                });
            },
        });
        assert.deepEqual(r.violations, []);
        // Serial chooser: setup runs first, then cpu up to its wait, then reader.
        assert.deepEqual(order, ['cpu: callback ran', 'cpu: end', 'reader: read_begin 3', 'reader: removed']);
    });
    it('remove() from the subscription\'s own callback: lockdep reports it (the invalidate map is taken again), then it deadlocks', () => {
        const r = runThreads({
            *t() {
                const mm = mm_alloc();
                const mni = new MmuIntervalNotifier({
                    *invalidate(m, _range, cur_seq) {
                        yield* mmu_interval_set_seq(m, cur_seq);
                        yield* mmu_interval_notifier_remove(m);
                        return true;
                    },
                });
                yield* mmu_interval_notifier_insert(mni, mm, BASE, P, mni.ops);
                yield* invalidate(mm, BASE, BASE + P);
            },
        });
        assert.deepEqual(r.violations.map((v) => v.kind), ['lock-order', 'deadlock']);
        assert.equal(r.violations[0].title, 'WARNING: possible recursive locking detected');
        assert.match(r.violations[0].message, /takes mmu_notifier_invalidate_range_start while holding it/);
    });
    it('I6: a callback refusing a blockable range is a WARN', () => {
        const r = runThreads({
            *t() {
                const mm = mm_alloc();
                const mni = new MmuIntervalNotifier({
                    *invalidate() {
                        return false;
                    },
                });
                yield* mmu_interval_notifier_insert(mni, mm, BASE, P, mni.ops);
                const rg = yield* invalidate(mm, BASE, BASE + P);
                yield* mmu_notifier_invalidate_range_end(rg);
            },
        });
        assert.deepEqual(r.violations.map((v) => v.kind), ['warn']);
        assert.match(r.violations[0].message, /I6/);
    });
    it('I4: set_seq with an even value is reported', () => {
        const r = runThreads({
            *t() {
                const mm = mm_alloc();
                const mni = new MmuIntervalNotifier({
                    *invalidate(m, _range, cur_seq) {
                        yield* mmu_interval_set_seq(m, cur_seq + 1);
                        return true;
                    },
                });
                yield* mmu_interval_notifier_insert(mni, mm, BASE, P, mni.ops);
                yield* invalidate(mm, BASE, BASE + P);
            },
        });
        assert.deepEqual(r.violations.map((v) => v.kind), ['bug']);
        assert.match(r.violations[0].message, /I4/);
    });
    it('I5: programming without a successful read_retry under the lock, and set_seq without that lock, are reported', () => {
        let lock = new Mutex('driver->update');
        const r1 = runThreads({
            *t() {
                const mm = mm_alloc();
                const mni = new MmuIntervalNotifier(recordingOps([]));
                yield* mmu_interval_notifier_insert(mni, mm, BASE, P, mni.ops);
                const seq = yield* mmu_interval_read_begin(mni);
                yield* mutex_lock(lock);
                // No read_retry: the driver programs blindly.
                mmu_interval_check_program(mni, seq, lock);
            },
        });
        assert.deepEqual(r1.violations.map((v) => v.kind), ['bug']);
        assert.match(r1.violations[0].message, /I5: .*without a successful mmu_interval_read_retry/);
        lock = new Mutex('driver->update');
        const r2 = runThreads({
            *t() {
                const mm = mm_alloc();
                const mni = new MmuIntervalNotifier(recordingOps([]));
                yield* mmu_interval_notifier_insert(mni, mm, BASE, P, mni.ops);
                const seq = yield* mmu_interval_read_begin(mni);
                yield* mutex_lock(lock);
                assert.equal(yield* mmu_interval_read_retry(mni, seq), false);
                mmu_interval_check_program(mni, seq, lock);
                yield* mutex_unlock(lock);
                // The recording callback calls set_seq without taking `lock`.
                yield* invalidate(mm, BASE, BASE + P);
            },
        });
        assert.deepEqual(r2.violations.map((v) => v.kind), ['bug']);
        assert.match(r2.violations[0].message, /I5: mmu_interval_set_seq.*without the driver lock/);
    });
});
