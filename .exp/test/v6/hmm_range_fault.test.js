/*
 * hmm_range_fault (design v6) per page state, with exact flags and errors.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HMM_PFN_ERROR, HMM_PFN_REQ_FAULT, HMM_PFN_REQ_WRITE, HMM_PFN_VALID, HMM_PFN_WRITE, HmmRange, hmm_pfn_describe, hmm_pfn_make, hmm_pfn_to_map_order, hmm_pfn_to_page, hmm_pfn_to_pfn, hmm_range_fault, } from '../../src/hmm/v6/hmm.js';
import { MmuIntervalNotifier, mmu_interval_notifier_insert, mmu_interval_read_begin, mmu_interval_set_seq } from '../../src/mm/interval_notifier.js';
import { __set_pte, alloc_device_pages, alloc_pages, DevPagemap, HPAGE_PMD_ORDER, PmdLeaf, pmd_index, PTE_DIRTY, rmap_add, EBUSY, EFAULT, EPERM, MADV_HUGEPAGE, MAP_ANONYMOUS, MAP_HUGETLB, MAP_PRIVATE, mmap_read_lock, mmap_read_unlock, PAGE_SIZE, PMD_SIZE, PROT_NONE, PROT_READ, PROT_WRITE, pte_alloc, PTE_WRITE, remap_pfn_range, sys_madvise, sys_mmap, sys_swap_out, task_create, user_read_u8, user_write_u8, vma_lookup, ZERO_PFN, } from '../../src/mm/index.js';
import { runThreads } from '../helpers.js';
const RW = PROT_READ | PROT_WRITE;
const ANON = MAP_PRIVATE | MAP_ANONYMOUS;
const noopOps = {
    *invalidate(mni, _r, seq) {
        yield* mmu_interval_set_seq(mni, seq);
        return true;
    },
};
/** Run `body` in a thread with a task and a notifier over everything; returns the violations. */
function run(body) {
    const r = runThreads({
        *t() {
            const task = task_create('p');
            const mni = new MmuIntervalNotifier(noopOps);
            assert.equal(yield* mmu_interval_notifier_insert(mni, task.mm, 0, 2 ** 47, noopOps), 0);
            yield* body(task, mni);
        },
    });
    return r.violations.map((v) => `${v.kind}: ${v.message}`);
}
/**
 * read_begin, mmap_read_lock, hmm_range_fault, unlock; again on -EBUSY (a fault that breaks
 * COW invalidates the range it is filling, as in the kernel).
 */
