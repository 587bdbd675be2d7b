/*
 * The model of a release is as buggy as the release (issue "trustworthy verdicts", §5): the
 * 5.2/5.3 walk behaves as those kernels did, bug for bug, and v6 as today's; the catalogue
 * scenarios of group `releases` show each in an exploration.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lock_is_held } from '../../src/kernel/index.js';
import { EAGAIN, EFAULT, file_create, MAP_ANONYMOUS, MAP_POPULATE, MAP_PRIVATE, MAP_SHARED, mmap_read_lock, mmap_read_unlock, mmap_write_lock, mmap_write_unlock, PAGE_SIZE, peek_entry, PROT_READ, PROT_WRITE, swap_out, sys_mmap, task_create, user_read_u32, } from '../../src/mm/index.js';
import * as h52 from '../../src/hmm/v5.2/hmm.js';
import * as h53 from '../../src/hmm/v5.3/hmm.js';
import { DEVICE_PFN_VALUES, fill_fault_range } from '../../src/drivers/v5/common.js';
import { verdict } from '../../src/explore/verdict.js';
import { releaseScenarios } from '../../src/scenarios/releases/index.js';
import { legacyFaultExiting, legacyFaultTimeout } from '../../src/scenarios/releases/legacy-fault.js';
import { DEFAULT_OPTIONS, explore } from '../../src/explore/run.js';
import { runOne } from '../helpers.js';
const RW = PROT_READ | PROT_WRITE;
const ops = {
    *sync_cpu_device_pagetables() {
        return 0;
    },
};
function* mirror53(mm) {
    const m = new h53.HmmMirror(ops);
    yield* mmap_write_lock(mm);
    assert.equal(yield* h53.hmm_mirror_register(m, mm), 0);
    yield* mmap_write_unlock(mm);
    return m;
}
/** hmm_range_fault (block) of one page on v5.3; returns [ret, entry]. */
function* fault53(mm, m, a, block = true, lockHeldAfter = []) {
    const r = new h53.HmmRange();
    fill_fault_range(r, a, false);
    assert.equal(yield* h53.hmm_range_register(r, m, a, a + PAGE_SIZE, 12), 0);
    yield* mmap_read_lock(mm);
    const ret = yield* h53.hmm_range_fault(r, block);
    lockHeldAfter.push(lock_is_held(mm.mmap_lock));
    if (lock_is_held(mm.mmap_lock))
        yield* mmap_read_unlock(mm);
    const e = r.pfns[0];
    yield* h53.hmm_range_unregister(r);
    return [ret, e];
}
function ok(fn) {
    const { value, result } = runOne(fn);
    assert.deepEqual(result.violations.map((v) => `${v.kind}: ${v.message}`), []);
    return value;
}
test('5.3: a swapped-out page is reported NONE with success, not faulted in', () => {
    const [ret, e, kind] = ok(function* () {
        const t = task_create('p');
        const a = yield* sys_mmap(t, 0, PAGE_SIZE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE);
        const m = yield* mirror53(t.mm);
        assert.equal(yield* swap_out(t.mm, a, a + PAGE_SIZE), 1);
        const [r, x] = yield* fault53(t.mm, m, a);
        return [r, x, peek_entry(t.mm, a).kind];
    });
    assert.equal(ret, 1, 'one page "filled"');
    assert.equal(e, DEVICE_PFN_VALUES[h53.HMM_PFN_NONE]);
    assert.equal(kind, 'swap', 'still swapped out');
});
test('5.3: the zero page is a special PTE: snapshot stops at it with HMM_PFN_SPECIAL, a fault fails with -EFAULT', () => {
    const out = ok(function* () {
        const t = task_create('p');
        const a = yield* sys_mmap(t, 0, PAGE_SIZE, RW, MAP_PRIVATE | MAP_ANONYMOUS);
        yield* user_read_u32(t, a);
        const m = yield* mirror53(t.mm);
        const s = new h53.HmmRange();
        fill_fault_range(s, a, false);
        assert.equal(yield* h53.hmm_range_register(s, m, a, a + PAGE_SIZE, 12), 0);
        yield* mmap_read_lock(t.mm);
        const sr = yield* h53.hmm_range_snapshot(s);
        yield* mmap_read_unlock(t.mm);
        const se = s.pfns[0];
        yield* h53.hmm_range_unregister(s);
        // hmm_range_fault clears the entries from where the walk stopped to the end (NONE).
        const [r, x] = yield* fault53(t.mm, m, a);
        return { sr, se, r, x, kind: peek_entry(t.mm, a).kind };
    });
    assert.deepEqual(out, { sr: 0, se: DEVICE_PFN_VALUES[h53.HMM_PFN_SPECIAL], r: -EFAULT, x: DEVICE_PFN_VALUES[h53.HMM_PFN_NONE], kind: 'zero' });
});
test('5.2/5.3: a range starting in a hole below a VMA: snapshot reports NONE with success, a fault dereferences NULL', () => {
    const snap = ok(function* () {
        const t = task_create('p');
        const a = yield* sys_mmap(t, 0, PAGE_SIZE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE);
        const m = yield* mirror53(t.mm);
        const r = new h53.HmmRange();
        fill_fault_range(r, a - PAGE_SIZE, false);
        r.start = a - PAGE_SIZE;
        r.end = a + PAGE_SIZE;
        r.pfns = new BigUint64Array(2);
        assert.equal(yield* h53.hmm_range_register(r, m, r.start, r.end, 12), 0);
        yield* mmap_read_lock(t.mm);
        const ret = yield* h53.hmm_range_snapshot(r);
        yield* mmap_read_unlock(t.mm);
        const e = [...r.pfns];
        yield* h53.hmm_range_unregister(r);
        return { ret, hole: e[0], mapped: h53.hmm_device_entry_to_pfn(r, e[1]) > 0 };
    });
    assert.deepEqual(snap, { ret: 2, hole: DEVICE_PFN_VALUES[h53.HMM_PFN_NONE], mapped: true });
    const { result } = runOne(function* () {
        const t = task_create('p');
        const a = yield* sys_mmap(t, 0, PAGE_SIZE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE);
        const m = yield* mirror53(t.mm);
        yield* fault53(t.mm, m, a - PAGE_SIZE);
    });
    assert.deepEqual(result.violations.map((v) => v.title), ['BUG: kernel NULL pointer dereference in handle_mm_fault']);
});
test('VM_FAULT_RETRY: 5.2 lets the fault drop mmap_sem even when blocking (-EAGAIN, lock released); 5.3 only when not blocking', () => {
    const out = ok(function* () {
        const res = {};
        // 5.3, block = true: no ALLOW_RETRY, the file page is read with the lock held.
        {
            const t = task_create('p');
            const a = yield* sys_mmap(t, 0, PAGE_SIZE, RW, MAP_SHARED, file_create('f', PAGE_SIZE), 0);
            const m = yield* mirror53(t.mm);
            const held = [];
            const [r] = yield* fault53(t.mm, m, a, true, held);
            res['v5.3 block'] = [r, held[0]];
        }
        // 5.3, block = false: the first fault waits with the lock dropped.
        {
            const t = task_create('q');
            const a = yield* sys_mmap(t, 0, PAGE_SIZE, RW, MAP_SHARED, file_create('g', PAGE_SIZE), 0);
            const m = yield* mirror53(t.mm);
            const held = [];
            const [r] = yield* fault53(t.mm, m, a, false, held);
            res['v5.3 nonblock'] = [r, held[0]];
        }
        // 5.2, block = true: still allowed to retry.
        {
            const t = task_create('r');
            const mm = t.mm;
            const a = yield* sys_mmap(t, 0, PAGE_SIZE, RW, MAP_SHARED, file_create('h', PAGE_SIZE), 0);
            // A mirror first: it creates the hmm under mmap_sem for write.
            yield* mmap_write_lock(mm);
            assert.equal(yield* h52.hmm_mirror_register(new h52.HmmMirror(ops), mm), 0);
            yield* mmap_write_unlock(mm);
            const r = new h52.HmmRange();
            fill_fault_range(r, a, false);
            assert.equal(yield* h52.hmm_range_register(r, mm, a, a + PAGE_SIZE, 12), 0);
            yield* mmap_read_lock(mm);
            const ret = yield* h52.hmm_range_fault(r, true);
            res['v5.2 block'] = [ret, lock_is_held(mm.mmap_lock)];
            if (lock_is_held(mm.mmap_lock))
                yield* mmap_read_unlock(mm);
            yield* h52.hmm_range_unregister(r);
        }
        return res;
    });
    assert.deepEqual(out, { 'v5.3 block': [1, true], 'v5.3 nonblock': [-EAGAIN, false], 'v5.2 block': [-EAGAIN, false] });
});
test('every scenario of group releases has its expected outcome (the full claim of check)', () => {
    for (const sc of releaseScenarios) {
        for (const design of Object.keys(sc.designs)) {
            const v = verdict(sc, design);
            assert.ok(v.ok, `${sc.name} on ${design}: expected ${v.expected}, found ${v.found} (${v.explored.join('; ')})`);
        }
    }
});
test("the old one-call fault API as shipped: a timeout leaks the range (5.2: the hmm; 5.3: with its mmget, the whole mm); 5.3's error path dereferences a NULL range->hmm", () => {
    const leaked = (design) => {
        const r = explore(legacyFaultTimeout, design, { ...DEFAULT_OPTIONS, strategy: 'dfs', executions: 1 });
        assert.equal(r.violations.length, 1, `${design}: ${r.violations.map((v) => v.message).join('; ')}`);
        assert.equal(r.violations[0].kind, 'leak');
        return r.violations[0].message;
    };
    assert.match(leaked('v5.2'), /hmm#1/);
    assert.doesNotMatch(leaked('v5.2'), /vma#/, '5.2: the range pins the hmm, not the address space');
    assert.match(leaked('v5.3'), /mm#1, vma#1, hmm#1/);
    const x = explore(legacyFaultExiting, 'v5.3', { ...DEFAULT_OPTIONS, strategy: 'dfs', executions: 1 });
    assert.deepEqual(x.violations.map((v) => `${v.kind}: ${v.message}`), ['bug: NULL pointer dereference in nouveau_range_fault']);
});
