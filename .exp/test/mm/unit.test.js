/* Unit tests of the mm model: exact outcomes of faults, COW, swap, THP split, notifier brackets
 * and their events, SRCU fencing, the OOM reaper, and the bug reports the model must raise. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { msleep, srcu_barrier } from '../../src/kernel/index.js';
import * as mm from '../../src/mm/index.js';
import { runOne, runThreads } from '../helpers.js';
import { set_bug_switches } from '../../src/mm/bug_switch.js';
import { ANON, clean, recorder, RW } from './helpers.js';
test('read of untouched anonymous memory maps the zero page; write replaces it (CLEAR)', () => {
    const log = [];
    const out = clean(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 2 * 4096, RW, ANON);
        yield* mm.mmu_notifier_register(new mm.MmuNotifier(recorder(log)), t.mm);
        const v = yield* mm.user_read_u32(t, a + 4);
        const e1 = mm.peek_entry(t.mm, a);
        yield* mm.user_write_u32(t, a + 4, 7);
        const e2 = mm.peek_entry(t.mm, a);
        return { v, k1: e1.kind, z: mm.is_zero_pfn(e1.pfn), w1: e1.writable, k2: e2.kind, w2: e2.writable, v2: yield* mm.user_read_u32(t, a + 4), a };
    });
    assert.deepEqual([out.v, out.k1, out.z, out.w1, out.k2, out.w2, out.v2], [0, 'zero', true, false, 'present', true, 7]);
    assert.deepEqual(log, [`start MMU_NOTIFY_CLEAR ${out.a.toString(16)}-${(out.a + 4096).toString(16)}`, `end MMU_NOTIFY_CLEAR ${out.a.toString(16)}-${(out.a + 4096).toString(16)}`]);
});
test('SIGSEGV for no VMA and for protection violations', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 4096, mm.PROT_READ, ANON);
        const r1 = yield* mm.user_read_u32(t, a + 8192);
        const s1 = t.last_signal;
        t.last_signal = 0;
        const r2 = yield* mm.user_write_u32(t, a, 1);
        const s2 = t.last_signal;
        yield* mm.sys_mprotect(t, a, 4096, mm.PROT_NONE);
        const r3 = yield* mm.user_read_u32(t, a);
        yield* mm.sys_mprotect(t, a, 4096, mm.PROT_READ);
        const r4 = yield* mm.user_read_u32(t, a);
        yield* mm.sys_exit(t);
        return [r1, s1, r2, s2, r3, r4];
    });
    assert.deepEqual(out, [-mm.EFAULT, mm.SIGSEGV, -mm.EFAULT, mm.SIGSEGV, -mm.EFAULT, 0]);
});
test('handle_mm_fault does not check VM_WRITE: a write fault on a read-only VMA succeeds without write permission (callers check)', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const P = 4096;
        const a = yield* mm.sys_mmap(t, 0, 3 * P, RW, ANON);
        yield* mm.user_write_u32(t, a + P, 5); // page 1: a private page of our own
        const f = yield* mm.sys_fork(t); // page 0 stays empty; page 1 becomes COW-shared with the child
        yield* mm.sys_mprotect(t, a, 3 * P, mm.PROT_READ);
        const m = t.mm;
        const res = [];
        yield* mm.mmap_read_lock(m);
        const vma = mm.find_vma(m, a);
        for (const off of [0, P, P]) {
            const before = mm.peek_entry(m, a + off).pfn;
            const r = yield* mm.handle_mm_fault(vma, a + off, mm.FAULT_FLAG_WRITE | mm.FAULT_FLAG_REMOTE);
            const e = mm.peek_entry(m, a + off);
            res.push([r, e.kind, e.writable, e.pfn !== before]);
        }
        yield* mm.mmap_read_unlock(m);
        // The arch fault handler still refuses the user's store (access_error: SIGSEGV).
        const w = yield* mm.user_write_u32(t, a + P, 6);
        const v = yield* mm.user_read_u32(t, a + P);
        yield* mm.sys_exit(f);
        return { res, w, sig: t.last_signal, v };
    });
    // Empty: a fresh page, read-only. COW-shared: copied (a new pfn), read-only; then reused in place.
    assert.deepEqual(out.res, [
        [0, 'present', false, true],
        [0, 'present', false, true],
        [0, 'present', false, false],
    ]);
    assert.deepEqual([out.w, out.sig, out.v], [-mm.EFAULT, mm.SIGSEGV, 5]);
});
test('mprotect changes the VMAs before a hole or a refusing VMA, then fails (-ENOMEM / -EACCES)', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const P = 4096;
        const a = yield* mm.sys_mmap(t, 0, 4 * P, mm.PROT_READ | mm.PROT_WRITE, ANON);
        yield* mm.sys_munmap(t, a + 2 * P, P); // [a, a+2P) mapped, hole, [a+3P, a+4P) mapped
        const r1 = yield* mm.sys_mprotect(t, a, 4 * P, mm.PROT_READ);
        const w = [];
        for (const off of [0, P, 3 * P]) {
            t.last_signal = 0;
            w.push((yield* mm.user_write_u32(t, a + off, 1)) === 0);
        }
        // Starting in the hole changes nothing.
        const r2 = yield* mm.sys_mprotect(t, a + 2 * P, 2 * P, mm.PROT_NONE);
        const r3 = yield* mm.user_write_u32(t, a + 3 * P, 2);
        // A shared mapping of a read-only file may not become writable: the VMA before it does.
        const f = mm.file_create('ro', P, { writable: false });
        const b = yield* mm.sys_mmap(t, 0, 2 * P, mm.PROT_READ, ANON);
        yield* mm.sys_mmap(t, b + P, P, mm.PROT_READ, mm.MAP_SHARED | mm.MAP_FIXED, f, 0);
        const r4 = yield* mm.sys_mprotect(t, b, 2 * P, mm.PROT_READ | mm.PROT_WRITE);
        const r5 = yield* mm.user_write_u32(t, b, 3);
        const r6 = yield* mm.user_write_u32(t, b + P, 3);
        yield* mm.sys_exit(t);
        return [r1, w, r2, r3, r4, r5, r6];
    });
    assert.deepEqual(out, [-mm.ENOMEM, [false, false, true], -mm.ENOMEM, 0, -mm.EACCES, 0, -mm.EFAULT]);
});
test('mmap flag validation and hugetlb MADV_DONTNEED alignment, as in Linux', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const P = 4096;
        const H = 2 ** 21;
        const r = [];
        const e = (x) => (x < 0 ? mm.errname(x) : 'ok');
        r.push(e(yield* mm.sys_mmap(t, 0, P, mm.PROT_READ, mm.MAP_ANONYMOUS)));
        r.push(e(yield* mm.sys_mmap(t, 0, P, mm.PROT_READ, mm.MAP_SHARED_VALIDATE | mm.MAP_ANONYMOUS)));
        r.push(e(yield* mm.sys_mmap(t, 0, P, mm.PROT_READ, mm.MAP_SHARED_VALIDATE | mm.MAP_ANONYMOUS | 0x80000)));
        r.push(e(yield* mm.sys_mmap(t, 0, P, mm.PROT_READ, mm.MAP_SHARED | mm.MAP_ANONYMOUS | 0x80000)));
        const h = yield* mm.sys_mmap(t, 0, 2 * H, mm.PROT_READ | mm.PROT_WRITE, ANON | mm.MAP_HUGETLB);
        yield* mm.user_write_u32(t, h, 1);
        yield* mm.user_write_u32(t, h + H, 2);
        r.push(e(yield* mm.sys_madvise(t, h + P, H, mm.MADV_DONTNEED)));
        r.push(e(yield* mm.sys_madvise(t, h, H + P, mm.MADV_DONTNEED))); // end rounded down: first huge page only
        r.push(yield* mm.user_read_u32(t, h), yield* mm.user_read_u32(t, h + H));
        yield* mm.sys_exit(t);
        return r;
    });
    assert.deepEqual(out, ['-EINVAL', 'ok', '-EOPNOTSUPP', 'ok', '-EINVAL', 'ok', 0, 2]);
});
test('fork: COW keeps the parent data; notifier events PROTECTION_PAGE then CLEAR', () => {
    const log = [];
    const out = clean(function* () {
        const p = mm.task_create('parent');
        const a = yield* mm.sys_mmap(p, 0, 4096, RW, ANON);
        yield* mm.user_write_u64(p, a, 0x1122334455667788n);
        yield* mm.mmu_notifier_register(new mm.MmuNotifier(recorder(log)), p.mm);
        const c = yield* mm.sys_fork(p);
        const shared = mm.peek_entry(p.mm, a).pfn === mm.peek_entry(c.mm, a).pfn;
        const mapcount = mm.peek_entry(p.mm, a).page.mapcount;
        yield* mm.user_write_u64(c, a, 1n);
        const pv = yield* mm.user_read_u64(p, a);
        const cv = yield* mm.user_read_u64(c, a);
        yield* mm.user_write_u64(p, a, 2n); // parent's page is exclusive again: reuse, no new event
        mm.mm_check_invariants();
        yield* mm.sys_exit(c);
        yield* mm.sys_exit(p);
        return { shared, mapcount, pv, cv, live: mm.mem_stats().live };
    });
    assert.deepEqual(out, { shared: true, mapcount: 2, pv: 0x1122334455667788n, cv: 1n, live: 0 });
    assert.equal(log[0].startsWith('start MMU_NOTIFY_PROTECTION_PAGE'), true, log.join('\n'));
    assert.equal(log[1].startsWith('end MMU_NOTIFY_PROTECTION_PAGE'), true);
    assert.equal(log.length, 3, log.join('\n')); // fork bracket, then release at exit (parent's COW was a reuse)
    assert.equal(log[2], 'release');
});
test('swap round trip keeps data; HMM sees a swap entry in between', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 3 * 4096, RW, ANON);
        for (let i = 0; i < 3; i++)
            yield* mm.user_write_u32(t, a + i * 4096 + 60, 100 + i);
        const n = yield* mm.sys_swap_out(t, a, 3 * 4096);
        const kinds = [0, 1, 2].map((i) => mm.peek_entry(t.mm, a + i * 4096).kind);
        const live = mm.mem_stats().live;
        const vals = [];
        for (let i = 0; i < 3; i++)
            vals.push(yield* mm.user_read_u32(t, a + i * 4096 + 60));
        const after = mm.peek_entry(t.mm, a).kind;
        yield* mm.sys_exit(t);
        return { n, kinds, live, vals, after, slots: mm.swap_slots_in_use() };
    });
    assert.deepEqual(out, { n: 3, kinds: ['swap', 'swap', 'swap'], live: 0, vals: [100, 101, 102], after: 'present', slots: 0 });
});
test('swap cache: a read swap-in keeps its slot; reclaim drops it clean, writes it back dirty', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 4096, RW, ANON);
        yield* mm.user_write_u32(t, a + 60, 100);
        yield* mm.sys_swap_out(t, a, 4096);
        const slot = mm.peek_entry(t.mm, a).pfn;
        const v1 = yield* mm.user_read_u32(t, a + 60);
        const page = mm.peek_entry(t.mm, a).page;
        const cached = [page.swap_slot === slot, page.dirty, mm.swap_slots_in_use(), mm.swap_count(slot)];
        // Clean: dropped, the entry points at the same slot again.
        yield* mm.sys_swap_out(t, a, 4096);
        const e2 = mm.peek_entry(t.mm, a);
        const again = [e2.kind, e2.pfn === slot, mm.swap_count(slot), mm.swap_slots_in_use()];
        // Dirty (a store sets the PTE's bit): written back to the slot before the drop.
        yield* mm.user_read_u32(t, a + 60);
        yield* mm.user_write_u32(t, a + 60, 200);
        yield* mm.sys_swap_out(t, a, 4096);
        const e3 = mm.peek_entry(t.mm, a);
        const v3 = yield* mm.user_read_u32(t, a + 60);
        yield* mm.sys_exit(t);
        return { v1, cached, again, e3: [e3.kind, e3.pfn === slot], v3, slots: mm.swap_slots_in_use(), live: mm.mem_stats().live };
    });
    assert.deepEqual(out, { v1: 100, cached: [true, false, 1, 1], again: ['swap', true, 1, 1], e3: ['swap', true], v3: 200, slots: 0, live: 0 });
});
test('swap cache: a write swap-in frees the slot; MADV_FREE takes a page out of the cache', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 2 * 4096, RW, ANON);
        yield* mm.user_write_u32(t, a, 1);
        yield* mm.user_write_u32(t, a + 4096, 2);
        yield* mm.sys_swap_out(t, a, 2 * 4096);
        yield* mm.user_write_u32(t, a, 3); // write fault: the slot goes
        yield* mm.user_read_u32(t, a + 4096); // read fault: the slot stays
        const before = mm.swap_slots_in_use();
        yield* mm.sys_madvise(t, a + 4096, 4096, mm.MADV_FREE);
        const p2 = mm.peek_entry(t.mm, a + 4096).page;
        const after = [mm.swap_slots_in_use(), p2.swap_slot];
        yield* mm.sys_exit(t);
        return { before, after, slots: mm.swap_slots_in_use() };
    });
    assert.deepEqual(out, { before: 1, after: [0, 0], slots: 0 });
});
test('data-loss: reclaim dropping a clean swap-cache page that differs from its slot is reported', () => {
    const { result } = runOne(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 4096, RW, ANON);
        yield* mm.user_write_u32(t, a, 1);
        yield* mm.sys_swap_out(t, a, 4096);
        yield* mm.user_read_u32(t, a);
        yield* mm.user_write_u32(t, a, 2);
        // Lose the dirty bit behind the model's back (what a buggy kernel path would do).
        const k = mm.pmd_index(a);
        const tbl = t.mm.pmd.get(k);
        tbl.flags[mm.pte_index(a)] &= ~mm.PTE_DIRTY;
        yield* mm.sys_swap_out(t, a, 4096);
    });
    assert.deepEqual(result.violations.map((v) => v.kind), ['data-loss']);
});
test('THP: MADV_HUGEPAGE maps order 9; partial munmap splits the PMD (CLEAR) and keeps pfns and data', () => {
    const log = [];
    const out = clean(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, mm.PMD_SIZE, RW, ANON);
        yield* mm.sys_madvise(t, a, mm.PMD_SIZE, mm.MADV_HUGEPAGE);
        yield* mm.user_write_u32(t, a + 5 * 4096, 55);
        const e = mm.peek_entry(t.mm, a + 5 * 4096);
        yield* mm.mmu_notifier_register(new mm.MmuNotifier(recorder(log)), t.mm);
        const r = yield* mm.sys_munmap(t, a + 4096, 4096);
        const e2 = mm.peek_entry(t.mm, a + 5 * 4096);
        const hole = mm.peek_entry(t.mm, a + 4096).kind;
        const v = yield* mm.user_read_u32(t, a + 5 * 4096);
        mm.mm_check_invariants();
        const mapcount = e2.page.mapcount;
        yield* mm.sys_exit(t);
        return { a, order: e.order, level: e.level, r, order2: e2.order, samePfn: e.pfn === e2.pfn, hole, v, mapcount, live: mm.mem_stats().live };
    });
    assert.deepEqual([out.order, out.level, out.r, out.order2, out.samePfn, out.hole, out.v, out.mapcount, out.live], [9, 'pmd', 0, 0, true, 'none', 55, 511, 0]);
    const h = (x) => x.toString(16);
    assert.deepEqual(log.slice(0, 4), [
        `start MMU_NOTIFY_CLEAR ${h(out.a)}-${h(out.a + mm.PMD_SIZE)}`,
        `end MMU_NOTIFY_CLEAR ${h(out.a)}-${h(out.a + mm.PMD_SIZE)}`,
        `start MMU_NOTIFY_UNMAP ${h(out.a + 4096)}-${h(out.a + 8192)}`,
        `end MMU_NOTIFY_UNMAP ${h(out.a + 4096)}-${h(out.a + 8192)}`,
    ]);
});
test('notifier events: mprotect PROTECTION_VMA, DONTNEED CLEAR per VMA, exit release', () => {
    const log = [];
    clean(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 2 * 4096, RW, ANON);
        yield* mm.user_write_u32(t, a, 1);
        const sub = new mm.MmuNotifier(recorder(log));
        yield* mm.mmu_notifier_register(sub, t.mm);
        yield* mm.sys_mprotect(t, a, 4096, mm.PROT_READ);
        yield* mm.sys_madvise(t, a, 2 * 4096, mm.MADV_DONTNEED);
        const mmp = t.mm;
        yield* mm.mmgrab(mmp);
        yield* mm.sys_exit(t);
        yield* mm.mmu_notifier_unregister(sub, mmp); // after release: no second release
        yield* mm.mmdrop(mmp);
    });
    assert.deepEqual(log.map((l) => l.split(' ').slice(0, 2).join(' ')), 
    // mprotect split the VMA, so DONTNEED zaps two VMAs; exit's UNMAP comes after release unhooked us.
    ['start MMU_NOTIFY_PROTECTION_VMA', 'end MMU_NOTIFY_PROTECTION_VMA', 'start MMU_NOTIFY_CLEAR', 'end MMU_NOTIFY_CLEAR', 'start MMU_NOTIFY_CLEAR', 'end MMU_NOTIFY_CLEAR', 'release']);
});
test('notifier hlist states: after unregister the node is unhashed (init variant), or poisoned but still hashed with the 3.6-3.9 hlist_del_rcu, and unlinking it again is a poison dereference', () => {
    const run = (buggy, exitFirst) => runOne(function* () {
        if (buggy)
            set_bug_switches(['mn-unregister-del-rcu']);
        const log = [];
        const t = mm.task_create('p');
        const mmp = t.mm;
        const sub = new mm.MmuNotifier(recorder(log));
        yield* mm.mmu_notifier_register(sub, mmp);
        yield* mm.mmgrab(mmp);
        if (exitFirst)
            yield* mm.sys_exit(t);
        yield* mm.mmu_notifier_unregister(sub, mmp);
        const hashed = sub.hashed;
        if (!exitFirst)
            yield* mm.sys_exit(t);
        yield* mm.mmdrop(mmp);
        return { hashed, log };
    });
    const out = [run(false, false), run(true, false), run(false, true), run(true, true)].map(({ value, result }) => [value?.hashed, value?.log.join(','), result.violations.map((v) => v.kind).join(',')]);
    assert.deepEqual(out, [
        [false, 'release', ''],
        [true, 'release', ''], // LIST_POISON2 in pprev: hlist_unhashed() is false
        [false, 'release', ''], // exit unlinked it (init variant): unregister sees it unhashed
        [false, 'release', ''],
    ]);
    // A second unregister after the 3.6-3.9 one: the node still tests hashed, and its unlink
    // writes through LIST_POISON2.
    const twice = runOne(function* () {
        set_bug_switches(['mn-unregister-del-rcu']);
        const t = mm.task_create('p');
        const sub = new mm.MmuNotifier(recorder([]));
        yield* mm.mmu_notifier_register(sub, t.mm);
        yield* mm.mmgrab(t.mm);
        yield* mm.mmu_notifier_unregister(sub, t.mm);
        yield* mm.mmu_notifier_unregister(sub, t.mm);
    });
    assert.deepEqual(twice.result.violations.map((v) => v.kind), ['poison-deref']);
});
test('mmu_notifier_unregister waits for SRCU readers (a callback still running)', () => {
    const events = [];
    let task;
    let sub;
    let addr = 0;
    const res = runThreads({
        *cpu() {
            task = mm.task_create('p');
            addr = yield* mm.sys_mmap(task, 0, 4096, RW, ANON);
            yield* mm.user_write_u32(task, addr, 1);
            sub = new mm.MmuNotifier({
                *invalidate_range_start() {
                    events.push('callback begins');
                    yield* msleep(10);
                    events.push('callback ends');
                    return 0;
                },
            });
            yield* mm.mmu_notifier_register(sub, task.mm);
            yield* mm.mmgrab(task.mm);
            yield* mm.sys_munmap(task, addr, 4096);
        },
        *driver() {
            while (!events.includes('callback begins'))
                yield* msleep(1);
            yield* mm.mmu_notifier_unregister(sub, task.mm);
            events.push('unregister returned');
            const m = task.mm;
            yield* mm.sys_exit(task);
            yield* mm.mmdrop(m);
        },
    }, { stepBudget: 100_000 });
    assert.deepEqual(res.violations, []);
    assert.deepEqual(events, ['callback begins', 'callback ends', 'unregister returned']);
});
test('OOM reaper before 5.13: -EAGAIN from a non-blockable start skips the VMA and calls no end', () => {
    const log = [];
    const out = clean(function* () {
        // Since 5.13 the core ends the notifiers after a failure (test/mm/notifier_rules.test.ts).
        mm.set_kernel_release(mm.KERNEL_5_3);
        const t = mm.task_create('victim');
        // Two VMAs (adjacent mappings with the same flags would merge into one).
        const a = yield* mm.sys_mmap(t, 0, 4096, RW, ANON);
        const b = yield* mm.sys_mmap(t, 0, 4096, RW | mm.PROT_EXEC, ANON);
        yield* mm.user_write_u32(t, a, 1);
        yield* mm.user_write_u32(t, b, 2);
        yield* mm.mmu_notifier_register(new mm.MmuNotifier(recorder(log, { failNonblock: true })), t.mm);
        const ok = yield* mm.oom_reap_task_mm(t.mm);
        const kinds = [mm.peek_entry(t.mm, a).kind, mm.peek_entry(t.mm, b).kind];
        const active = t.mm.active_ranges.length;
        yield* mm.sys_exit(t);
        return { ok, kinds, active };
    });
    assert.deepEqual(out, { ok: false, kinds: ['present', 'present'], active: 0 });
    assert.deepEqual(log.slice(0, 2).map((l) => l.split(' ')[0] + ' ' + l.endsWith('nonblock')), ['start true', 'start true']);
    assert.equal(log.filter((l) => l.startsWith('end') && l.endsWith('nonblock')).length, 0);
});
test('OOM reaper without notifiers unmaps the anonymous memory', () => {
    const out = clean(function* () {
        const t = mm.task_create('victim');
        const a = yield* mm.sys_mmap(t, 0, 4096, RW, ANON);
        yield* mm.user_write_u32(t, a, 1);
        const ok = yield* mm.oom_reap_task_mm(t.mm);
        const k = mm.peek_entry(t.mm, a).kind;
        const live = mm.mem_stats().live;
        yield* mm.sys_exit(t);
        return [ok, k, live];
    });
    assert.deepEqual(out, [true, 'none', 0]);
});
test('freeing a page that is still mapped is a bug report', () => {
    const { result } = runOne(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 4096, RW, ANON);
        yield* mm.user_write_u32(t, a, 1);
        yield* mm.put_page_step(mm.peek_entry(t.mm, a).page); // drops the mapping's reference behind its back
    });
    assert.equal(result.violations.length, 1);
    assert.equal(result.violations[0].kind, 'bug');
    assert.match(result.violations[0].title, /freeing a page that is still mapped/);
});
test('removing a mapping outside an invalidate bracket is a bug report', () => {
    const { result } = runOne(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 4096, RW, ANON);
        yield* mm.user_write_u32(t, a, 1);
        const tlb = mm.tlb_gather_mmu(t.mm);
        yield* mm.mmap_write_lock(t.mm);
        yield* mm.unmap_page_range(tlb, mm.find_vma(t.mm, a), a, a + 4096);
    });
    assert.equal(result.violations[0]?.kind, 'bug');
    assert.match(result.violations[0].title, /without mmu_notifier invalidation/);
});
test('use of a freed mm_struct is a KASAN use-after-free', () => {
    const { result } = runOne(function* () {
        const t = mm.task_create('p');
        const m = t.mm;
        yield* mm.sys_exit(t); // last mmput and last mmdrop: the struct is freed
        yield* mm.mmap_read_lock(m);
    });
    assert.equal(result.violations[0]?.kind, 'use-after-free');
    assert.match(result.violations[0].title, /KASAN: use-after-free/);
});
test('mmget_not_zero fails once the mm is exiting; mmgrab keeps the struct', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const m = t.mm;
        yield* mm.mmgrab(m);
        const a = yield* mm.mmget_not_zero(m);
        yield* mm.mmput(m);
        yield* mm.sys_exit(t);
        const b = yield* mm.mmget_not_zero(m);
        yield* mm.mmdrop(m);
        return [a, b];
    });
    assert.deepEqual(out, [true, false]);
});
test('mmu_notifier_get/put: one notifier per (ops, mm), freed after a grace period', () => {
    const freed = [];
    const ops = {
        *alloc_notifier() {
            return new mm.MmuNotifier(ops);
        },
        *free_notifier(s) {
            freed.push(s.__label);
        },
    };
    clean(function* () {
        const t = mm.task_create('p');
        const s1 = (yield* mm.mmu_notifier_get(ops, t.mm));
        const s2 = (yield* mm.mmu_notifier_get(ops, t.mm));
        assert.equal(s1, s2);
        assert.equal(s1.users, 2);
        yield* mm.mmu_notifier_put(s1);
        assert.equal(freed.length, 0);
        yield* mm.mmu_notifier_put(s2);
        // free_notifier runs from call_srcu: srcu_barrier waits for it (mmu_notifier_synchronize,
        // a synchronize_srcu, waits for readers only).
        yield* srcu_barrier(mm.mmu_notifier_srcu());
        assert.equal(freed.length, 1);
        yield* mm.sys_exit(t);
    });
});
test('hugetlb 2 MiB and 1 GiB: order 9 / 18 entries, private COW after fork', () => {
    const out = clean(function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, mm.PMD_SIZE, RW, ANON | mm.MAP_HUGETLB);
        const g = yield* mm.sys_mmap(t, 0, mm.PUD_SIZE, RW, ANON | mm.MAP_HUGETLB | mm.MAP_HUGE_1GB);
        yield* mm.user_write_u32(t, a + 12288, 9);
        yield* mm.user_write_u32(t, g + 5 * mm.PMD_SIZE, 10);
        const e = mm.peek_entry(t.mm, a + 12288);
        const eg = mm.peek_entry(t.mm, g + 5 * mm.PMD_SIZE);
        const c = yield* mm.sys_fork(t);
        yield* mm.user_write_u32(c, a + 12288, 99);
        const pv = yield* mm.user_read_u32(t, a + 12288);
        const cv = yield* mm.user_read_u32(c, a + 12288);
        const bad = yield* mm.sys_munmap(t, a + 4096, 4096);
        mm.mm_check_invariants();
        yield* mm.sys_exit(c);
        yield* mm.sys_exit(t);
        return { o: e.order, h: e.hugetlb, go: eg.order, gl: eg.level, pv, cv, bad, live: mm.mem_stats().live };
    });
    assert.deepEqual(out, { o: 9, h: true, go: 18, gl: 'pud', pv: 9, cv: 99, bad: -mm.EINVAL, live: 0 });
});
test('file mappings: shared writes reach the file, private writes do not', () => {
    const out = clean(function* () {
        const f = mm.file_create('data', 2 * 4096);
        mm.file_write_u32(f, 4096, 0xabcd);
        const t = mm.task_create('p');
        const s = yield* mm.sys_mmap(t, 0, 2 * 4096, RW, mm.MAP_SHARED, f, 0);
        const p = yield* mm.sys_mmap(t, 0, 2 * 4096, RW, mm.MAP_PRIVATE, f, 0);
        const r1 = yield* mm.user_read_u32(t, s + 4096);
        yield* mm.user_write_u32(t, s + 8, 5);
        yield* mm.user_write_u32(t, p + 12, 6);
        const viaPriv = yield* mm.user_read_u32(t, p + 8);
        yield* mm.sys_exit(t);
        return [r1, mm.file_read_u32(f, 8), mm.file_read_u32(f, 12), viaPriv];
    });
    assert.deepEqual(out, [0xabcd, 5, 0, 5]);
});
test('MAP_SHARED anonymous memory is shared with a forked child', () => {
    const out = clean(function* () {
        const p = mm.task_create('p');
        const a = yield* mm.sys_mmap(p, 0, 4096, RW, mm.MAP_SHARED | mm.MAP_ANONYMOUS);
        const c = yield* mm.sys_fork(p);
        yield* mm.user_write_u32(c, a, 77);
        const v = yield* mm.user_read_u32(p, a);
        yield* mm.sys_exit(c);
        yield* mm.sys_exit(p);
        return [v, mm.mem_stats().live];
    });
    assert.deepEqual(out, [77, 0]);
});
test('VM_MIXEDMAP device file: f_op.mmap inserts pages with vm_insert_page', () => {
    const out = clean(function* () {
        const page = mm.alloc_page(5 /* mm.PageKind.Kernel */);
        mm.page_write_u32(page, 16, 0x5a5a);
        const dev = mm.file_create('dmirror', 4096, {
            f_op: {
                *mmap(_f, vma) {
                    return yield* mm.vm_insert_page(vma, vma.vm_start, page);
                },
            },
        });
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 4096, mm.PROT_READ, mm.MAP_SHARED, dev, 0);
        const vma = mm.find_vma(t.mm, a);
        const v = yield* mm.user_read_u32(t, a + 16);
        const mapped = page.mapcount;
        yield* mm.sys_exit(t);
        const after = [page.mapcount, page.refcount];
        yield* mm.put_page_step(page);
        return { mixed: (vma.vm_flags & mm.VM_MIXEDMAP) !== 0, v, mapped, after };
    });
    assert.deepEqual(out, { mixed: true, v: 0x5a5a, mapped: 1, after: [0, 1] });
});
test('device-private entry: classification with owner, CPU fault calls migrate_to_ram', () => {
    const calls = [];
    const out = clean(function* () {
        const pgmap = new mm.DevPagemap('private', 'dev0', {
            *migrate_to_ram(vmf) {
                calls.push(vmf.address);
                // A real driver migrates back; here the test puts a fresh page in place (MIGRATE bracket).
                const m = vmf.vma.vm_mm;
                const range = mm.mmu_notifier_range_init_owner(mm.MMU_NOTIFY_MIGRATE, 0, vmf.vma, m, vmf.address, vmf.address + 4096, 'dev0');
                yield* mm.mmu_notifier_invalidate_range_start(range);
                const t = mm.pmd_lookup(m, vmf.address);
                const i = mm.pte_index(vmf.address);
                const np = mm.alloc_page();
                mm.page_write_u32(np, 0, 42);
                mm.rmap_remove(vmf.page);
                yield* mm.put_page_step(vmf.page);
                mm.rmap_add(np);
                mm.__set_pte(t, i, 1 /* mm.PteKind.Present */, mm.PTE_WRITE, np.pfn);
                yield* mm.mmu_notifier_invalidate_range_end(range);
                return 0;
            },
        });
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 4096, RW, ANON);
        const dpage = mm.alloc_device_pages(pgmap);
        const tbl = mm.pte_alloc(t.mm, a);
        mm.rmap_add(dpage);
        mm.__set_pte(tbl, mm.pte_index(a), 5 /* mm.PteKind.DevicePrivate */, mm.PTE_WRITE, dpage.pfn);
        const e = mm.peek_entry(t.mm, a);
        const v = yield* mm.user_read_u32(t, a);
        yield* mm.sys_exit(t);
        return { kind: e.kind, owner: e.owner, w: e.writable, v, freed: dpage.freed };
    });
    assert.deepEqual(out, { kind: 'device-private', owner: 'dev0', w: true, v: 42, freed: true });
    assert.equal(calls.length, 1);
});
test('walk_entry asserts the mmap_lock; page-free and invalidate-end observers fire', () => {
    const seen = [];
    const { result } = runOne(function* () {
        mm.register_page_free_observer((p) => seen.push(`free ${p.kind === 0 /* mm.PageKind.Anon */ ? 'anon' : p.kind}`));
        mm.register_invalidate_end_observer((r) => seen.push(`end ${mm.MMU_NOTIFY_EVENT_NAMES[r.event]} active=${r.mm.active_ranges.length}`));
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 4096, RW, ANON);
        yield* mm.user_write_u32(t, a, 1);
        yield* mm.mmap_read_lock(t.mm);
        assert.equal(mm.walk_entry(t.mm, a).kind, 'present');
        yield* mm.mmap_read_unlock(t.mm);
        yield* mm.sys_munmap(t, a, 4096);
        mm.walk_entry(t.mm, a); // no lock: reported (not fatal)
        yield* mm.sys_exit(t);
    });
    assert.deepEqual(seen, ['end MMU_NOTIFY_UNMAP active=0', 'free anon', 'end MMU_NOTIFY_UNMAP active=0']);
    assert.deepEqual(result.violations.map((v) => v.kind), ['lock-not-held']);
});
