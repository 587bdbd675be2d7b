/*
 * Page contents (page_contents.ts), the page-walk cache in front of mm.pmd (PmdMap), the
 * page-table index helpers, and what a finished execution hands to the next one (zeroed
 * contents memory and recycled struct pages).
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { alloc_page, alloc_pages, copy_page_data, free_saved, MAP_ANONYMOUS, MAP_PRIVATE, mem_stats, page_copy_in, page_copy_out, page_read_u32, page_read_u64, page_read_u8, page_write_u32, page_write_u64, page_write_u8, PAGE_SIZE, PmdLeaf, PmdMap, pmd_index, PROT_READ, PROT_WRITE, pte_index, PteTable, pud_index, put_page_step, restore_subpage, save_subpage, sys_exit, sys_mmap, sys_munmap, task_create, user_read_u32, user_read_u64, user_write_u32, user_write_u64, user_write_u8, user_read_u8, } from '../../src/mm/index.js';
import { frame_read, frame_write } from '../../src/mm/page_contents.js';
import { page_contents } from '../../src/mm/page.js';
import { runThreads } from '../helpers.js';
function runOk(body) {
    const r = runThreads({ t: body }, { stepBudget: 10_000_000 });
    assert.deepEqual(r.violations.map((v) => v.title), []);
}
test('contents: multi-byte values across chunk and sub-page boundaries, little-endian', () => {
    runOk(function* () {
        const p = alloc_pages(9);
        // A u32 over the 64-byte chunk boundary, a u64 over the 4 KiB sub-page boundary.
        page_write_u32(p, 62, 0x11223344);
        assert.equal(page_read_u32(p, 62), 0x11223344);
        assert.equal(page_read_u8(p, 62), 0x44);
        assert.equal(page_read_u8(p, 65), 0x11);
        page_write_u64(p, PAGE_SIZE - 3, 0x0102030405060708n);
        assert.equal(page_read_u64(p, PAGE_SIZE - 3), 0x0102030405060708n);
        assert.equal(page_read_u8(p, PAGE_SIZE - 3), 0x08);
        assert.equal(page_read_u8(p, PAGE_SIZE + 4), 0x01);
        // Untouched bytes of the folio read as zero.
        assert.equal(page_read_u32(p, 511 * PAGE_SIZE + 128), 0);
        page_write_u8(p, 511 * PAGE_SIZE + 4095, 0x1ff);
        assert.equal(page_read_u8(p, 511 * PAGE_SIZE + 4095), 0xff);
        yield* put_page_step(p);
        yield;
    });
});
test('contents: copies, swap save/restore and device copy-in/out keep the bytes; freeing returns every chunk', () => {
    runOk(function* () {
        const before = mem_stats().chunks;
        const a = alloc_page();
        const b = alloc_page();
        for (let off = 0; off < PAGE_SIZE; off += 256)
            page_write_u32(a, off, off + 1);
        copy_page_data(b, 0, a, 0, PAGE_SIZE);
        for (let off = 0; off < PAGE_SIZE; off += 256)
            assert.equal(page_read_u32(b, off), off + 1);
        // Sub-page copy at chunk granularity: only [64, 192) of a (zero, then 0xabc at 128) into b at 1024.
        page_write_u32(a, 128, 0xabc);
        copy_page_data(b, 1024, a, 64, 128);
        assert.equal(page_read_u32(b, 1024), 0, 'b[1024] was 1025; a zero chunk was copied over it');
        assert.equal(page_read_u32(b, 1088), 0xabc);
        assert.equal(page_read_u32(b, 1280), 1281, 'outside the copied range');
        const saved = save_subpage(a, 0);
        const c = alloc_page();
        restore_subpage(c, 0, saved);
        free_saved(saved);
        assert.equal(page_read_u32(c, 3840), 3841);
        const buf = new Uint8Array(PAGE_SIZE);
        page_copy_out(c, 0, buf, 0, PAGE_SIZE);
        assert.equal(buf[256], 257 & 0xff);
        buf.fill(0);
        buf[64] = 7;
        page_copy_in(c, 0, buf, 0, PAGE_SIZE);
        assert.equal(page_read_u8(c, 64), 7);
        assert.equal(page_read_u32(c, 256), 0, 'a zero chunk copied in replaces the data');
        for (const p of [a, b, c])
            yield* put_page_step(p);
        assert.equal(mem_stats().chunks, before, 'every chunk went back to the pool');
        yield;
    });
});
test('frame_write/frame_read: unaligned byte ranges; zeros over unwritten chunks allocate nothing', () => {
    runOk(function* () {
        const p = alloc_page();
        const s = page_contents();
        const before = mem_stats().chunks;
        frame_write(s, p.pfn, 60, new Uint8Array(200)); // all zero: nothing to store
        assert.equal(mem_stats().chunks, before);
        const src = new Uint8Array(200).map((_, i) => i + 1);
        frame_write(s, p.pfn, 60, src); // chunks 0..4
        assert.equal(mem_stats().chunks, before + 5);
        assert.equal(page_read_u8(p, 60), 1);
        assert.equal(page_read_u8(p, 259), 200);
        assert.equal(page_read_u8(p, 260), 0);
        const back = new Uint8Array(210);
        frame_read(s, p.pfn, 55, back);
        assert.deepEqual([...back.subarray(0, 5)], [0, 0, 0, 0, 0]);
        assert.deepEqual([...back.subarray(5, 205)], [...src]);
        assert.deepEqual([...back.subarray(205)], [0, 0, 0, 0, 0]);
        frame_write(s, p.pfn, 60, new Uint8Array(4)); // zeros over written bytes do store
        assert.equal(page_read_u32(p, 60), 0);
        assert.equal(page_read_u8(p, 64), 5);
        yield* put_page_step(p);
        assert.equal(mem_stats().chunks, before);
        yield;
    });
});
test('user accesses of every width, then munmap and exit, leave no chunk behind', () => {
    runOk(function* () {
        const t = task_create('u');
        const base = mem_stats().chunks;
        const a = yield* sys_mmap(t, 0, 64 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
        for (let i = 0; i < 64; i++) {
            yield* user_write_u8(t, a + i * PAGE_SIZE + 3, i);
            yield* user_write_u32(t, a + i * PAGE_SIZE + 64, i * 1000);
            yield* user_write_u64(t, a + i * PAGE_SIZE + 4088, BigInt(i) << 40n);
        }
        for (let i = 0; i < 64; i++) {
            assert.equal(yield* user_read_u8(t, a + i * PAGE_SIZE + 3), i);
            assert.equal(yield* user_read_u32(t, a + i * PAGE_SIZE + 64), i * 1000);
            assert.equal(yield* user_read_u64(t, a + i * PAGE_SIZE + 4088), BigInt(i) << 40n);
        }
        assert.equal(mem_stats().chunks - base, 64 * 3);
        yield* sys_munmap(t, a, 64 * PAGE_SIZE);
        assert.equal(mem_stats().chunks, base);
        yield* sys_exit(t);
    });
});
test('a finished execution hands over zeroed memory and fresh struct pages', () => {
    const seen = [];
    // A first execution dirties memory and page state, then frees some pages and keeps others.
    runOk(function* () {
        const t = task_create('dirty');
        const a = yield* sys_mmap(t, 0, 32 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
        for (let i = 0; i < 32; i++)
            yield* user_write_u32(t, a + i * PAGE_SIZE, 0xdead0000 + i);
        for (let i = 0; i < 8; i++) {
            const p = alloc_page();
            page_write_u32(p, 0, 0xbeef);
            p.dirty = true;
            p.lazyfree = true;
            p.pincount = 2;
            seen.push(p);
        }
        yield* sys_munmap(t, a, 16 * PAGE_SIZE);
    });
    // The next one gets every recycled struct page back clean, and reads zeros everywhere.
    runOk(function* () {
        const fresh = [];
        for (let i = 0; i < 64; i++) {
            const p = alloc_page();
            fresh.push(p);
            assert.equal(p.refcount, 1);
            assert.equal(p.mapcount, 0);
            assert.equal(p.dirty, false);
            assert.equal(p.lazyfree, false);
            assert.equal(p.freed, false);
            assert.equal(p.mapping, null);
            assert.equal(p.pincount, 0);
            assert.equal(page_read_u32(p, 0), 0);
        }
        assert.ok(seen.every((p) => fresh.includes(p)), 'the first execution\'s pages were recycled');
        for (const p of fresh)
            yield* put_page_step(p);
        const t = task_create('clean');
        const a = yield* sys_mmap(t, 0, 32 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
        for (let i = 0; i < 32; i++) {
            // The chunk [64, 128) is allocated by the store: the rest of it must read as zero.
            yield* user_write_u8(t, a + i * PAGE_SIZE + 100, 1);
            assert.equal(yield* user_read_u32(t, a + i * PAGE_SIZE + 64), 0);
            assert.equal(yield* user_read_u32(t, a + i * PAGE_SIZE + 96), 0);
        }
        yield* sys_exit(t);
    });
});
test('within an execution a freed page keeps its identity and freed flag (no reuse of the object)', () => {
    runOk(function* () {
        const p = alloc_page();
        yield* put_page_step(p);
        assert.equal(p.freed, true);
        for (let i = 0; i < 4; i++)
            assert.notEqual(alloc_page(), p);
        assert.equal(p.freed, true);
        yield;
    });
});
test('PmdMap: the look-up cache follows set, delete and clear, also for keys that share a slot', () => {
    const m = new PmdMap();
    const t1 = new PteTable();
    const t2 = new PteTable();
    const leaf = new PmdLeaf(1 /* PteKind.Present */, 0, 512, false);
    m.set(5, t1);
    assert.equal(m.get(5), t1);
    m.set(5 + 64, t2); // same cache slot
    assert.equal(m.get(5 + 64), t2);
    assert.equal(m.get(5), t1);
    m.set(5, leaf);
    assert.equal(m.get(5), leaf);
    m.delete(5);
    assert.equal(m.get(5), undefined);
    assert.equal(m.get(5 + 64), t2);
    m.clear();
    assert.equal(m.get(5 + 64), undefined);
    assert.equal(m.size, 0);
});
test('page-table indexes are exact for 47-bit addresses', () => {
    const top = 2 ** 47 - PAGE_SIZE;
    assert.equal(pmd_index(top), Math.floor(top / 2 ** 21));
    assert.equal(pud_index(top), Math.floor(top / 2 ** 30));
    assert.equal(pte_index(top), 511);
    const a = 0x3f80_0000_0000 + 7 * 2 ** 21 + 300 * PAGE_SIZE + 12;
    assert.equal(pmd_index(a), 0x3f80_0000_0000 / 2 ** 21 + 7);
    assert.equal(pte_index(a), 300);
});
