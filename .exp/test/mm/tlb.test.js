/* Unit tests of the pending-flush TLB model (src/mm/tlb.ts) and its check at munmap and
 * madvise(MADV_DONTNEED) return: exact outcomes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as mm from '../../src/mm/index.js';
import { set_bug_switches } from '../../src/mm/bug_switch.js';
import { runOne } from '../helpers.js';
import { ANON, clean, RW } from './helpers.js';
test('tlb: a deferred translation stays until flush_tlb_range covers it; only its range is flushed', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const m = t.mm;
        const a = yield* mm.sys_mmap(t, 0, 3 * 4096, RW, ANON);
        mm.tlb_defer(m, a, 11);
        mm.tlb_defer(m, a + 2 * 4096, 13);
        const before = mm.tlb_stale_in(m, a, a + 3 * 4096).map((x) => x.pfn);
        yield* mm.flush_tlb_range(m, a, a + 4096);
        const after1 = mm.tlb_stale_in(m, a, a + 3 * 4096).map((x) => x.pfn);
        yield* mm.flush_tlb_range(m, a, a + 3 * 4096);
        const after2 = mm.tlb_stale_in(m, a, a + 3 * 4096).length;
        // With nothing pending any more, munmap returns without a report.
        const r = yield* mm.sys_munmap(t, a, 3 * 4096);
        return { before, after1, after2, r };
    });
    assert.deepEqual(out, { before: [11, 13], after1: [13], after2: 0, r: 0 });
});
test('stale-tlb: madvise(MADV_DONTNEED) returning with a pending translation in its range is reported', () => {
    let a = 0;
    const { result } = runOne(function* () {
        const t = mm.task_create('p');
        a = yield* mm.sys_mmap(t, 0, 2 * 4096, RW, ANON);
        yield* mm.user_write_u32(t, a + 4096, 1);
        mm.tlb_defer(t.mm, a + 4096, 42);
        yield* mm.sys_madvise(t, a, 2 * 4096, mm.MADV_DONTNEED);
    });
    assert.deepEqual(result.violations.map((v) => [v.kind, v.message]), [['stale-tlb', `madvise(MADV_DONTNEED) returned while CPUs may still map 0x${(a + 4096).toString(16)} -> pfn 42`]]);
});
test('stale-tlb: munmap reports a pending translation of its range, not one outside it', () => {
    const outside = runOne(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 2 * 4096, RW, ANON);
        mm.tlb_defer(t.mm, a + 4096, 7);
        return yield* mm.sys_munmap(t, a, 4096);
    });
    assert.deepEqual([outside.value, outside.result.violations.length], [0, 0]);
    const inside = runOne(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 2 * 4096, RW, ANON);
        mm.tlb_defer(t.mm, a + 4096, 7);
        yield* mm.sys_munmap(t, a, 2 * 4096);
    });
    assert.deepEqual(inside.result.violations.map((v) => v.kind), ['stale-tlb']);
});
test('migrate_vma_collect: with the fixed and with the late flush, nothing is pending once setup returns and the page is restored', () => {
    for (const late of [false, true]) {
        const out = clean(function* () {
            if (late)
                set_bug_switches(['migrate-collect-late-flush']);
            const t = mm.task_create('p');
            const m = t.mm;
            const a = yield* mm.sys_mmap(t, 0, 4096, RW, ANON);
            yield* mm.user_write_u32(t, a, 5);
            yield* mm.mmap_read_lock(m);
            const args = new mm.MigrateVma({ vma: mm.find_vma(m, a), start: a, end: a + 4096, src: [0], dst: [0], pgmap_owner: null, flags: mm.MIGRATE_VMA_SELECT_SYSTEM });
            const r = yield* mm.migrate_vma_setup(args);
            // Alone, the late flush has run by the time setup returns.
            const pending = mm.tlb_stale_in(m, a, a + 4096).length;
            yield* mm.migrate_vma_pages(args);
            yield* mm.migrate_vma_finalize(args);
            yield* mm.mmap_read_unlock(m);
            return { r, cpages: args.cpages, pending, v: yield* mm.user_read_u32(t, a) };
        });
        assert.deepEqual(out, { r: 0, cpages: 1, pending: 0, v: 5 }, `late=${late}`);
    }
});
