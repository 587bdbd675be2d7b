/*
 * Page lifetime checks: the folio lock of a freed folio (lock, trylock, unlock) is a
 * use-after-free, a waiter needs no reference; freeing a locked system page is Bad page state
 * (PAGE_FLAGS_CHECK_AT_FREE), a device folio goes back to its driver without that check; a
 * driver's use of a freed page (page_kasan_check) and of a dev_pagemap it freed (kasan_check)
 * are use-after-free reports.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Execution, kasan_check, kfree, kmalloc, spawn } from '../../src/kernel/index.js';
import { __folio_trylock, __folio_unlock, folio_lock, folio_wait_locked } from '../../src/mm/page_lock.js';
import { __put_page, alloc_page, DevPagemap, memremap_pages, page_kasan_check, zone_device_folio_init } from '../../src/mm/page.js';
import { serialChooser } from '../helpers.js';
function run(body) {
    const ex = new Execution(serialChooser, { stepBudget: 1000, record: false, throwErrors: true });
    return ex.run(() => void spawn('t', body)).violations.map((v) => `${v.kind}: ${v.title}`);
}
test('locking, try-locking or unlocking a freed folio is a use-after-free; waiting on it is not', () => {
    const freed = () => {
        const p = alloc_page(0 /* PageKind.Anon */);
        __put_page(p);
        return p;
    };
    assert.deepEqual(run(function* () {
        yield* folio_lock(freed());
    }), ['use-after-free: BUG: KASAN: use-after-free in folio_lock']);
    assert.deepEqual(run(function* () {
        __folio_trylock(freed());
    }), ['use-after-free: BUG: KASAN: use-after-free in folio_trylock']);
    assert.deepEqual(run(function* () {
        const p = freed();
        p.locked = true; // the bit a locker holding no reference set before the free
        __folio_unlock(p);
    }), ['use-after-free: BUG: KASAN: use-after-free in folio_unlock']);
    assert.deepEqual(run(function* () {
        yield* folio_wait_locked(freed());
    }), []);
    // A live folio: no report.
    assert.deepEqual(run(function* () {
        const p = alloc_page(0 /* PageKind.Anon */);
        yield* folio_lock(p);
        __folio_unlock(p);
        __put_page(p);
    }), []);
});
test('freeing a locked system page is Bad page state; a locked device folio goes back to its driver unchecked', () => {
    assert.deepEqual(run(function* () {
        const p = alloc_page(0 /* PageKind.Anon */);
        __folio_trylock(p);
        __put_page(p);
    }), ['bug: BUG: Bad page state: freeing a locked page']);
    assert.deepEqual(run(function* () {
        const pgmap = new DevPagemap('private', 'owner', {}, 'test chunk');
        const d = zone_device_folio_init(pgmap, memremap_pages(pgmap, 4), 0); // locked, refcount 1
        __put_page(d);
    }), []);
});
test('a freed page used by a driver, and a dev_pagemap read after its driver freed it, are use-after-free', () => {
    assert.deepEqual(run(function* () {
        const p = alloc_page(0 /* PageKind.Anon */);
        page_kasan_check(p, 'live_user');
        __put_page(p);
        page_kasan_check(p, 'dmirror_devmem_fault');
    }), ['use-after-free: BUG: KASAN: use-after-free in dmirror_devmem_fault']);
    const pgmapRun = (free) => run(function* () {
        const pgmap = kmalloc(new DevPagemap('private', 'owner', {}, 'test chunk'));
        if (free)
            kfree(pgmap);
        kasan_check(pgmap, 'do_swap_page');
        if (!free)
            kfree(pgmap);
    });
    assert.deepEqual(pgmapRun(false), []);
    assert.equal(pgmapRun(true).length, 1);
    assert.match(pgmapRun(true)[0], /^use-after-free: BUG: KASAN: use-after-free in /);
});
