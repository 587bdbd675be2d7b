/*
 * The device check inside an invalidation (hmm-history §4, P2): a device access through an
 * entry the CPU has already taken back, while the invalidation that took it back still runs,
 * is a stale-device-mapping; the same access after a zap in invalidate_range_start misses and
 * is clean, and an access through an entry the CPU still agrees with is clean. The end
 * callback of a classic notifier runs inside the window (the range is still active there), so
 * one thread reaches it deterministically. DMA mappings made for a mirrored address follow the
 * same rule.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { device_access, device_bind, device_create, device_map, device_zap } from '../../src/drivers/device.js';
import { DMA_BIDIRECTIONAL, dma_device_access, dma_map_page, dma_unmap_page } from '../../src/drivers/dma_mapping.js';
import { EFAULT, MAP_ANONYMOUS, MAP_PRIVATE, MmuNotifier, mmu_notifier_register, PAGE_SIZE, peek_entry, PROT_READ, PROT_WRITE, sys_mmap, sys_mprotect, sys_munmap, task_create, user_write_u32 } from '../../src/mm/index.js';
import { runThreads } from '../helpers.js';
function kinds(r) {
    return r.violations.map((v) => v.kind);
}
/** One page mapped rw by the device; a classic notifier zaps it at `zap` and the device accesses it in end first. */
function* setup(dev, zap, write, results) {
    const task = task_create('p');
    const addr = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    yield* user_write_u32(task, addr, 1);
    yield* device_bind(dev, task.mm, {
        *fault() {
            return -EFAULT;
        },
    });
    const ops = {
        *invalidate_range_start(_sub, range) {
            if (zap === 'start')
                yield* device_zap(dev, range.start, range.end);
            return 0;
        },
        *invalidate_range_end(_sub, range) {
            results.push(yield* device_access(dev, addr, write));
            if (zap === 'end')
                yield* device_zap(dev, range.start, range.end);
        },
    };
    assert.equal(yield* mmu_notifier_register(new MmuNotifier(ops), task.mm), 0);
    yield* device_map(dev, addr, peek_entry(task.mm, addr).pfn, true);
    return { addr, task };
}
for (const op of ['munmap', 'mprotect']) {
    test(`${op}: a device write inside the window through an entry zapped only at the end is a stale mapping`, () => {
        const results = [];
        const r = runThreads({
            *t() {
                const dev = device_create('gpu0');
                const w = yield* setup(dev, 'end', true, results);
                if (op === 'munmap')
                    yield* sys_munmap(w.task, w.addr, PAGE_SIZE);
                else
                    yield* sys_mprotect(w.task, w.addr, PAGE_SIZE, PROT_READ);
            },
        });
        assert.deepEqual(kinds(r), ['stale-device-mapping']);
        assert.match(r.violations[0].title, /^BUG: stale device mapping: gpu0 writes 0x[0-9a-f]+ -> pfn \d+ inside an invalidation that already changed the CPU entry$/);
        // The report ends the execution at the access.
        assert.deepEqual(results, []);
    });
    test(`${op}: the same write after a zap in invalidate_range_start misses and is clean`, () => {
        const results = [];
        const r = runThreads({
            *t() {
                const dev = device_create('gpu0');
                const w = yield* setup(dev, 'start', true, results);
                if (op === 'munmap')
                    yield* sys_munmap(w.task, w.addr, PAGE_SIZE);
                else
                    yield* sys_mprotect(w.task, w.addr, PAGE_SIZE, PROT_READ);
            },
        });
        assert.deepEqual(kinds(r), []);
        assert.deepEqual(results, [-EFAULT]);
    });
}
test('a device read inside the window through an entry the CPU took back is a stale mapping too', () => {
    const r = runThreads({
        *t() {
            const dev = device_create('gpu0');
            const w = yield* setup(dev, 'end', false, []);
            yield* sys_munmap(w.task, w.addr, PAGE_SIZE);
        },
    });
    assert.deepEqual(kinds(r), ['stale-device-mapping']);
    assert.match(r.violations[0].title, /gpu0 reads /);
});
test('a device read inside the window through a read-only entry the CPU still agrees with is clean', () => {
    const results = [];
    const r = runThreads({
        *t() {
            const dev = device_create('gpu0');
            const w = yield* setup(dev, 'end', false, results);
            // Re-program read-only: mprotect(PROT_READ) leaves the page mapped read-only, so a read agrees.
            yield* device_map(dev, w.addr, peek_entry(w.task.mm, w.addr).pfn, false);
            yield* sys_mprotect(w.task, w.addr, PAGE_SIZE, PROT_READ);
        },
    });
    assert.deepEqual(kinds(r), []);
    assert.deepEqual(results, [0]);
});
/** The same rule for a DMA mapping made for a mirrored address, unmapped at `unmap`. */
function dma_case(unmap) {
    const results = [];
    const r = runThreads({
        *t() {
            const dev = device_create('nic0');
            const task = task_create('p');
            const addr = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
            yield* user_write_u32(task, addr, 1);
            const daddr = yield* dma_map_page(dev, peek_entry(task.mm, addr).pfn, 0, PAGE_SIZE, DMA_BIDIRECTIONAL, { mm: task.mm, va: addr });
            let mapped = true;
            const ops = {
                *invalidate_range_start() {
                    if (unmap === 'start' && mapped) {
                        yield* dma_unmap_page(dev, daddr, PAGE_SIZE, DMA_BIDIRECTIONAL);
                        mapped = false;
                    }
                    return 0;
                },
                *invalidate_range_end() {
                    results.push(yield* dma_device_access(dev, daddr, true));
                    if (mapped) {
                        yield* dma_unmap_page(dev, daddr, PAGE_SIZE, DMA_BIDIRECTIONAL);
                        mapped = false;
                    }
                },
            };
            assert.equal(yield* mmu_notifier_register(new MmuNotifier(ops), task.mm), 0);
            yield* sys_munmap(task, addr, PAGE_SIZE);
        },
    });
    return { kinds: kinds(r), results };
}
test('a DMA write inside the window through a mirrored mapping unmapped only at the end is a stale mapping; unmapped at start it faults', () => {
    assert.deepEqual(dma_case('end'), { kinds: ['stale-device-mapping'], results: [] });
    assert.deepEqual(dma_case('start'), { kinds: [], results: [-EFAULT] });
});
