/*
 * The dmirror device's contract, checked directly: ioctl validation, READ/WRITE result fields
 * (faults counts fault rounds), the snapshot byte encoding, copy-out only on success, the
 * invalidate callback (own MIGRATE ignored, trylock on non-blockable ranges) and release.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Execution, mutex_lock, mutex_unlock } from '../../src/kernel/index.js';
import { explore, DEFAULT_OPTIONS } from '../../src/explore/run.js';
import { Dmirror, dmirror_devices, dmirror_mkentry, dmirror_module_params } from '../../src/drivers/dmirror/dmirror.js';
import * as uapi from '../../src/drivers/dmirror/uapi.js';
import { HMM_PFN_VALID, HMM_PFN_WRITE, hmm_pfn_make } from '../../src/hmm/v6/index.js';
import { mmu_itree_state } from '../../src/mm/interval_notifier.js';
import { MMU_NOTIFY_MIGRATE, MMU_NOTIFY_UNMAP, MMU_NOTIFIER_RANGE_BLOCKABLE, MmuNotifierRange } from '../../src/mm/mmu_notifier.js';
import { alloc_device_pages, DevPagemap } from '../../src/mm/page.js';
import { peek_entry } from '../../src/mm/pgtable.js';
import { device_lookup } from '../../src/drivers/device.js';
import { EFAULT, EINVAL, MADV_HUGEPAGE, MAP_ANONYMOUS, MAP_PRIVATE, PAGE_SIZE, PMD_SIZE, PROT_NONE, PROT_READ, PROT_WRITE, } from '../../src/mm/index.js';
import { HMM_VARIANTS } from '../../src/scenarios/selftests/harness.js';
import { hmm_buffer, hmm_dmirror_cmd, hmm_setup } from '../../src/scenarios/selftests/hmm_fixture.js';
import { close, open, fill_i32, heap_bytes, heap_i32, ioctl, load_i32, madvise, malloc, mmap, mprotect, munmap, pthread_create, pthread_join, store_i32 } from '../../src/scenarios/selftests/libc.js';
import { scenarioOf, serialChooser } from '../helpers.js';
const PRIVATE = HMM_VARIANTS[0];
/** Run `body` as the test process of one execution; returns the violations. */
function runHmm(body, variant = PRIVATE) {
    const ex = new Execution(serialChooser, { stepBudget: 50_000_000, record: false, throwErrors: true });
    const res = ex.run(() => void hmm_setup('unit', variant, body));
    return res.violations.map((v) => `${v.kind}: ${v.message}`);
}
function dmirror_of(self) {
    return self.p.fds[self.fd].dev.dmirror;
}
test('ioctl validation: unaligned addr, npages 0, overflow and unknown commands give -EINVAL for every command; cmd untouched', () => {
    const got = [];
    runHmm(function* (self) {
        const p = self.p;
        const ptr = yield* mmap(p, 0, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        const mirror = malloc(p, 4 * PAGE_SIZE);
        const cases = [
            ['unaligned', uapi.HMM_DMIRROR_READ, ptr + 4, 1],
            ['npages 0', uapi.HMM_DMIRROR_READ, ptr, 0],
            ['npages 0 snapshot', uapi.HMM_DMIRROR_SNAPSHOT, ptr, 0],
            ['overflow', uapi.HMM_DMIRROR_WRITE, 2 ** 63, 2 ** 51],
            ['unknown', 0xc0284899, ptr, 1],
            ['migrate unaligned', uapi.HMM_DMIRROR_MIGRATE_TO_DEV, ptr + 4, 1],
            ['migrate back npages 0', uapi.HMM_DMIRROR_MIGRATE_TO_SYS, ptr, 0],
            ['exclusive overflow', uapi.HMM_DMIRROR_EXCLUSIVE, 2 ** 63, 2 ** 51],
        ];
        for (const [name, req, addr, npages] of cases) {
            const cmd = { addr, ptr: mirror, npages, cpages: 77, faults: 88 };
            const r = yield* ioctl(p, self.fd, req, cmd);
            got.push([name, r, cmd.cpages, cmd.faults]);
        }
    });
    for (const [name, r, cpages, faults] of got) {
        assert.equal(r, -EINVAL, name);
        assert.equal(cpages, 77, name);
        assert.equal(faults, 88, name);
    }
    assert.equal(got.length, 8);
});
test('ioctl numbers are _IOWR(\'H\', nr, 40)', () => {
    assert.equal(uapi.HMM_DMIRROR_READ, 0xc0284800);
    assert.equal(uapi.HMM_DMIRROR_WRITE, 0xc0284801);
    assert.equal(uapi.HMM_DMIRROR_SNAPSHOT, 0xc0284804);
    assert.equal(uapi.HMM_DMIRROR_RELEASE, 0xc0284807);
});
test('faults counts fault rounds: 1 for a fresh range, 0 when the device page table already covers it', () => {
    const out = {};
    const v = runHmm(function* (self) {
        const p = self.p;
        const n = 200;
        const buffer = hmm_buffer();
        buffer.size = n * PAGE_SIZE;
        buffer.mirror = malloc(p, buffer.size);
        buffer.ptr = yield* mmap(p, 0, buffer.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        out.read1 = yield* hmm_dmirror_cmd(p, self.fd, uapi.HMM_DMIRROR_READ, buffer, n);
        out.read1_cpages = buffer.cpages;
        out.read1_faults = buffer.faults;
        out.read2 = yield* hmm_dmirror_cmd(p, self.fd, uapi.HMM_DMIRROR_READ, buffer, n);
        out.read2_faults = buffer.faults;
        // The READ mapped the zero page read-only: a WRITE needs a write fault round.
        const m = heap_i32(p, buffer.mirror);
        for (let i = 0; i < (n * PAGE_SIZE) / 4; i++)
            m[i] = 3 * i;
        out.write1 = yield* hmm_dmirror_cmd(p, self.fd, uapi.HMM_DMIRROR_WRITE, buffer, n);
        out.write1_cpages = buffer.cpages;
        out.write1_faults = buffer.faults;
        out.write2 = yield* hmm_dmirror_cmd(p, self.fd, uapi.HMM_DMIRROR_WRITE, buffer, n);
        out.write2_faults = buffer.faults;
        m.fill(0);
        out.read3 = yield* hmm_dmirror_cmd(p, self.fd, uapi.HMM_DMIRROR_READ, buffer, n);
        out.read3_faults = buffer.faults;
        out.data_ok = m.every((x, i) => x === 3 * i) ? 1 : 0;
        out.cpu = yield* load_i32(p, buffer.ptr + 4 * 1000);
    });
    assert.deepEqual(v, []);
    assert.deepEqual(out, {
        read1: 0, read1_cpages: 200, read1_faults: 1,
        read2: 0, read2_faults: 0,
        write1: 0, write1_cpages: 200, write1_faults: 1,
        write2: 0, write2_faults: 0,
        read3: 0, read3_faults: 0, data_ok: 1,
        cpu: 3000,
    });
});
test('the result struct is copied back only on success; a bad user buffer is -EFAULT', () => {
    const out = [];
    runHmm(function* (self) {
        const p = self.p;
        const ptr = yield* mmap(p, 0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        const cmd = { addr: ptr, ptr: 0x1234_0000_0000, npages: 2, cpages: 5, faults: 6 };
        out.push(yield* ioctl(p, self.fd, uapi.HMM_DMIRROR_READ, cmd), cmd.cpages, cmd.faults);
        out.push(yield* ioctl(p, self.fd, uapi.HMM_DMIRROR_SNAPSHOT, cmd), cmd.cpages, cmd.faults);
    });
    assert.deepEqual(out, [-EFAULT, 5, 6, -EFAULT, 5, 6]);
});
test('snapshot bytes: hole and PROT_NONE are ERROR, zero page ZERO|READ, RO READ, RW WRITE, untouched NONE; THP WRITE|PMD; nothing faulted', () => {
    const out = { m: [], thp: [], cpages: 0, thpCpages: 0, untouched: '' };
    const v = runHmm(function* (self) {
        const p = self.p;
        const ps = PAGE_SIZE;
        const buffer = hmm_buffer();
        buffer.size = 6 * ps;
        buffer.mirror = malloc(p, 6);
        buffer.ptr = yield* mmap(p, 0, 6 * ps, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        const b = buffer.ptr;
        yield* munmap(p, b + ps, ps);
        yield* mprotect(p, b + 2 * ps, ps, PROT_READ);
        yield* load_i32(p, b + 2 * ps);
        yield* mprotect(p, b + 3 * ps, ps, PROT_READ | PROT_WRITE);
        yield* store_i32(p, b + 3 * ps, 3);
        yield* mprotect(p, b + 3 * ps, ps, PROT_READ);
        yield* mprotect(p, b + 4 * ps, 2 * ps, PROT_READ | PROT_WRITE);
        yield* store_i32(p, b + 4 * ps, 3);
        const r = yield* hmm_dmirror_cmd(p, self.fd, uapi.HMM_DMIRROR_SNAPSHOT, buffer, 6);
        assert.equal(r, 0);
        out.cpages = buffer.cpages;
        out.m = [...heap_bytes(p, buffer.mirror).subarray(0, 6)];
        out.untouched = peek_entry(p.task.mm, b + 5 * ps).kind;
        const thp = hmm_buffer();
        thp.size = 2 * PMD_SIZE;
        const base = yield* mmap(p, 0, 2 * PMD_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        thp.ptr = Math.ceil(base / PMD_SIZE) * PMD_SIZE;
        yield* madvise(p, thp.ptr, PMD_SIZE, MADV_HUGEPAGE);
        yield* fill_i32(p, thp.ptr, 0, PMD_SIZE / 4, (i) => i);
        thp.mirror = malloc(p, 512);
        assert.equal(yield* hmm_dmirror_cmd(p, self.fd, uapi.HMM_DMIRROR_SNAPSHOT, thp, 512), 0);
        out.thpCpages = thp.cpages;
        out.thp = [...new Set(heap_bytes(p, thp.mirror).subarray(0, 512))];
    });
    assert.deepEqual(v, []);
    assert.equal(out.cpages, 6);
    assert.deepEqual(out.m, [0xff, 0xff, 0x11, 0x01, 0x02, 0x00]);
    assert.equal(out.untouched, 'none');
    assert.equal(out.thpCpages, 512);
    assert.deepEqual(out.thp, [0x06]);
});
test('dmirror_mkentry: device-private/coherent, local/remote, READ/WRITE, PMD/PUD', () => {
    const ex = new Execution(serialChooser, { stepBudget: 1000, record: false, throwErrors: true });
    const got = [];
    ex.run(() => {
        dmirror_module_params({ spm: true }); // devices 2 and 3: coherent
        const [d0, d1, d2, d3] = dmirror_devices();
        const dm0 = new Dmirror(d0);
        const dm2 = new Dmirror(d2);
        const priv0 = alloc_device_pages(new DevPagemap('private', d0, {}));
        const priv1 = alloc_device_pages(new DevPagemap('private', d1, {}));
        const coh2 = alloc_device_pages(new DevPagemap('coherent', d2, {}));
        const coh3 = alloc_device_pages(new DevPagemap('coherent', d3, {}));
        const RW = HMM_PFN_VALID | HMM_PFN_WRITE;
        got.push(dmirror_mkentry(dm0, hmm_pfn_make(priv0.pfn, RW)), dmirror_mkentry(dm0, hmm_pfn_make(priv1.pfn, RW)), dmirror_mkentry(dm0, hmm_pfn_make(priv0.pfn, RW, 9)), dmirror_mkentry(dm2, hmm_pfn_make(coh2.pfn, RW)), dmirror_mkentry(dm2, hmm_pfn_make(coh3.pfn, RW)), dmirror_mkentry(dm2, hmm_pfn_make(coh3.pfn, HMM_PFN_VALID)), dmirror_mkentry(dm0, hmm_pfn_make(1, HMM_PFN_VALID)), // the zero pfn
        dmirror_mkentry(dm0, hmm_pfn_make(5000, HMM_PFN_VALID, 18)), dmirror_mkentry(dm0, 0n));
    });
    assert.deepEqual(got, [0x22, 0x32, 0x26, 0x42, 0x52, 0x51, 0x11, 0x09, 0x00]);
});
test('invalidate callback: own MIGRATE ignored, foreign MIGRATE and UNMAP zap and set the sequence; non-blockable + busy mutex returns false', () => {
    const out = [];
    const v = runHmm(function* (self) {
        const p = self.p;
        const buffer = hmm_buffer();
        buffer.size = 4 * PAGE_SIZE;
        buffer.mirror = malloc(p, buffer.size);
        buffer.ptr = yield* mmap(p, 0, buffer.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        yield* hmm_dmirror_cmd(p, self.fd, uapi.HMM_DMIRROR_READ, buffer, 4);
        const dm = dmirror_of(self);
        const mni = dm.notifier;
        const mm = p.task.mm;
        const r = (event, flags, owner) => new MmuNotifierRange(event, flags, null, mm, buffer.ptr, buffer.ptr + PAGE_SIZE, owner);
        const seq0 = mni.invalidate_seq;
        out.push(yield* mni.ops.invalidate(mni, r(MMU_NOTIFY_MIGRATE, MMU_NOTIFIER_RANGE_BLOCKABLE, dm.mdevice), 1001));
        out.push(mni.invalidate_seq === seq0, device_lookup(dm.pt, buffer.ptr) !== undefined);
        out.push(yield* mni.ops.invalidate(mni, r(MMU_NOTIFY_MIGRATE, MMU_NOTIFIER_RANGE_BLOCKABLE, {}), 1003));
        out.push(mni.invalidate_seq, device_lookup(dm.pt, buffer.ptr) === undefined);
        // Like the kernel's xa_for_each_range, the zap covers one page past the end.
        out.push(device_lookup(dm.pt, buffer.ptr + PAGE_SIZE) === undefined, device_lookup(dm.pt, buffer.ptr + 2 * PAGE_SIZE) !== undefined);
        yield* mutex_lock(dm.mutex);
        out.push(yield* mni.ops.invalidate(mni, r(MMU_NOTIFY_UNMAP, 0, null), 1005));
        yield* mutex_unlock(dm.mutex);
        out.push(mni.invalidate_seq);
        out.push(yield* mni.ops.invalidate(mni, r(MMU_NOTIFY_UNMAP, 0, null), 1007));
        out.push(mni.invalidate_seq);
    });
    assert.deepEqual(v, []);
    assert.deepEqual(out, [true, true, true, true, 1003, true, true, true, false, 1003, true, 1007]);
});
test('release: the last close removes the interval notifier and frees the mirror; fork shares the file', () => {
    const out = [];
    const v = runHmm(function* (self) {
        const p = self.p;
        const mm = p.task.mm;
        out.push(mmu_itree_state(mm).registered);
        const fd2 = yield* open(p, '/dev/hmm_dmirror1');
        out.push(mmu_itree_state(mm).registered);
        out.push(yield* close(p, fd2));
        out.push(mmu_itree_state(mm).registered);
        out.push(yield* close(p, fd2));
        // Reopen the fixture's fd so its teardown close succeeds.
        self.fd = yield* open(p, '/dev/hmm_dmirror0');
    });
    assert.deepEqual(v, []);
    assert.deepEqual(out, [1, 2, 0, 1, -9]);
});
/** Pages of the concurrent READ vs mprotect test. */
const N = 4;
const seen = new Set();
function* reader_with_mprotect(self) {
    const p = self.p;
    const buffer = hmm_buffer();
    buffer.size = N * PAGE_SIZE;
    buffer.mirror = malloc(p, buffer.size);
    buffer.ptr = yield* mmap(p, 0, buffer.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    yield* fill_i32(p, buffer.ptr, 0, buffer.size / 4, (i) => i ^ 0x5a5a);
    const t = yield* pthread_create(p, 'mprotect', () => protect(p, buffer.ptr, buffer.size));
    const r = yield* hmm_dmirror_cmd(p, self.fd, uapi.HMM_DMIRROR_READ, buffer, N);
    const m = heap_i32(p, buffer.mirror);
    let ok = true;
    for (let i = 0; i < buffer.size / 4; i++)
        if (m[i] !== (i ^ 0x5a5a))
            ok = false;
    seen.add(`ret ${r} cpages ${buffer.cpages} faults ${buffer.faults} data ${ok}`);
    yield* pthread_join(p, t);
}
function* protect(p, addr, len) {
    yield* mprotect(p, addr, len, PROT_READ);
}
test('a concurrent mprotect can force a second fault round: faults is 1 or 2, the READ always succeeds (dfs, exhausted)', () => {
    seen.clear();
    const sc = scenarioOf('dmirror-read-vs-mprotect', () => void hmm_setup('read_vs_mprotect', PRIVATE, reader_with_mprotect), { designs: { v6: { clean: true } } });
    const r = explore(sc, 'v6', { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions: 2, executions: 100_000, stepBudget: 10_000_000 });
    assert.deepEqual(r.violations.map((x) => x.message), []);
    assert.ok(r.exhausted);
    assert.deepEqual([...seen].sort(), [`ret 0 cpages ${N} faults 1 data true`, `ret 0 cpages ${N} faults 2 data true`]);
});
test("fault and snapshot walk a range in the newest driver's pieces of 32 pages", () => {
    const pieces = (cmdReq, npages) => {
        const ex = new Execution(serialChooser, { stepBudget: 50_000_000, record: true, throwErrors: true });
        let before = 0;
        const res = ex.run(() => void hmm_setup('unit', PRIVATE, function* (self) {
            const p = self.p;
            const buffer = hmm_buffer();
            buffer.size = npages * PAGE_SIZE;
            buffer.mirror = malloc(p, buffer.size);
            buffer.ptr = yield* mmap(p, 0, buffer.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            yield* fill_i32(p, buffer.ptr, 0, buffer.size / 4, (i) => i);
            before = ex.events.length;
            assert.equal(yield* hmm_dmirror_cmd(p, self.fd, cmdReq, buffer, npages), 0);
        }));
        assert.deepEqual(res.violations, []);
        // One mmu_interval_read_begin per piece (its spin_lock of the subscriptions).
        return res.events.slice(before).filter((e) => e.op === 'spin_lock' && e.where === 'mmu_interval_read_begin').length;
    };
    assert.equal(pieces(uapi.HMM_DMIRROR_READ, 32), 1);
    assert.equal(pieces(uapi.HMM_DMIRROR_READ, 33), 2);
    assert.equal(pieces(uapi.HMM_DMIRROR_READ, 64), 2);
    assert.equal(pieces(uapi.HMM_DMIRROR_SNAPSHOT, 64), 2);
    assert.equal(pieces(uapi.HMM_DMIRROR_SNAPSHOT, 65), 3);
});
