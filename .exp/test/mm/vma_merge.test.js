/*
 * VMA merging (vma_merge): adjacent VMAs that agree become one after mmap, mprotect, madvise
 * and mremap, following is_mergeable_vma / is_mergeable_anon_vma; merged-away VMAs are freed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as mm from '../../src/mm/index.js';
import { ANON, clean, RW } from './helpers.js';
const P = 4096;
/** The task's VMAs as [start page, end page) relative to `base`. */
function layout(t, base) {
    return t.mm.mmap.map((v) => [(v.vm_start - base) / P, (v.vm_end - base) / P]);
}
test('adjacent anonymous mappings with the same flags merge; different protections do not', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 2 * P, RW, ANON);
        yield* mm.sys_mmap(t, a + 2 * P, 2 * P, RW, ANON | mm.MAP_FIXED);
        const merged = layout(t, a);
        yield* mm.sys_mmap(t, a + 4 * P, P, mm.PROT_READ, ANON | mm.MAP_FIXED);
        const apart = layout(t, a);
        yield* mm.sys_exit(t);
        return { merged, apart };
    });
    assert.deepEqual(out.merged, [[0, 4]]);
    assert.deepEqual(out.apart, [[0, 4], [4, 5]]);
});
test('mprotect of the middle then back: one VMA again, and the merged-away VMAs are freed', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 6 * P, RW, ANON);
        const first = t.mm.mmap[0];
        yield* mm.user_write_u32(t, a + 3 * P, 33);
        yield* mm.sys_mprotect(t, a + 2 * P, 2 * P, mm.PROT_READ);
        const split = layout(t, a);
        const [, middle, right] = t.mm.mmap;
        yield* mm.sys_mprotect(t, a + 2 * P, 2 * P, RW);
        const back = layout(t, a);
        const survivor = t.mm.mmap[0] === first;
        const freed = [middle.__state, right.__state];
        const v = yield* mm.user_read_u32(t, a + 3 * P);
        yield* mm.sys_exit(t);
        return { split, back, survivor, freed, v };
    });
    assert.deepEqual(out.split, [[0, 2], [2, 4], [4, 6]]);
    assert.deepEqual(out.back, [[0, 6]]);
    assert.equal(out.survivor, true, 'the previous VMA survives the merge');
    assert.deepEqual(out.freed, [2 /* ObjState.Freed */, 2 /* ObjState.Freed */]);
    assert.equal(out.v, 33);
});
test('anon_vma: separately faulted mappings do not merge with each other, a fresh one joins either', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 3 * P, RW, ANON);
        yield* mm.sys_munmap(t, a + P, P); // [0,1) and [2,3): pieces of one mapping share an anon_vma
        yield* mm.user_write_u32(t, a, 1);
        const b = yield* mm.sys_mmap(t, a + 4 * P, P, RW, ANON | mm.MAP_FIXED);
        yield* mm.user_write_u32(t, b, 2); // its own anon_vma
        yield* mm.sys_munmap(t, a + 2 * P, P);
        // [0,1) has anon_vma A, [4,5) has B; fill [1,4): it merges with the left one only.
        yield* mm.sys_mmap(t, a + P, 3 * P, RW, ANON | mm.MAP_FIXED);
        const l = layout(t, a);
        yield* mm.sys_exit(t);
        return l;
    });
    assert.deepEqual(out, [[0, 4], [4, 5]]);
});
test('a fork child gets its own anon_vmas: split VMAs of a faulted mapping stay apart in the child', () => {
    const out = clean(function* () {
        const p = mm.task_create('p');
        const a = yield* mm.sys_mmap(p, 0, 4 * P, RW, ANON);
        yield* mm.user_write_u32(p, a, 1);
        yield* mm.user_write_u32(p, a + 3 * P, 2);
        yield* mm.sys_mprotect(p, a + 2 * P, 2 * P, mm.PROT_READ);
        const c = yield* mm.sys_fork(p);
        yield* mm.sys_mprotect(c, a + 2 * P, 2 * P, RW);
        yield* mm.sys_mprotect(p, a + 2 * P, 2 * P, RW);
        const r = { parent: layout(p, a), child: layout(c, a) };
        yield* mm.sys_exit(c);
        yield* mm.sys_exit(p);
        return r;
    });
    assert.deepEqual(out, { parent: [[0, 4]], child: [[0, 2], [2, 4]] });
});
test('private file mappings merge when the offsets are contiguous', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const f = mm.file_create('data', 8 * P);
        const a = yield* mm.sys_mmap(t, 0, 2 * P, mm.PROT_READ, mm.MAP_PRIVATE, f, 0);
        yield* mm.sys_mmap(t, a + 2 * P, 2 * P, mm.PROT_READ, mm.MAP_PRIVATE | mm.MAP_FIXED, f, 2 * P);
        const contiguous = layout(t, a);
        yield* mm.sys_mmap(t, a + 4 * P, P, mm.PROT_READ, mm.MAP_PRIVATE | mm.MAP_FIXED, f, 7 * P);
        const gap = layout(t, a);
        yield* mm.sys_exit(t);
        return { contiguous, gap };
    });
    assert.deepEqual(out.contiguous, [[0, 4]]);
    assert.deepEqual(out.gap, [[0, 4], [4, 5]]);
});
test('mremap: growing in place up to the next VMA merges with it; a move next to an agreeing VMA merges', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 2 * P, RW, ANON);
        yield* mm.sys_mmap(t, a + 4 * P, 2 * P, RW, ANON | mm.MAP_FIXED);
        const r1 = yield* mm.sys_mremap(t, a, 2 * P, 4 * P, 0);
        const grown = layout(t, a);
        const b = yield* mm.sys_mmap(t, a + 16 * P, 2 * P, RW, ANON | mm.MAP_FIXED);
        yield* mm.user_write_u32(t, b, 5);
        const r2 = yield* mm.sys_mremap(t, b, 2 * P, 2 * P, mm.MREMAP_MAYMOVE | mm.MREMAP_FIXED, a + 6 * P);
        const moved = layout(t, a);
        const v = yield* mm.user_read_u32(t, a + 6 * P);
        yield* mm.sys_exit(t);
        return { r1: r1 === a, grown, r2: r2 === a + 6 * P, moved, v };
    });
    // The moved VMA keeps its page offset (b's), so it does not line up with [0, 6): two VMAs.
    assert.deepEqual(out, { r1: true, grown: [[0, 6]], r2: true, moved: [[0, 6], [6, 8]], v: 5 });
});
