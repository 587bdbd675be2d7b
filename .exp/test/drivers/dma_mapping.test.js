/*
 * Device DMA mappings (issue 14): a mapping made for a mirrored address is checked like the
 * device page table: kept across the invalidation of its page it is a device use-after-free
 * (munmap frees the page) or a stale mapping (mprotect read-only while the device may write);
 * unmapped in the invalidate callback it is clean. DMA-API debug's unmap rules, the IOMMU
 * fault of an unmapped access, failslab on dma_map_page and the one-line mistakes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failslab_setup, ScenarioError } from '../../src/kernel/index.js';
import { device_create } from '../../src/drivers/device.js';
import { DMA_BIDIRECTIONAL, DMA_MAPPING_ERROR, DMA_TO_DEVICE, dma_device_access, dma_map_page, dma_mapping_error, dma_mappings, dma_unmap_page } from '../../src/drivers/dma_mapping.js';
import { MmuIntervalNotifier, mmu_interval_notifier_insert, mmu_interval_notifier_remove, mmu_interval_set_seq } from '../../src/mm/interval_notifier.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, PAGE_SIZE, peek_entry, PROT_READ, PROT_WRITE, sys_mmap, sys_mprotect, sys_munmap, task_create, user_write_u32 } from '../../src/mm/index.js';
import { runThreads } from '../helpers.js';
function kinds(r) {
    return r.violations.map((v) => v.kind);
}
/** One mirrored page: the notifier unmaps the DMA mapping (or, `forget`, does not). */
function* mirrored(dev, forget) {
    const task = task_create('p');
    const addr = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    yield* user_write_u32(task, addr, 1);
    const daddr = { v: 0 };
    const mni = new MmuIntervalNotifier({
        *invalidate(n, _range, seq) {
            yield* mmu_interval_set_seq(n, seq);
            if (!forget && daddr.v !== 0) {
                yield* dma_unmap_page(dev, daddr.v, PAGE_SIZE, DMA_BIDIRECTIONAL);
                daddr.v = 0;
            }
            return true;
        },
    });
    assert.equal(yield* mmu_interval_notifier_insert(mni, task.mm, addr, PAGE_SIZE, mni.ops), 0);
    daddr.v = yield* dma_map_page(dev, peek_entry(task.mm, addr).pfn, 0, PAGE_SIZE, DMA_BIDIRECTIONAL, { mm: task.mm, va: addr });
    assert.equal(dma_mapping_error(dev, daddr.v), 0);
    assert.equal(yield* dma_device_access(dev, daddr.v, true), 0);
    return { task, addr, daddr, mni };
}
test('a DMA mapping unmapped by the invalidate callback: munmap and mprotect are clean', () => {
    for (const op of ['munmap', 'mprotect']) {
        const r = runThreads({
            *t() {
                const dev = device_create('nic0');
                const w = yield* mirrored(dev, false);
                if (op === 'munmap')
                    yield* sys_munmap(w.task, w.addr, PAGE_SIZE);
                else
                    yield* sys_mprotect(w.task, w.addr, PAGE_SIZE, PROT_READ);
                assert.equal(dma_mappings(dev).length, 0);
                yield* mmu_interval_notifier_remove(w.mni);
            },
        });
        assert.deepEqual(kinds(r), [], op);
    }
});
test('a DMA mapping kept across munmap: device use-after-free when the page is freed', () => {
    const r = runThreads({
        *t() {
            const dev = device_create('nic0');
            const w = yield* mirrored(dev, true);
            yield* sys_munmap(w.task, w.addr, PAGE_SIZE);
        },
    });
    assert.deepEqual(kinds(r), ['device-use-after-free']);
    assert.match(r.violations[0].title, /^BUG: device use-after-free: pfn \d+ freed while the device still has a DMA mapping of it \(nic0 at DMA address 0x100000000\)$/);
});
test('a writable DMA mapping kept across mprotect(PROT_READ): stale mapping once the invalidation ended', () => {
    const r = runThreads({
        *t() {
            const dev = device_create('nic0');
            const w = yield* mirrored(dev, true);
            yield* sys_mprotect(w.task, w.addr, PAGE_SIZE, PROT_READ);
        },
    });
    assert.deepEqual(kinds(r), ['stale-device-mapping']);
    assert.match(r.violations[0].message, /after the CPU invalidation covering it finished: the device may write through DMA a page the CPU maps read-only/);
});
test('DMA-API debug: unmapping twice, or with another direction; the IOMMU fault of an unmapped or read-only access', () => {
    const r = runThreads({
        *t() {
            const dev = device_create('nic0');
            const task = task_create('p');
            const addr = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
            yield* user_write_u32(task, addr, 1);
            const pfn = peek_entry(task.mm, addr).pfn;
            const a = yield* dma_map_page(dev, pfn, 0, PAGE_SIZE, DMA_TO_DEVICE);
            assert.equal(yield* dma_device_access(dev, a, false), 0);
            assert.equal(yield* dma_device_access(dev, a, true), -14);
            yield* dma_unmap_page(dev, a, PAGE_SIZE, DMA_BIDIRECTIONAL);
            yield* dma_unmap_page(dev, a, PAGE_SIZE, DMA_TO_DEVICE);
            assert.equal(yield* dma_device_access(dev, a, false), -14);
        },
    });
    assert.deepEqual(kinds(r), ['bug', 'bug']);
    assert.match(r.violations[0].title, /frees DMA memory with different direction/);
    assert.match(r.violations[1].title, /tries to free DMA memory it has not allocated/);
});
test('failslab makes dma_map_page return DMA_MAPPING_ERROR; a pfn that was never allocated is a one-line mistake', () => {
    let got = 0;
    const r = runThreads({
        *t() {
            const dev = device_create('nic0');
            const task = task_create('p');
            const addr = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
            yield* user_write_u32(task, addr, 1);
            got = yield* dma_map_page(dev, peek_entry(task.mm, addr).pfn, 0, PAGE_SIZE, DMA_BIDIRECTIONAL);
        },
    }, { init: () => failslab_setup({ fail_nth: 1, sites: ['dma_map_page'] }) });
    assert.deepEqual(kinds(r), []);
    assert.equal(got, DMA_MAPPING_ERROR);
    assert.throws(() => runThreads({
        *t() {
            yield* dma_map_page(device_create('nic0'), 123456, 0, PAGE_SIZE, DMA_BIDIRECTIONAL);
        },
    }), (e) => e instanceof ScenarioError && e.message === 'dma_map_page(nic0): pfn 123456 was never allocated');
});
test('device_map of a pfn that was never allocated is a one-line mistake too (not "already freed")', async () => {
    const { device_map } = await import('../../src/drivers/device.js');
    assert.throws(() => runThreads({
        *t() {
            yield* device_map(device_create('gpu0'), 0x1000, 123456, false);
        },
    }), (e) => e instanceof ScenarioError && e.message === 'device_map(gpu0): pfn 123456 was never allocated');
});
