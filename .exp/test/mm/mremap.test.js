/*
 * mremap(2): shrink, grow in place, move (MAYMOVE, FIXED, DONTUNMAP), with every entry kind
 * carried along, THP and hugetlb, the notifier events a mirror sees, and the errors.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as mm from '../../src/mm/index.js';
import { ANON, clean, recorder, RW } from './helpers.js';
const P = 4096;
const MOVE = mm.MREMAP_MAYMOVE;
const FIXED = mm.MREMAP_MAYMOVE | mm.MREMAP_FIXED;
/** Read one u32 per page of [a, a+n pages); -EFAULT where the access faults. */
function* readPages(t, a, n) {
    const out = [];
    for (let i = 0; i < n; i++) {
        t.last_signal = 0;
        out.push(yield* mm.user_read_u32(t, a + i * P));
    }
    return out;
}
test('a move carries the data and the same pages; the mirror sees UNMAP of the old range twice (move, then munmap)', () => {
    const log = [];
    const out = clean(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 4 * P, RW, ANON);
        const blocker = yield* mm.sys_mmap(t, a + 4 * P, P, RW, ANON | mm.MAP_FIXED); // no room to grow
        for (let i = 0; i < 4; i++)
            yield* mm.user_write_u32(t, a + i * P, 100 + i);
        const pfns = [0, 1, 2, 3].map((i) => mm.peek_entry(t.mm, a + i * P).pfn);
        const allocated = mm.mem_stats().allocated;
        yield* mm.mmu_notifier_register(new mm.MmuNotifier(recorder(log)), t.mm);
        const noMove = yield* mm.sys_mremap(t, a, 4 * P, 8 * P, 0);
        const b = yield* mm.sys_mremap(t, a, 4 * P, 8 * P, MOVE);
        const moved = yield* readPages(t, b, 8);
        const old = yield* readPages(t, a, 4);
        const samePfns = [0, 1, 2, 3].every((i) => mm.peek_entry(t.mm, b + i * P).pfn === pfns[i]);
        const mapcount = mm.peek_entry(t.mm, b).page.mapcount;
        const table = t.mm.pmd.get(mm.pmd_index(b));
        const softDirty = (table.flags[mm.pte_index(b)] & mm.PTE_SOFT_DIRTY) !== 0;
        mm.mm_check_invariants();
        const newPages = mm.mem_stats().allocated - allocated;
        yield* mm.sys_exit(t);
        return { a, b, blocker, noMove, moved, old, samePfns, mapcount, softDirty, newPages, live: mm.mem_stats().live };
    });
    assert.equal(out.noMove, -mm.ENOMEM);
    assert.notEqual(out.b, out.a);
    assert.deepEqual(out.moved, [100, 101, 102, 103, 0, 0, 0, 0], 'the grown part reads as zero');
    assert.deepEqual(out.old, [-mm.EFAULT, -mm.EFAULT, -mm.EFAULT, -mm.EFAULT]);
    assert.deepEqual([out.samePfns, out.mapcount, out.softDirty, out.live], [true, 1, true, 0]);
    assert.equal(out.newPages, 0, 'a move allocates no page (the grown part reads the zero page)');
    const h = (x) => x.toString(16);
    const old = `${h(out.a)}-${h(out.a + 4 * P)}`;
    assert.deepEqual(log.slice(0, 4), [`start MMU_NOTIFY_UNMAP ${old}`, `end MMU_NOTIFY_UNMAP ${old}`, `start MMU_NOTIFY_UNMAP ${old}`, `end MMU_NOTIFY_UNMAP ${old}`]);
});
test('shrink unmaps the tail; growing in place needs the room after the VMA', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 4 * P, RW, ANON);
        for (let i = 0; i < 4; i++)
            yield* mm.user_write_u32(t, a + i * P, i + 1);
        const s = yield* mm.sys_mremap(t, a, 4 * P, 2 * P, 0);
        const afterShrink = yield* readPages(t, a, 4);
        const g = yield* mm.sys_mremap(t, a, 2 * P, 6 * P, 0);
        const afterGrow = yield* readPages(t, a, 6);
        const vmas = t.mm.mmap.length;
        yield* mm.sys_exit(t);
        return { a, s, afterShrink, g, afterGrow, vmas };
    });
    assert.equal(out.s, out.a);
    assert.deepEqual(out.afterShrink, [1, 2, -mm.EFAULT, -mm.EFAULT]);
    assert.equal(out.g, out.a);
    assert.deepEqual(out.afterGrow, [1, 2, 0, 0, 0, 0]);
    assert.equal(out.vmas, 1);
});
test('MREMAP_FIXED replaces what is at the target; part of a VMA moves (the rest stays)', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 4 * P, RW, ANON);
        const dst = yield* mm.sys_mmap(t, 0, 2 * P, RW, ANON);
        for (let i = 0; i < 4; i++)
            yield* mm.user_write_u32(t, a + i * P, 10 + i);
        yield* mm.user_write_u32(t, dst, 999);
        const r = yield* mm.sys_mremap(t, a + P, 2 * P, 2 * P, FIXED, dst);
        const src = yield* readPages(t, a, 4);
        const moved = yield* readPages(t, dst, 2);
        mm.mm_check_invariants();
        yield* mm.sys_exit(t);
        return { dst, r, src, moved };
    });
    assert.equal(out.r, out.dst);
    assert.deepEqual(out.src, [10, -mm.EFAULT, -mm.EFAULT, 13]);
    assert.deepEqual(out.moved, [11, 12]);
});
test('MREMAP_DONTUNMAP keeps the old VMA, empty: it faults in fresh zero pages', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 2 * P, RW, ANON);
        yield* mm.user_write_u32(t, a, 7);
        const b = yield* mm.sys_mremap(t, a, 2 * P, 2 * P, mm.MREMAP_MAYMOVE | mm.MREMAP_DONTUNMAP);
        const nv = yield* mm.user_read_u32(t, b);
        const ov = yield* mm.user_read_u32(t, a);
        const oldKind = mm.peek_entry(t.mm, a).kind;
        const bad = yield* mm.sys_mremap(t, b, 2 * P, 4 * P, mm.MREMAP_MAYMOVE | mm.MREMAP_DONTUNMAP);
        yield* mm.sys_exit(t);
        return { moved: b !== a, nv, ov, oldKind, bad };
    });
    assert.deepEqual(out, { moved: true, nv: 7, ov: 0, oldKind: 'zero', bad: -mm.EINVAL });
});
test('swap entries and COW-shared pages move as they are', () => {
    const out = clean(function* () {
        const p = mm.task_create('p');
        const a = yield* mm.sys_mmap(p, 0, 3 * P, RW, ANON);
        for (let i = 0; i < 3; i++)
            yield* mm.user_write_u32(p, a + i * P, 50 + i);
        yield* mm.sys_swap_out(p, a + P, P);
        const c = yield* mm.sys_fork(p);
        const b = yield* mm.sys_mremap(p, a, 3 * P, 3 * P, MOVE | mm.MREMAP_FIXED, a + 64 * P);
        const swapKind = mm.peek_entry(p.mm, b + P).kind;
        const shared = mm.peek_entry(p.mm, b).pfn === mm.peek_entry(c.mm, a).pfn;
        yield* mm.user_write_u32(p, b, 1); // COW break in the parent at the new address
        const pv = yield* readPages(p, b, 3);
        const cv = yield* readPages(c, a, 3);
        mm.mm_check_invariants();
        yield* mm.sys_exit(c);
        yield* mm.sys_exit(p);
        return { swapKind, shared, pv, cv, live: mm.mem_stats().live };
    });
    assert.deepEqual(out, { swapKind: 'swap', shared: true, pv: [1, 51, 52], cv: [50, 51, 52], live: 0 });
});
test('THP: an aligned move keeps the PMD mapping; an unaligned one splits it and keeps the data', () => {
    const log = [];
    const out = clean(function* () {
        const t = mm.task_create('p');
        const H = mm.PMD_SIZE;
        const a = yield* mm.sys_mmap(t, 0, H, RW, ANON);
        yield* mm.sys_madvise(t, a, H, mm.MADV_HUGEPAGE);
        yield* mm.user_write_u32(t, a + 7 * P, 77);
        const pfn = mm.peek_entry(t.mm, a).pfn;
        const landing = yield* mm.sys_mmap(t, 0, 4 * H, mm.PROT_NONE, ANON);
        const alignedDst = Math.ceil(landing / H) * H + H;
        const b = yield* mm.sys_mremap(t, a, H, H, FIXED, alignedDst);
        const eb = mm.peek_entry(t.mm, b + 7 * P);
        yield* mm.mmu_notifier_register(new mm.MmuNotifier(recorder(log)), t.mm);
        const c = yield* mm.sys_mremap(t, b, H, H, FIXED, alignedDst + H + 5 * P);
        const ec = mm.peek_entry(t.mm, c + 7 * P);
        const v = yield* mm.user_read_u32(t, c + 7 * P);
        mm.mm_check_invariants();
        yield* mm.sys_exit(t);
        return { aligned: [eb.level, eb.order, eb.pfn === pfn + 7], unaligned: [ec.level, ec.order, ec.pfn === pfn + 7], v, split: log.some((l) => l.startsWith('start MMU_NOTIFY_CLEAR')) };
    });
    assert.deepEqual(out, { aligned: ['pmd', 9, true], unaligned: ['pte', 0, true], v: 77, split: true });
});
test('hugetlb: moves whole huge pages; unaligned lengths, addresses and growing are -EINVAL', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const H = mm.PMD_SIZE;
        const a = yield* mm.sys_mmap(t, 0, 2 * H, RW, ANON | mm.MAP_HUGETLB);
        yield* mm.user_write_u32(t, a + H + 12, 5);
        const e1 = yield* mm.sys_mremap(t, a, 2 * H, 2 * H + P, MOVE);
        const e2 = yield* mm.sys_mremap(t, a, 2 * H, 4 * H, MOVE);
        const e3 = yield* mm.sys_mremap(t, a + P, H, H, MOVE);
        const same = yield* mm.sys_mremap(t, a, 2 * H, 2 * H, MOVE); // same size, not FIXED: stays
        const landing = yield* mm.sys_mmap(t, 0, 8 * H, mm.PROT_NONE, ANON);
        const b = yield* mm.sys_mremap(t, a, 2 * H, 2 * H, FIXED, Math.ceil(landing / H) * H + 2 * H);
        const v = yield* mm.user_read_u32(t, b + H + 12);
        const level = mm.peek_entry(t.mm, b + H).level;
        mm.mm_check_invariants();
        yield* mm.sys_exit(t);
        return { e1, e2, e3, stays: same === a, moved: b !== a && b > 0, v, level };
    });
    assert.deepEqual(out, { e1: -mm.EINVAL, e2: -mm.EINVAL, e3: -mm.EINVAL, stays: true, moved: true, v: 5, level: 'pmd' });
});
test('hugetlb 1 GiB: the PUD entry moves whole', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const G = 2 ** 30;
        const a = yield* mm.sys_mmap(t, 0, G, RW, ANON | mm.MAP_HUGETLB | mm.MAP_HUGE_1GB);
        yield* mm.user_write_u64(t, a + G - 8, 0xabcdefn);
        const pfn = mm.peek_entry(t.mm, a).pfn;
        const landing = yield* mm.sys_mmap(t, 0, 4 * G, mm.PROT_NONE, ANON);
        const b = yield* mm.sys_mremap(t, a, G, G, FIXED, Math.ceil(landing / G) * G + G);
        const e = mm.peek_entry(t.mm, b);
        const v = yield* mm.user_read_u64(t, b + G - 8);
        const old = mm.peek_entry(t.mm, a).kind;
        mm.mm_check_invariants();
        yield* mm.sys_exit(t);
        return { level: e.level, same: e.pfn === pfn, v, old, live: mm.mem_stats().live };
    });
    assert.deepEqual(out, { level: 'pud', same: true, v: 0xabcdefn, old: 'none', live: 0 });
});
test('mremap argument errors', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 4 * P, RW, ANON);
        const r = [
            yield* mm.sys_mremap(t, a, 4 * P, 4 * P, 0x80),
            yield* mm.sys_mremap(t, a, 4 * P, 4 * P, mm.MREMAP_FIXED, a + 64 * P),
            yield* mm.sys_mremap(t, a + 1, P, P, MOVE),
            yield* mm.sys_mremap(t, a, P, 0, MOVE),
            yield* mm.sys_mremap(t, a, 4 * P, 4 * P, FIXED, a + 2 * P),
            yield* mm.sys_mremap(t, a + 64 * P, P, 2 * P, MOVE),
            yield* mm.sys_mremap(t, a, 8 * P, 8 * P, MOVE),
        ];
        yield* mm.sys_exit(t);
        return r.map((x) => mm.errname(x));
    });
    assert.deepEqual(out, ['-EINVAL', '-EINVAL', '-EINVAL', '-EINVAL', '-EINVAL', '-EFAULT', '-EFAULT']);
});