function* fault(task, mni, start, npages, opts = {}) {
    const range = new HmmRange({ notifier: mni, start, end: start + npages * PAGE_SIZE, default_flags: opts.default_flags ?? 0n, pfn_flags_mask: opts.pfn_flags_mask ?? 0n, dev_private_owner: opts.owner ?? null });
    let ret;
    do {
        if (opts.inputs)
            range.hmm_pfns.set(opts.inputs);
        range.notifier_seq = yield* mmu_interval_read_begin(mni);
        yield* mmap_read_lock(task.mm);
        ret = yield* hmm_range_fault(range);
        yield* mmap_read_unlock(task.mm);
    } while (ret === -EBUSY);
    return { ret, pfns: [...range.hmm_pfns] };
}
function pfnAt(task, addr) {
    const t = task.mm.pmd.get(Math.floor(addr / PMD_SIZE));
    assert.ok(t && 'kind' in t && t.kind instanceof Uint8Array);
    return t.val[(addr % PMD_SIZE) / PAGE_SIZE];
}
describe('hmm_range_fault per page state', () => {
    it('pte_none: 0 without a request; REQ_FAULT on anonymous read gives the zero page; REQ_WRITE a private page', () => {
        const out = [];
        const v = run(function* (task, mni) {
            const a = yield* sys_mmap(task, 0, 3 * PAGE_SIZE, RW, ANON);
            out.push(yield* fault(task, mni, a, 3));
            out.push(yield* fault(task, mni, a, 1, { default_flags: HMM_PFN_REQ_FAULT }));
            out.push(yield* fault(task, mni, a + PAGE_SIZE, 1, { default_flags: HMM_PFN_REQ_FAULT | HMM_PFN_REQ_WRITE }));
            out.push({ ret: pfnAt(task, a + PAGE_SIZE), pfns: [] });
        });
        assert.deepEqual(v, []);
        assert.deepEqual(out[0], { ret: 0, pfns: [0n, 0n, 0n] });
        assert.deepEqual(out[1], { ret: 0, pfns: [hmm_pfn_make(ZERO_PFN, HMM_PFN_VALID)] });
        assert.deepEqual(out[2], { ret: 0, pfns: [hmm_pfn_make(out[3].ret, HMM_PFN_VALID | HMM_PFN_WRITE)] });
    });
    it('present read-only and writable pages; a write request on the zero page breaks COW', () => {
        const out = [];
        const v = run(function* (task, mni) {
            const a = yield* sys_mmap(task, 0, 2 * PAGE_SIZE, RW, ANON);
            yield* user_write_u8(task, a, 7);
            yield* user_read_u8(task, a + PAGE_SIZE);
            const f = yield* fault(task, mni, a, 2);
            out.push(f.ret, hmm_pfn_describe(f.pfns[0]), f.pfns[0] === hmm_pfn_make(pfnAt(task, a), HMM_PFN_VALID | HMM_PFN_WRITE), f.pfns[1] === hmm_pfn_make(ZERO_PFN, HMM_PFN_VALID));
            const page = hmm_pfn_to_page(f.pfns[0]);
            out.push(page !== null && page.pfn === pfnAt(task, a));
            const g = yield* fault(task, mni, a + PAGE_SIZE, 1, { default_flags: HMM_PFN_REQ_FAULT | HMM_PFN_REQ_WRITE });
            out.push(g.ret, (g.pfns[0] & HMM_PFN_WRITE) !== 0n, hmm_pfn_to_pfn(g.pfns[0]) !== ZERO_PFN);
        });
        assert.deepEqual(v, []);
        assert.equal(out[0], 0);
        assert.match(out[1], /^VALID\|WRITE pfn \d+$/);
        assert.deepEqual(out.slice(2), [true, true, true, 0, true, true]);
    });
    it('no VMA: HMM_PFN_ERROR without a request, -EFAULT with REQ_FAULT', () => {
        const out = [];
        const v = run(function* (task, mni) {
            const a = 0x200000000;
            out.push(yield* fault(task, mni, a, 2));
            out.push(yield* fault(task, mni, a, 2, { default_flags: HMM_PFN_REQ_FAULT }));
        });
        assert.deepEqual(v, []);
        assert.deepEqual(out[0], { ret: 0, pfns: [HMM_PFN_ERROR, HMM_PFN_ERROR] });
        assert.equal(out[1].ret, -EFAULT);
    });
    it('-EPERM for a write request on a read-only VMA; a read request there is fine', () => {
        const out = [];
        const v = run(function* (task, mni) {
            const a = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ, ANON);
            out.push((yield* fault(task, mni, a, 1, { default_flags: HMM_PFN_REQ_FAULT | HMM_PFN_REQ_WRITE })).ret);
            out.push((yield* fault(task, mni, a, 1, { default_flags: HMM_PFN_REQ_FAULT })).ret);
        });
        assert.deepEqual(v, []);
        assert.deepEqual(out, [-EPERM, 0]);
    });
    it('VMAs HMM cannot mirror (no VM_READ, VM_PFNMAP): ERROR without a request, -EFAULT with one', () => {
        const out = [];
        const v = run(function* (task, mni) {
            const a = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_NONE, ANON);
            out.push(yield* fault(task, mni, a, 1));
            out.push(yield* fault(task, mni, a, 1, { default_flags: HMM_PFN_REQ_FAULT }));
            const b = yield* sys_mmap(task, 0, PAGE_SIZE, RW, ANON);
            yield* remap_pfn_range(vma_lookup(task.mm, b), b, 5000, PAGE_SIZE, true);
            out.push(yield* fault(task, mni, b, 1));
            out.push(yield* fault(task, mni, b, 1, { default_flags: HMM_PFN_REQ_FAULT }));
        });
        assert.deepEqual(v, []);
        assert.deepEqual(out.map((f) => f.ret), [0, -EFAULT, 0, -EFAULT]);
        assert.deepEqual(out[0].pfns, [HMM_PFN_ERROR]);
        assert.deepEqual(out[2].pfns, [HMM_PFN_ERROR]);
    });
    it('swap entries: 0 without a request, swapped in with REQ_FAULT; per-entry requests via pfn_flags_mask', () => {
        const out = [];
        const v = run(function* (task, mni) {
            const a = yield* sys_mmap(task, 0, 2 * PAGE_SIZE, RW, ANON);
            yield* user_write_u8(task, a, 1);
            yield* user_write_u8(task, a + PAGE_SIZE, 2);
            assert.equal(yield* sys_swap_out(task, a, 2 * PAGE_SIZE), 2);
            out.push(yield* fault(task, mni, a, 2));
            // Only the second entry asks for a fault.
            out.push(yield* fault(task, mni, a, 2, { pfn_flags_mask: HMM_PFN_REQ_FAULT | HMM_PFN_REQ_WRITE, inputs: [0n, HMM_PFN_REQ_FAULT] }));
        });
        assert.deepEqual(v, []);
        assert.deepEqual(out[0], { ret: 0, pfns: [0n, 0n] });
        assert.equal(out[1].ret, 0);
        assert.equal(out[1].pfns[0], 0n);
        assert.equal(out[1].pfns[1] & (HMM_PFN_VALID | HMM_PFN_WRITE), HMM_PFN_VALID | HMM_PFN_WRITE);
    });
    it('migration entries read as 0 without a request', () => {
        const out = [];
        const v = run(function* (task, mni) {
            const a = yield* sys_mmap(task, 0, PAGE_SIZE, RW, ANON);
            yield* user_write_u8(task, a, 1);
            const t = pte_alloc(task.mm, a);
            __set_pte(t, (a % PMD_SIZE) / PAGE_SIZE, 4 /* PteKind.Migration */, 0, t.val[(a % PMD_SIZE) / PAGE_SIZE]);
            out.push(yield* fault(task, mni, a, 1));
        });
        assert.deepEqual(v, []);
        assert.deepEqual(out[0], { ret: 0, pfns: [0n] });
    });
    it('device-private entries: reported VALID(+WRITE) for the owner, 0 for another owner without a request', () => {
        const out = [];
        const me = { name: 'me' };
        let devpfn = 0;
        const v = run(function* (task, mni) {
            const a = yield* sys_mmap(task, 0, PAGE_SIZE, RW, ANON);
            const pgmap = new DevPagemap('private', me, {});
            const dp = alloc_device_pages(pgmap);
            devpfn = dp.pfn;
            const t = pte_alloc(task.mm, a);
            __set_pte(t, (a % PMD_SIZE) / PAGE_SIZE, 5 /* PteKind.DevicePrivate */, PTE_WRITE, dp.pfn);
            rmap_add(dp); // the entry's mapping (checked when the execution ends)
            out.push(yield* fault(task, mni, a, 1, { owner: me, default_flags: HMM_PFN_REQ_FAULT }));
            out.push(yield* fault(task, mni, a, 1, { owner: { name: 'other' } }));
        });
        assert.deepEqual(v, []);
        assert.deepEqual(out[0], { ret: 0, pfns: [hmm_pfn_make(devpfn, HMM_PFN_VALID | HMM_PFN_WRITE)] });
        assert.deepEqual(out[1], { ret: 0, pfns: [0n] });
    });
    it("another owner's device-private PMD entry is faulted back (migrate_to_ram), not -EFAULT; the owner's is reported with its order", () => {
        const out = [];
        const me = { name: 'me' };
        const other = { name: 'other' };
        let calls = 0;
        let devpfn = 0;
        let ramPfn = 0;
        const v = run(function* (task, mni) {
            const a = yield* sys_mmap(task, 0, 2 * PMD_SIZE, RW, ANON);
            const k = pmd_index(a);
            const pgmap = new DevPagemap('private', other, {
                // The other device gives the folio back: a present THP again.
                *migrate_to_ram(vmf) {
                    calls++;
                    const page = alloc_pages(HPAGE_PMD_ORDER, 0 /* PageKind.Anon */);
                    rmap_add(page);
                    ramPfn = page.pfn;
                    vmf.vma.vm_mm.pmd.set(k, new PmdLeaf(1 /* PteKind.Present */, PTE_WRITE | PTE_DIRTY, page.pfn, false));
                    return 0;
                },
            });
            const dp = alloc_device_pages(pgmap, HPAGE_PMD_ORDER);
            devpfn = dp.pfn;
            task.mm.pmd.set(k, new PmdLeaf(5 /* PteKind.DevicePrivate */, PTE_WRITE, dp.pfn, false));
            // Without a request: error entries, nothing migrated.
            out.push(yield* fault(task, mni, a, 2, { owner: me }));
            // With one: faulted back, then reported as the THP it became.
            out.push(yield* fault(task, mni, a, 2, { owner: me, default_flags: HMM_PFN_REQ_FAULT }));
        });
        assert.deepEqual(v, []);
        assert.deepEqual(out[0], { ret: 0, pfns: [HMM_PFN_ERROR, HMM_PFN_ERROR] });
        assert.equal(calls, 1);
        assert.deepEqual(out[1], { ret: 0, pfns: [0, 1].map((i) => hmm_pfn_make(ramPfn + i, HMM_PFN_VALID | HMM_PFN_WRITE, 9)) });
        assert.notEqual(devpfn, ramPfn);
    });
    it('a PMD THP gives every 4K entry the PMD map order and consecutive pfns', () => {
        const out = [];
        const v = run(function* (task, mni) {
            const a = yield* sys_mmap(task, 0, 2 * PMD_SIZE, RW, ANON);
            assert.equal(yield* sys_madvise(task, a, 2 * PMD_SIZE, MADV_HUGEPAGE), 0);
            yield* user_write_u8(task, a, 1);
            out.push(yield* fault(task, mni, a, 512));
        });
        assert.deepEqual(v, []);
        const f = out[0];
        assert.equal(f.ret, 0);
        const p0 = hmm_pfn_to_pfn(f.pfns[0]);
        for (let i = 0; i < 512; i++) {
            assert.equal(hmm_pfn_to_map_order(f.pfns[i]), 9);
            assert.equal(f.pfns[i], hmm_pfn_make(p0 + i, HMM_PFN_VALID | HMM_PFN_WRITE, 9));
        }
    });
    it('hugetlb: one entry per 4K page with the huge page order, faulted as a whole', () => {
        const out = [];
        const v = run(function* (task, mni) {
            const a = yield* sys_mmap(task, 0, PMD_SIZE, RW, ANON | MAP_HUGETLB);
            assert.ok(a > 0);
            out.push(yield* fault(task, mni, a + 4 * PAGE_SIZE, 4, { default_flags: HMM_PFN_REQ_FAULT | HMM_PFN_REQ_WRITE }));
        });
        assert.deepEqual(v, []);
        const f = out[0];
        assert.equal(f.ret, 0);
        const p0 = hmm_pfn_to_pfn(f.pfns[0]);
        assert.deepEqual(f.pfns, [0, 1, 2, 3].map((i) => hmm_pfn_make(p0 + i, HMM_PFN_VALID | HMM_PFN_WRITE, 9)));
        assert.equal((p0 - 4) % 512, 0, 'offset inside the huge page');
    });
    it('-EBUSY when the sequence is stale; lock-not-held without the mmap_lock', () => {
        const out = [];
        const v = run(function* (task, mni) {
            const a = yield* sys_mmap(task, 0, PAGE_SIZE, RW, ANON);
            const range = new HmmRange({ notifier: mni, start: a, end: a + PAGE_SIZE });
            range.notifier_seq = (yield* mmu_interval_read_begin(mni)) + 2;
            yield* mmap_read_lock(task.mm);
            out.push(yield* hmm_range_fault(range));
            yield* mmap_read_unlock(task.mm);
            range.notifier_seq -= 2;
            out.push(yield* hmm_range_fault(range));
        });
        assert.deepEqual(out, [-EBUSY, 0]);
        assert.equal(v.length, 1);
        assert.match(v[0], /^lock-not-held/);
    });
});
