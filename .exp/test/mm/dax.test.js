/*
 * DAX mappings (mm/dax.ts): devmap entries of pmem pages, private copies on write, zap, the
 * dev_pagemap's references (get_dev_pagemap / put_dev_pagemap) and memunmap_pages waiting for
 * them; hmm_range_fault (v6) reporting devmap entries, with and without the 5.3-5.6 pgmap cache.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, spawn } from '../../src/kernel/index.js';
import * as mm from '../../src/mm/index.js';
import { set_bug_switches } from '../../src/mm/bug_switch.js';
import { HMM_PFN_REQ_FAULT, HMM_PFN_REQ_WRITE, HMM_PFN_VALID, HMM_PFN_WRITE, HmmRange, hmm_pfn_make, hmm_range_fault } from '../../src/hmm/v6/hmm.js';
import { MmuIntervalNotifier, mmu_interval_notifier_insert, mmu_interval_read_begin, mmu_interval_set_seq } from '../../src/mm/interval_notifier.js';
import { DEFAULT_OPTIONS, explore } from '../../src/explore/run.js';
import { runOne, scenarioOf } from '../helpers.js';
const RW = mm.PROT_READ | mm.PROT_WRITE;
/** The PTE flags at `addr` (a PTE table must be there). */
function pte_flags(m, addr) {
    const t = m.pmd.get(mm.pmd_index(addr));
    assert.ok(t instanceof mm.PteTable);
    return t.flags[mm.pte_index(addr)];
}
/** The driver's loop: read_begin, hmm_range_fault under the mmap lock, again on -EBUSY. */
function* fault_until_stable(mni, m, range) {
    let ret;
    do {
        range.notifier_seq = yield* mmu_interval_read_begin(mni);
        yield* mm.mmap_read_lock(m);
        ret = yield* hmm_range_fault(range);
        yield* mm.mmap_read_unlock(m);
    } while (ret === -mm.EBUSY);
    return ret;
}
test('DAX: devmap entries for reads and shared writes, a private copy on a private write, zap and memunmap_pages', () => {
    const { value, result } = runOne(function* () {
        const dax = mm.dax_device_create('pmem', 3);
        mm.pfn_write(dax.base + 1, 0, 1, 0x5an);
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 2 * 4096, RW, mm.MAP_PRIVATE, mm.dax_file(dax), 0);
        const s = yield* mm.sys_mmap(t, 0, 4096, RW, mm.MAP_SHARED, mm.dax_file(dax), 2 * 4096);
        const r0 = yield* mm.user_read_u8(t, a);
        yield* mm.user_write_u8(t, a + 4096 + 1, 9);
        yield* mm.user_read_u8(t, s);
        const sharedRo = pte_flags(t.mm, s);
        yield* mm.user_write_u8(t, s, 7);
        const e0 = mm.peek_entry(t.mm, a);
        const devmap0 = (pte_flags(t.mm, a) & mm.PTE_DEVMAP) !== 0;
        const e1 = mm.peek_entry(t.mm, a + 4096);
        const e2 = mm.peek_entry(t.mm, s);
        const p0 = mm.pfn_to_page(dax.base);
        const mapped = { ref: p0.refcount, map: p0.mapcount };
        const copy = [mm.pfn_read(e1.pfn, 0, 1), mm.pfn_read(e1.pfn, 1, 1), mm.pfn_read(dax.base + 1, 1, 1)];
        mm.mm_check_invariants();
        yield* mm.sys_munmap(t, a, 2 * 4096);
        yield* mm.sys_munmap(t, s, 4096);
        const idle = { ref: p0.refcount, map: p0.mapcount, shared: mm.pfn_read(dax.base + 2, 0, 1) };
        yield* mm.dax_device_remove(dax);
        return {
            r0,
            e0: [e0.kind, e0.pfn === dax.base, e0.writable, devmap0],
            e1: [e1.kind, e1.page?.kind === 0 /* mm.PageKind.Anon */, e1.writable],
            e2: [e2.kind, e2.pfn === dax.base + 2, e2.writable, (sharedRo & (mm.PTE_DEVMAP | mm.PTE_WRITE)) === mm.PTE_DEVMAP],
            mapped,
            copy,
            idle,
            after: { live: dax.pgmap.live, range: dax.pgmap.range, page: mm.pfn_to_page(dax.base) },
        };
    });
    assert.deepEqual(result.violations.map((v) => v.title), []);
    assert.deepEqual(value, {
        r0: 0,
        e0: ['present', true, false, true],
        e1: ['present', true, true],
        e2: ['present', true, true, true],
        mapped: { ref: 2, map: 1 },
        copy: [0x5an, 9n, 0n],
        idle: { ref: 1, map: 0, shared: 7n },
        after: { live: 0, range: null, page: null },
    });
});
test('compaction moves the private copy in a DAX mapping; move_pages does not look at DAX VMAs', () => {
    const { value } = runOne(function* () {
        const dax = mm.dax_device_create('pmem', 2);
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 2 * 4096, RW, mm.MAP_PRIVATE, mm.dax_file(dax), 0);
        yield* mm.user_read_u8(t, a);
        yield* mm.user_write_u8(t, a + 4096, 3);
        const moved = [yield* mm.sys_migrate_pages(t, a, 2 * 4096), yield* mm.sys_compact_range(t, a, 2 * 4096)];
        const data = yield* mm.user_read_u8(t, a + 4096);
        yield* mm.sys_exit(t);
        return { moved, data, devmap: mm.pfn_to_page(dax.base).refcount };
    });
    assert.deepEqual(value, { moved: [0, 1], data: 3, devmap: 1 });
});
test('get_dev_pagemap: a reference on a live pgmap, the cached one reused, none on a dying one; memunmap_pages waits for the put', () => {
    const holder = (dax, put) => function* () {
        const p = yield* mm.get_dev_pagemap(dax.base);
        if (p === null)
            return; // memunmap_pages killed it first
        check(p === dax.pgmap, 'the pgmap of the pfn');
        check((yield* mm.get_dev_pagemap(dax.base + 1, p)) === p, 'the cached pgmap covers the next pfn');
        if (put)
            yield* mm.put_dev_pagemap(p);
    };
    const sc = (put) => scenarioOf(`pgmap-${put}`, () => {
        spawn('init', function* () {
            const dax = mm.dax_device_create('pmem', 2);
            check((yield* mm.get_dev_pagemap(5)) === null, 'no pgmap covers a RAM pfn');
            spawn('holder', holder(dax, put));
            spawn('remove', function* () {
                yield* mm.dax_device_remove(dax);
                check(dax.pgmap.live === 0 && dax.pgmap.range === null, 'removed with no reference left');
            });
        });
    });
    const ok = explore(sc(true), 'base', { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions: 2 });
    assert.equal(ok.exhausted, true);
    assert.deepEqual(ok.violations, []);
    const leak = explore(sc(false), 'base', { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions: 2 });
    assert.deepEqual([...new Set(leak.violations.map((v) => v.kind))], ['deadlock']);
});
const noopOps = {
    *invalidate(mni, _r, seq) {
        yield* mmu_interval_set_seq(mni, seq);
        return true;
    },
};
test('hmm_range_fault reports devmap entries as present pages; 5.3-5.6 (hmm-cached-pgmap) put the pgmap on the normal and the fault exits', () => {
    for (const bug of [false, true]) {
        const { value, result } = runOne(function* () {
            if (bug)
                set_bug_switches(['hmm-cached-pgmap']);
            const dax = mm.dax_device_create('pmem', 4);
            const t = mm.task_create('p');
            const mni = new MmuIntervalNotifier(noopOps);
            check((yield* mmu_interval_notifier_insert(mni, t.mm, 0, 2 ** 47, noopOps)) === 0, 'insert');
            const a = yield* mm.sys_mmap(t, 0, 3 * 4096, RW, mm.MAP_SHARED, mm.dax_file(dax), 0);
            yield* mm.user_read_u8(t, a);
            yield* mm.user_write_u8(t, a + 4096, 1);
            const live0 = dax.pgmap.live;
            const out = [];
            // A snapshot (normal exit), then a fault request that meets the hole at page 2 (fault exit).
            for (const flags of [0n, HMM_PFN_REQ_FAULT]) {
                const range = new HmmRange({ notifier: mni, start: a, end: a + 3 * 4096, default_flags: flags });
                const ret = yield* fault_until_stable(mni, t.mm, range);
                out.push(ret, [...range.hmm_pfns], dax.pgmap.live - live0);
            }
            yield* mm.sys_exit(t);
            return { out, base: dax.base };
        }, { record: true });
        const ops = result.events.map((e) => e.op).filter((op) => op.endsWith('_dev_pagemap'));
        // One reference per PTE loop that reads a devmap entry: the snapshot's (put at the loop's
        // end), the fault request's first walk (put before faulting page 2: the fault exit), and
        // the walk again from page 2, now a devmap entry too (put at the end).
        const pair = ['get_dev_pagemap', 'put_dev_pagemap'];
        assert.deepEqual(ops, bug ? [...pair, ...pair, ...pair] : [], `bug ${bug}`);
        assert.deepEqual(result.violations.map((v) => v.title), [], `bug ${bug}`);
        const b = value.base;
        const v0 = hmm_pfn_make(b, HMM_PFN_VALID);
        const v1 = hmm_pfn_make(b + 1, HMM_PFN_VALID | HMM_PFN_WRITE);
        assert.deepEqual(value.out, [0, [v0, v1, 0n], 0, 0, [v0, v1, hmm_pfn_make(b + 2, HMM_PFN_VALID)], 0], `bug ${bug}`);
    }
});
test('device-dax 1 GiB: shared only, aligned; a read maps one read-only devmap PUD leaf, a write makes it writable; may_split, mprotect, MADV_DONTNEED, mremap, munmap', () => {
    const GiB = mm.PUD_SIZE;
    const { value, result } = runOne(function* () {
        const dax = mm.devdax_create('dax0');
        const t = mm.task_create('p');
        const priv = yield* mm.sys_mmap(t, 0, GiB, RW, mm.MAP_PRIVATE, mm.dax_file(dax), 0);
        const a = yield* mm.sys_mmap(t, 0, GiB, RW, mm.MAP_SHARED, mm.dax_file(dax), 0);
        const out = { priv, aligned: a % GiB === 0 };
        yield* mm.user_read_u8(t, a + 5 * 4096);
        const e = mm.peek_entry(t.mm, a + 5 * 4096);
        const u = t.mm.pud.get(mm.pud_index(a));
        out['read'] = [e.level, e.hugetlb, e.order, e.writable, e.pfn === dax.base + 5, (u.flags & mm.PTE_DEVMAP) !== 0];
        yield* mm.user_write_u8(t, a + 7, 3);
        out['write'] = [mm.peek_entry(t.mm, a).writable, mm.pfn_read(dax.base, 7, 1)];
        const folio = mm.pfn_to_page(dax.base);
        out['counts'] = [folio.order, folio.refcount, folio.mapcount];
        out['split'] = yield* mm.sys_munmap(t, a + 4096, 4096);
        out['mprotect'] = [yield* mm.sys_mprotect(t, a, GiB, mm.PROT_READ), mm.peek_entry(t.mm, a).kind, mm.peek_entry(t.mm, a).writable];
        yield* mm.sys_mprotect(t, a, GiB, RW);
        out['dontneed'] = [yield* mm.sys_madvise(t, a, 4096, mm.MADV_DONTNEED), mm.peek_entry(t.mm, a).kind, folio.refcount, folio.mapcount];
        yield* mm.user_read_u8(t, a);
        const b = yield* mm.sys_mremap(t, a, GiB, GiB, mm.MREMAP_MAYMOVE | mm.MREMAP_FIXED, a + 4 * GiB);
        out['mremap'] = [b % GiB === 0 && b !== a, mm.peek_entry(t.mm, a).kind, mm.peek_entry(t.mm, b).kind, yield* mm.user_read_u8(t, b + 7), mm.peek_entry(t.mm, b).kind];
        mm.mm_check_invariants();
        yield* mm.sys_munmap(t, b, GiB);
        out['unmapped'] = [folio.refcount, folio.mapcount];
        yield* mm.dax_device_remove(dax);
        out['removed'] = [folio.freed, dax.pgmap.live];
        return out;
    });
    assert.deepEqual(result.violations.map((v) => v.title), []);
    assert.deepEqual(value, {
        priv: -mm.EINVAL,
        aligned: true,
        read: ['pud', false, 18, false, true, true],
        write: [true, 3n],
        counts: [18, 2, 1],
        split: -mm.EINVAL,
        mprotect: [0, 'present', false],
        dontneed: [0, 'none', 1, 0],
        mremap: [true, 'none', 'none', 3, 'present'],
        unmapped: [1, 0],
        removed: [true, 0],
    });
});
test('hmm_range_fault over a devmap PUD leaf: order 18 entries; a write request faults after dropping the PUD lock (5.7+), with it held before (hmm-pud-fault-locked: recursive page_table_lock)', () => {
    for (const bug of [false, true]) {
        const { value, result } = runOne(function* () {
            if (bug)
                set_bug_switches(['hmm-pud-fault-locked']);
            const dax = mm.devdax_create('dax0');
            const t = mm.task_create('p');
            const mni = new MmuIntervalNotifier(noopOps);
            check((yield* mmu_interval_notifier_insert(mni, t.mm, 0, 2 ** 47, noopOps)) === 0, 'insert');
            const a = yield* mm.sys_mmap(t, 0, mm.PUD_SIZE, RW, mm.MAP_SHARED, mm.dax_file(dax), 0);
            yield* mm.user_read_u8(t, a);
            const out = [];
            for (const flags of [0n, HMM_PFN_REQ_FAULT | HMM_PFN_REQ_WRITE]) {
                const range = new HmmRange({ notifier: mni, start: a + 4096, end: a + 3 * 4096, default_flags: flags });
                const ret = yield* fault_until_stable(mni, t.mm, range);
                out.push(ret, [...range.hmm_pfns]);
            }
            return { out, base: dax.base };
        });
        if (bug) {
            assert.deepEqual(result.violations.map((v) => v.kind), ['lock-order', 'deadlock']);
            continue;
        }
        assert.deepEqual(result.violations.map((v) => v.title), []);
        const b = value.base;
        const ro = (i) => hmm_pfn_make(b + i, HMM_PFN_VALID, 18);
        const rw = (i) => hmm_pfn_make(b + i, HMM_PFN_VALID | HMM_PFN_WRITE, 18);
        assert.deepEqual(value.out, [0, [ro(1), ro(2)], 0, [rw(1), rw(2)]]);
    }
});
