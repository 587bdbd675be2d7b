/* Unit tests of the v5.2 / v5.3 HMM API semantics: error codes, pfn encoding, poison. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { POISON, srcu_barrier } from '../../src/kernel/index.js';
import { EFAULT, EINVAL, MAP_ANONYMOUS, MAP_POPULATE, MAP_PRIVATE, PAGE_SIZE, PROT_READ, PROT_WRITE, mmap_read_lock, mmap_read_unlock, mmap_write_lock, mmap_write_unlock, mmu_notifier_srcu, sys_mmap, task_create, MADV_FREE, page_write_u32, pfn_to_page, sys_madvise, sys_swap_out, user_read_u32, user_write_u32 } from '../../src/mm/index.js';
import * as h52 from '../../src/hmm/v5.2/hmm.js';
import * as h53 from '../../src/hmm/v5.3/hmm.js';
import { DEVICE_PFN_FLAGS, DEVICE_PFN_SHIFT, DEVICE_PFN_VALUES, fill_fault_range } from '../../src/drivers/v5/common.js';
import { device_access, device_create, device_lookup } from '../../src/drivers/device.js';
import { referenceDriver } from '../../src/drivers/mirror_driver.js';
import { runOne } from '../helpers.js';
const ops = {
    *sync_cpu_device_pagetables() {
        return 0;
    },
};
function run(fn) {
    const { value, result } = runOne(fn);
    assert.deepEqual(result.violations.map((v) => `${v.kind}: ${v.message}`), []);
    return value;
}
test('pfn encoding through the driver tables and pfn_shift', () => {
    const r = new h53.HmmRange();
    r.flags = DEVICE_PFN_FLAGS;
    r.values = DEVICE_PFN_VALUES;
    r.pfn_shift = DEVICE_PFN_SHIFT;
    const e = h53.hmm_device_entry_from_pfn(r, 1234);
    assert.equal(e, (1234n << 6n) | 1n);
    assert.equal(h53.hmm_device_entry_to_pfn(r, e), 1234);
    assert.equal(h53.hmm_device_entry_to_pfn(r, DEVICE_PFN_VALUES[h53.HMM_PFN_NONE]), -1);
    assert.equal(h53.hmm_device_entry_to_pfn(r, DEVICE_PFN_VALUES[h53.HMM_PFN_ERROR]), -1);
    assert.equal(h53.hmm_device_entry_to_pfn(r, 1234n << 6n), -1, 'no VALID bit');
});
test('v5.3 hmm_range_register: -EINVAL on misalignment and empty range; snapshot fills pfns; range unregister poisons the range', () => {
    run(function* () {
        const task = task_create('t');
        const mm = task.mm;
        const a = yield* sys_mmap(task, 0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE);
        const m = new h53.HmmMirror(ops);
        yield* mmap_write_lock(mm);
        assert.equal(yield* h53.hmm_mirror_register(m, mm), 0);
        yield* mmap_write_unlock(mm);
        const r = new h53.HmmRange();
        fill_fault_range(r, a, false);
        assert.equal(yield* h53.hmm_range_register(r, m, a + 1, a + PAGE_SIZE, 12), -EINVAL);
        assert.equal(yield* h53.hmm_range_register(r, m, a, a, 12), -EINVAL);
        assert.equal(yield* h53.hmm_range_register(r, m, a, a + PAGE_SIZE, 12), 0);
        assert.equal(r.valid, true);
        assert.equal(yield* h53.hmm_range_wait_until_valid(r, 1000), true);
        yield* mmap_read_lock(mm);
        assert.equal(yield* h53.hmm_range_snapshot(r), 1);
        yield* mmap_read_unlock(mm);
        assert.ok(h53.hmm_device_entry_to_pfn(r, r.pfns[0]) > 0);
        assert.notEqual(r.pfns[0] & DEVICE_PFN_FLAGS[h53.HMM_PFN_WRITE], 0n, 'populated private page is writable');
        yield* h53.hmm_range_unregister(r);
        assert.equal(r.hmm, POISON);
        assert.equal(r.valid, false);
        const hmm = m.hmm;
        yield* h53.hmm_mirror_unregister(m);
        assert.equal(m.hmm, hmm, 'the range is poisoned, the mirror is not (5.3)');
    });
});
test('v5.2 hmm_range_register takes an mm; double unregister is silently accepted; -EFAULT after exit', () => {
    run(function* () {
        const task = task_create('t');
        const mm = task.mm;
        const a = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE);
        const m = new h52.HmmMirror(ops);
        yield* mmap_write_lock(mm);
        assert.equal(yield* h52.hmm_mirror_register(m, mm), 0);
        assert.equal(yield* h52.hmm_mirror_register(null, mm), -EINVAL);
        yield* mmap_write_unlock(mm);
        const r = new h52.HmmRange();
        fill_fault_range(r, a, false);
        assert.equal(yield* h52.hmm_range_register(r, mm, a, a + PAGE_SIZE, 12), 0);
        yield* h52.hmm_range_unregister(r);
        yield* h52.hmm_range_unregister(r);
        assert.equal(r.hmm, null);
        m.hmm.dead = true;
        assert.equal(yield* h52.hmm_range_register(r, mm, a, a + PAGE_SIZE, 12), -EFAULT);
        yield* h52.hmm_mirror_unregister(m);
        yield* h52.hmm_mirror_unregister(m);
    });
});
test('v5.3 hmm_range_fault returns -EBUSY on an invalid range and keeps mmap_sem', () => {
    run(function* () {
        const task = task_create('t');
        const mm = task.mm;
        const a = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
        const m = new h53.HmmMirror(ops);
        yield* mmap_write_lock(mm);
        yield* h53.hmm_mirror_register(m, mm);
        yield* mmap_write_unlock(mm);
        const r = new h53.HmmRange();
        fill_fault_range(r, a, true);
        yield* h53.hmm_range_register(r, m, a, a + PAGE_SIZE, 12);
        yield* mmap_read_lock(mm);
        assert.equal(yield* h53.hmm_range_fault(r, true), 1, 'faults the page in');
        assert.notEqual(r.pfns[0] & DEVICE_PFN_FLAGS[h53.HMM_PFN_WRITE], 0n);
        r.valid = false;
        assert.equal(yield* h53.hmm_range_fault(r, true), -16);
        yield* mmap_read_unlock(mm);
        yield* h53.hmm_range_unregister(r);
        yield* h53.hmm_mirror_unregister(m);
    });
});
for (const design of ['v5.2', 'v5.3']) {
    test(`${design} reference driver: a device access faults, maps, then hits`, () => {
        run(function* () {
            const task = task_create('t');
            const a = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
            const dev = device_create('gpu0');
            const drv = referenceDriver(design, dev);
            assert.equal(yield* drv.bind(task.mm), 0);
            assert.equal(yield* device_access(dev, a, true), 0);
            assert.equal(dev.faults, 1);
            assert.equal(device_lookup(dev, a).write, true);
            assert.equal(yield* device_access(dev, a, false), 0);
            assert.equal(dev.hits, 2);
            yield* drv.unbind();
            assert.equal(device_lookup(dev, a), undefined);
        });
    });
}
test('v5.3 double hmm_mirror_unregister: mirror->hmm is left dangling, so the second call fails where 5.3 did', () => {
    // Another mirror keeps the hmm: the second call takes mirrors_sem and list_del hits the poison.
    const kept = runOne(function* () {
        const t = task_create('p');
        const m1 = new h53.HmmMirror(ops);
        const m2 = new h53.HmmMirror(ops);
        yield* mmap_write_lock(t.mm);
        assert.equal(yield* h53.hmm_mirror_register(m1, t.mm), 0);
        assert.equal(yield* h53.hmm_mirror_register(m2, t.mm), 0);
        yield* mmap_write_unlock(t.mm);
        const hmm = m1.hmm;
        yield* h53.hmm_mirror_unregister(m1);
        assert.equal(m1.hmm, hmm, 'not poisoned: 5.3 leaves the pointer');
        assert.equal(h53.hmm_debug(hmm).refs, 1);
        yield* h53.hmm_mirror_unregister(m1);
    }).result;
    assert.deepEqual(kept.violations.map((v) => `${v.kind}: ${v.message}`), ['poison-deref: write through a poisoned pointer in list_del']);
    assert.match(kept.violations[0].detail.join('\n'), /list_del\(&mirror->list\)/);
    // It was the only mirror: the hmm's deferred free ran, the second call uses freed memory.
    const freed = runOne(function* () {
        const t = task_create('p');
        const m1 = new h53.HmmMirror(ops);
        yield* mmap_write_lock(t.mm);
        assert.equal(yield* h53.hmm_mirror_register(m1, t.mm), 0);
        yield* mmap_write_unlock(t.mm);
        yield* h53.hmm_mirror_unregister(m1);
        yield* srcu_barrier(mmu_notifier_srcu());
        yield* h53.hmm_mirror_unregister(m1);
    }).result;
    assert.equal(freed.violations[0]?.kind, 'use-after-free');
    assert.match(freed.violations[0].title, /KASAN: use-after-free in hmm_mirror_unregister/);
});
test('hmm_range_dma_unmap(dirty) marks the pages the device could write dirty, so reclaim keeps a MADV_FREE page the device wrote', () => {
    const after = (dirty) => run(function* () {
        const task = task_create('t');
        const mm = task.mm;
        const a = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
        yield* user_write_u32(task, a, 1);
        assert.equal(yield* sys_madvise(task, a, PAGE_SIZE, MADV_FREE), 0);
        const m = new h53.HmmMirror(ops);
        yield* mmap_write_lock(mm);
        assert.equal(yield* h53.hmm_mirror_register(m, mm), 0);
        yield* mmap_write_unlock(mm);
        const r = new h53.HmmRange();
        fill_fault_range(r, a, true);
        assert.equal(yield* h53.hmm_range_register(r, m, a, a + PAGE_SIZE, 12), 0);
        yield* mmap_read_lock(mm);
        const daddrs = [0];
        assert.equal(yield* h53.hmm_range_dma_map(r, null, daddrs, true), 1);
        yield* mmap_read_unlock(mm);
        // The device writes through its DMA address (no IOMMU: the physical address).
        const page = pfn_to_page(daddrs[0] / PAGE_SIZE);
        page_write_u32(page, 0, 0xbeef);
        assert.equal(yield* h53.hmm_range_dma_unmap(r, null, daddrs, dirty), 1);
        yield* h53.hmm_range_unregister(r);
        yield* h53.hmm_mirror_unregister(m);
        assert.ok((yield* sys_swap_out(task, a, PAGE_SIZE)) >= 0);
        return yield* user_read_u32(task, a);
    });
    assert.equal(after(true), 0xbeef, 'dirty: reclaim swapped the page out with the device data');
    assert.equal(after(false), 0, 'not dirty: reclaim discarded the clean lazyfree page, the device data is lost');
});
