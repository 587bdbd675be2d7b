/* Page migration: data survives, the bracket and event are right, and a CPU access that meets
 * the migration entry waits for it (explored, not just one schedule). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, spawn } from '../../src/kernel/index.js';
import * as mm from '../../src/mm/index.js';
import { DEFAULT_OPTIONS, explore } from '../../src/explore/run.js';
import { runOne, scenarioOf } from '../helpers.js';
const RW = mm.PROT_READ | mm.PROT_WRITE;
const ANON = mm.MAP_PRIVATE | mm.MAP_ANONYMOUS;
test('migration moves pages to new pfns, keeps data and permissions, frees the old pages', () => {
    const log = [];
    const ops = {
        *invalidate_range_start(_s, r) {
            log.push(`start ${mm.MMU_NOTIFY_EVENT_NAMES[r.event]} ${r.end - r.start}`);
            return 0;
        },
        *invalidate_range_end(_s, r) {
            log.push(`end ${mm.MMU_NOTIFY_EVENT_NAMES[r.event]}`);
        },
    };
    const { value, result } = runOne(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 3 * 4096, RW, ANON);
        for (let i = 0; i < 2; i++)
            yield* mm.user_write_u32(t, a + i * 4096 + 8, 0xabc0 + i);
        yield* mm.sys_mprotect(t, a + 4096, 4096, mm.PROT_READ);
        const before = [0, 1].map((i) => mm.peek_entry(t.mm, a + i * 4096).pfn);
        yield* mm.mmu_notifier_register(new mm.MmuNotifier(ops), t.mm);
        const live0 = mm.mem_stats().live;
        const n = yield* mm.sys_migrate_pages(t, a, 3 * 4096); // page 2 was never touched: nothing to move
        const after = [0, 1].map((i) => mm.peek_entry(t.mm, a + i * 4096));
        const vals = [yield* mm.user_read_u32(t, a + 8), yield* mm.user_read_u32(t, a + 4096 + 8)];
        const ro = yield* mm.user_write_u32(t, a + 4096, 1);
        mm.mm_check_invariants();
        const live1 = mm.mem_stats().live;
        yield* mm.sys_exit(t);
        return { n, moved: after.map((e, i) => e.kind === 'present' && e.pfn !== before[i]), writable: after.map((e) => e.writable), vals, ro, live0, live1 };
    });
    assert.deepEqual(result.violations.map((v) => v.title), []);
    assert.deepEqual(value, { n: 2, moved: [true, true], writable: [true, false], vals: [0xabc0, 0xabc1], ro: -mm.EFAULT, live0: 2, live1: 2 });
    assert.deepEqual(log.slice(0, 4), ['start MMU_NOTIFY_CLEAR 4096', 'end MMU_NOTIFY_CLEAR', 'start MMU_NOTIFY_CLEAR 4096', 'end MMU_NOTIFY_CLEAR']);
});
test('pages shared after fork are not migrated (mapcount 2), and stay shared', () => {
    const { value } = runOne(function* () {
        const p = mm.task_create('p');
        const a = yield* mm.sys_mmap(p, 0, 4096, RW, ANON);
        yield* mm.user_write_u32(p, a, 5);
        const c = yield* mm.sys_fork(p);
        const n = yield* mm.sys_migrate_pages(p, a, 4096);
        const same = mm.peek_entry(p.mm, a).pfn === mm.peek_entry(c.mm, a).pfn;
        yield* mm.sys_exit(c);
        yield* mm.sys_exit(p);
        return { n, same };
    });
    assert.deepEqual(value, { n: 0, same: true });
});
function* migrator(t, a) {
    const n = yield* mm.sys_migrate_pages(t, a, 4096);
    check(n === 1, `migrated ${n} pages`);
}
function* reader(t, a) {
    const v = yield* mm.user_read_u32(t, a + 12);
    check(v === 77, `read ${v} during migration (expected 77)`);
    const w = yield* mm.user_write_u32(t, a + 16, 1);
    check(w === 0, `write failed with ${w}`);
}
function* init() {
    const t = mm.task_create('p');
    const a = yield* mm.sys_mmap(t, 0, 4096, RW, ANON);
    yield* mm.user_write_u32(t, a + 12, 77);
    spawn('migrate', () => migrator(t, a));
    spawn('reader', () => reader(t, a));
}
function* migrate_any(t, a) {
    yield* mm.sys_migrate_pages(t, a, 4096);
}
function* dontneed_then_read(t, a) {
    yield* mm.sys_madvise(t, a, 4096, mm.MADV_DONTNEED);
    const v = yield* mm.user_read_u32(t, a + 12);
    check(v === 0, `read ${v} after MADV_DONTNEED`);
    mm.mm_check_invariants();
}
function* init_zap() {
    const t = mm.task_create('p');
    const a = yield* mm.sys_mmap(t, 0, 4096, RW, ANON);
    yield* mm.user_write_u32(t, a + 12, 77);
    spawn('migrate', () => migrate_any(t, a));
    spawn('dontneed', () => dontneed_then_read(t, a));
}
test('a CPU access racing migration waits on the migration entry: every interleaving reads the data', () => {
    const sc = scenarioOf('migrate-vs-read', () => {
        spawn('init', init);
    });
    const r = explore(sc, 'base', { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions: 2 });
    assert.equal(r.exhausted, true);
    assert.deepEqual(r.violations, []);
    assert.ok(r.executions > 5);
});
test('MADV_DONTNEED zapping a migration entry: the new page is dropped, nothing leaks or is freed while mapped', () => {
    const sc = scenarioOf('migrate-vs-dontneed', () => {
        spawn('init', init_zap);
    });
    const r = explore(sc, 'base', { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions: 2 });
    assert.equal(r.exhausted, true);
    assert.deepEqual(r.violations, []);
});
test('clear_refs soft-dirty: one SOFT_DIRTY bracket write-protects; the next store faults and sets the bit', () => {
    const log = [];
    const ops = {
        *invalidate_range_start(_s, r) {
            log.push(`start ${mm.MMU_NOTIFY_EVENT_NAMES[r.event]}`);
            return 0;
        },
        *invalidate_range_end(_s, r) {
            log.push(`end ${mm.MMU_NOTIFY_EVENT_NAMES[r.event]}`);
        },
    };
    const { value, result } = runOne(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 2 * 4096, RW, ANON);
        yield* mm.user_write_u32(t, a, 1);
        yield* mm.user_write_u32(t, a + 4096, 2);
        const before = [mm.pagemap_soft_dirty(t.mm, a), mm.pagemap_soft_dirty(t.mm, a + 4096)];
        yield* mm.mmu_notifier_register(new mm.MmuNotifier(ops), t.mm);
        const n = yield* mm.sys_clear_refs(t, mm.CLEAR_REFS_SOFT_DIRTY);
        const cleared = [mm.pagemap_soft_dirty(t.mm, a), mm.peek_entry(t.mm, a).writable];
        const pfn = mm.peek_entry(t.mm, a).pfn;
        yield* mm.user_write_u32(t, a + 4, 3); // write fault on an exclusive page: reused, bit set
        const after = [mm.pagemap_soft_dirty(t.mm, a), mm.pagemap_soft_dirty(t.mm, a + 4096), mm.peek_entry(t.mm, a).pfn === pfn];
        const vals = [yield* mm.user_read_u32(t, a), yield* mm.user_read_u32(t, a + 4), yield* mm.user_read_u32(t, a + 4096)];
        const bad = yield* mm.sys_clear_refs(t, 1);
        mm.mm_check_invariants();
        yield* mm.sys_exit(t);
        return { before, n, cleared, after, vals, bad };
    });
    assert.deepEqual(result.violations.map((v) => v.title), []);
    assert.deepEqual(value, { before: [true, true], n: 2, cleared: [false, false], after: [true, false, true], vals: [1, 3, 2], bad: -mm.EINVAL });
    assert.deepEqual(log.slice(0, 2), ['start MMU_NOTIFY_SOFT_DIRTY', 'end MMU_NOTIFY_SOFT_DIRTY']);
});
