/*
 * The device-memory half, checked on the state it leaves: after MIGRATE_TO_DEV the CPU maps
 * device-private entries of the device's folios (PMD entries for a THP), the device maps the
 * backing pages standing for them, the system pages are freed; a CPU fault brings a page back;
 * munmap frees device pages to the driver's free lists; coherent pages stay CPU-mapped.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Execution } from '../../src/kernel/index.js';
import * as uapi from '../../src/drivers/dmirror/uapi.js';
import { device_lookup, device_nr_entries } from '../../src/drivers/device.js';
import { peek_entry } from '../../src/mm/pgtable.js';
import { DevPagemap, memremap_pages, zone_device_folio_init } from '../../src/mm/page.js';
import { MADV_HUGEPAGE, MAP_ANONYMOUS, MAP_PRIVATE, PAGE_SIZE, PMD_SIZE, PROT_READ, PROT_WRITE, pfn_to_page } from '../../src/mm/index.js';
import { HMM_VARIANTS } from '../../src/scenarios/selftests/harness.js';
import { hmm_buffer, hmm_dmirror_cmd, hmm_setup } from '../../src/scenarios/selftests/hmm_fixture.js';
import { fill_i32, heap_i32, load_i32, madvise, malloc, mmap, munmap } from '../../src/scenarios/selftests/libc.js';
import { MIGRATE_PFN_MIGRATE, MIGRATE_VMA_SELECT_SYSTEM, MigrateVma, migrate_vma_finalize, migrate_vma_pages, migrate_vma_setup, mpfn_has } from '../../src/mm/migrate_device.js';
import { find_vma } from '../../src/mm/vma.js';
import { mmap_read_lock, mmap_read_unlock } from '../../src/mm/mm_struct.js';
import { EINVAL } from '../../src/mm/errno.js';
import { serialChooser } from '../helpers.js';
const [PRIVATE, COHERENT] = HMM_VARIANTS;
function runHmm(body, variant = PRIVATE) {
    const ex = new Execution(serialChooser, { stepBudget: 50_000_000, record: false, throwErrors: true });
    const res = ex.run(() => void hmm_setup('unit', variant, body));
    return res.violations.map((v) => `${v.kind}: ${v.message}`);
}
function dmirror_of(self) {
    return self.p.fds[self.fd].dev.dmirror;
}
test('MIGRATE_TO_DEV of 4 KiB pages: device-private CPU entries, backing pages in the device table, sources freed; a CPU read faults one back', () => {
    const seen = [];
    const v = runHmm(function* (self) {
        const p = self.p;
        const n = 8;
        const b = hmm_buffer();
        b.size = n * PAGE_SIZE;
        b.mirror = malloc(p, b.size);
        b.ptr = yield* mmap(p, 0, b.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        yield* fill_i32(p, b.ptr, 0, b.size / 4, (i) => i);
        const mm = p.task.mm;
        const before = peek_entry(mm, b.ptr).page;
        const r = yield* hmm_dmirror_cmd(p, self.fd, uapi.HMM_DMIRROR_MIGRATE_TO_DEV, b, n);
        seen.push(`ret ${r} cpages ${b.cpages}`);
        const dm = dmirror_of(self);
        for (let i = 0; i < n; i++) {
            const e = peek_entry(mm, b.ptr + i * PAGE_SIZE);
            const d = device_lookup(dm.pt, b.ptr + i * PAGE_SIZE);
            seen.push(`${e.kind} owner=${e.owner === dm.mdevice} ref=${e.page.refcount} map=${e.page.mapcount} dev=${d.page.kind === 5 /* PageKind.Kernel */ && d.dev_page === e.page} w=${d.write}`);
        }
        seen.push(`source freed ${before.freed}`);
        // A CPU read of page 3: migrate_to_ram, the device entry goes, the data comes back.
        const val = yield* load_i32(p, b.ptr + 3 * PAGE_SIZE + 8);
        const e3 = peek_entry(mm, b.ptr + 3 * PAGE_SIZE);
        seen.push(`read ${val} ${e3.kind} ${e3.page.kind === 0 /* PageKind.Anon */} dev3=${device_lookup(dm.pt, b.ptr + 3 * PAGE_SIZE) === undefined} entries=${device_nr_entries(dm.pt)}`);
        const dpage = peek_entry(mm, b.ptr).page;
        yield* munmap(p, b.ptr, b.size);
        seen.push(`after munmap: device page freed ${dpage.freed}, free list ${dm.mdevice.devmem.free_pages.length}`);
    });
    assert.deepEqual(v, []);
    assert.equal(seen[0], 'ret 0 cpages 8');
    for (let i = 1; i <= 8; i++)
        assert.equal(seen[i], 'device-private owner=true ref=1 map=1 dev=true w=true');
    assert.equal(seen[9], 'source freed true');
    assert.equal(seen[10], `read ${3 * 1024 + 2} present true dev3=true entries=7`);
    assert.equal(seen[11], 'after munmap: device page freed true, free list 8');
});
test('MIGRATE_TO_DEV of a THP: one PMD device-private entry of an order-9 device folio; MIGRATE_TO_SYS brings a THP back', () => {
    const seen = [];
    const v = runHmm(function* (self) {
        const p = self.p;
        const b = hmm_buffer();
        const raw = yield* mmap(p, 0, 2 * PMD_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        b.ptr = Math.ceil(raw / PMD_SIZE) * PMD_SIZE;
        b.size = PMD_SIZE;
        b.mirror = malloc(p, b.size);
        yield* madvise(p, b.ptr, PMD_SIZE, MADV_HUGEPAGE);
        yield* fill_i32(p, b.ptr, 0, PMD_SIZE / 4, (i) => i);
        const mm = p.task.mm;
        seen.push(`${peek_entry(mm, b.ptr).level} ${peek_entry(mm, b.ptr).page.order}`);
        const r = yield* hmm_dmirror_cmd(p, self.fd, uapi.HMM_DMIRROR_MIGRATE_TO_DEV, b, 512);
        const e = peek_entry(mm, b.ptr + 5 * PAGE_SIZE);
        seen.push(`ret ${r} cpages ${b.cpages} ${e.kind} ${e.level} order ${e.page.order} ${e.pfn - e.page.pfn}`);
        const r2 = yield* hmm_dmirror_cmd(p, self.fd, uapi.HMM_DMIRROR_MIGRATE_TO_SYS, b, 512);
        const e2 = peek_entry(mm, b.ptr);
        seen.push(`ret ${r2} cpages ${b.cpages} ${e2.kind} ${e2.level} order ${e2.page.order} ${e2.page.kind === 0 /* PageKind.Anon */}`);
        const val = yield* load_i32(p, b.ptr + 4 * 1000);
        seen.push(`val ${val}`);
    });
    assert.deepEqual(v, []);
    // MIGRATE_TO_SYS counts source entries with VALID and MIGRATE: a THP is one (its head), as
    // in the kernel (the selftests never check cpages there).
    assert.deepEqual(seen, ['pmd 9', 'ret 0 cpages 512 device-private pmd order 9 5', 'ret 0 cpages 1 present pmd order 9 true', 'val 1000']);
});
test('coherent device memory stays CPU-mapped: present entries of the device folio, read in place', () => {
    const seen = [];
    const v = runHmm(function* (self) {
        const p = self.p;
        const b = hmm_buffer();
        b.size = 2 * PAGE_SIZE;
        b.mirror = malloc(p, b.size);
        b.ptr = yield* mmap(p, 0, b.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        yield* fill_i32(p, b.ptr, 0, b.size / 4, (i) => 7 * i);
        const r = yield* hmm_dmirror_cmd(p, self.fd, uapi.HMM_DMIRROR_MIGRATE_TO_DEV, b, 2);
        const mm = p.task.mm;
        const e = peek_entry(mm, b.ptr + PAGE_SIZE);
        const d = device_lookup(dmirror_of(self).pt, b.ptr + PAGE_SIZE);
        seen.push(`ret ${r} ${e.kind} ${e.page.kind === 4 /* PageKind.DeviceCoherent */} dev=${d.page === e.page}`);
        const val = yield* load_i32(p, b.ptr + PAGE_SIZE + 4);
        seen.push(`val ${val} ${peek_entry(mm, b.ptr + PAGE_SIZE).page.kind === 4 /* PageKind.DeviceCoherent */}`);
        void pfn_to_page;
    }, COHERENT);
    assert.deepEqual(v, []);
    assert.deepEqual(seen, ['ret 0 present true dev=true', `val ${7 * 1025} true`]);
});
test('migrate_vma_setup validation: no VMA, an empty or outside range, a fault page that is not a locked device page: -EINVAL, nothing collected; a valid call unmaps behind migration entries, and with no destination finalize restores them', () => {
    const got = [];
    runHmm(function* (self) {
        const p = self.p;
        const ptr = yield* mmap(p, 0, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        yield* fill_i32(p, ptr, 0, PAGE_SIZE, (i) => i);
        const mm = p.task.mm;
        const vma = find_vma(mm, ptr);
        const anon = peek_entry(mm, ptr).page;
        const arr = () => new Array(4).fill(0);
        const cases = [
            ['no vma', { vma: null, start: ptr, end: ptr + PAGE_SIZE }],
            ['empty', { vma, start: ptr, end: ptr }],
            ['start outside', { vma, start: ptr + 8 * PAGE_SIZE, end: ptr + 9 * PAGE_SIZE }],
            ['end outside', { vma, start: ptr, end: ptr + 5 * PAGE_SIZE }],
            ['fault page not device', { vma, start: ptr, end: ptr + PAGE_SIZE, fault_page: anon }],
        ];
        yield* mmap_read_lock(mm);
        for (const [name, init] of cases) {
            const src = arr();
            const r = yield* migrate_vma_setup(new MigrateVma({ src, dst: arr(), flags: MIGRATE_VMA_SELECT_SYSTEM, ...init }));
            got.push([`${name}: ${src.every((x) => x === 0) ? 'nothing collected' : 'collected'}`, r]);
        }
        // The valid call collects every page, unmapped behind migration entries, then is undone.
        const src = arr();
        const dst = arr();
        const m = new MigrateVma({ vma, src, dst, start: ptr, end: ptr + 4 * PAGE_SIZE, flags: MIGRATE_VMA_SELECT_SYSTEM });
        got.push([`valid: ${src.filter((x) => mpfn_has(x, MIGRATE_PFN_MIGRATE)).length} to migrate, entry ${peek_entry(mm, ptr).kind}`, yield* migrate_vma_setup(m)]);
        got.push([`after setup: ${m.npages} pages, entry ${peek_entry(mm, ptr).kind}, ${src.filter((x) => mpfn_has(x, MIGRATE_PFN_MIGRATE)).length} to migrate`, 0]);
        yield* migrate_vma_pages(m);
        yield* migrate_vma_finalize(m);
        got.push([`no destination: restored, entry ${peek_entry(mm, ptr).kind}, same page ${peek_entry(mm, ptr).page === anon}`, 0]);
        yield* mmap_read_unlock(mm);
    });
    assert.deepEqual(got, [
        ['no vma: nothing collected', -EINVAL],
        ['empty: nothing collected', -EINVAL],
        ['start outside: nothing collected', -EINVAL],
        ['end outside: nothing collected', -EINVAL],
        ['fault page not device: nothing collected', -EINVAL],
        ['valid: 0 to migrate, entry present', 0],
        ['after setup: 4 pages, entry migration, 4 to migrate', 0],
        ['no destination: restored, entry present, same page true', 0],
    ]);
});
test('a THP migrated with FAIL_ALLOC lands in 4 KiB device pages: the source THP is split, cpages counts every page, the data is intact', () => {
    const seen = [];
    const v = runHmm(function* (self) {
        const p = self.p;
        const b = hmm_buffer();
        b.size = 2 * PMD_SIZE;
        b.mirror = malloc(p, PMD_SIZE);
        const raw = yield* mmap(p, 0, 2 * PMD_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        b.ptr = raw + ((PMD_SIZE - (raw % PMD_SIZE)) % PMD_SIZE);
        yield* madvise(p, b.ptr, PMD_SIZE, MADV_HUGEPAGE);
        yield* fill_i32(p, b.ptr, 0, PMD_SIZE / 4, (i) => i);
        const mm = p.task.mm;
        seen.push(`before: ${peek_entry(mm, b.ptr).page.order}`);
        yield* hmm_dmirror_cmd(p, self.fd, uapi.HMM_DMIRROR_FLAGS, b, uapi.HMM_DMIRROR_FLAG_FAIL_ALLOC);
        const r = yield* hmm_dmirror_cmd(p, self.fd, uapi.HMM_DMIRROR_MIGRATE_TO_DEV, b, PMD_SIZE / PAGE_SIZE);
        const e0 = peek_entry(mm, b.ptr);
        const e511 = peek_entry(mm, b.ptr + PMD_SIZE - PAGE_SIZE);
        seen.push(`ret ${r} cpages ${b.cpages}: ${e0.kind} order ${e0.page.order}, last ${e511.kind} order ${e511.page.order}`);
        const m = heap_i32(p, b.mirror);
        seen.push(`mirror ${m[0]} ${m[1000]} ${m[PMD_SIZE / 4 - 1]}`);
        seen.push(`cpu ${yield* load_i32(p, b.ptr + 4 * 777)} ${yield* load_i32(p, b.ptr + PMD_SIZE - 4)}`);
        yield* munmap(p, raw, 2 * PMD_SIZE);
    });
    assert.deepEqual(v, []);
    assert.deepEqual(seen, ['before: 9', 'ret 0 cpages 512: device-private order 0, last device-private order 0', `mirror 0 1000 ${PMD_SIZE / 4 - 1}`, `cpu 777 ${PMD_SIZE / 4 - 1}`]);
});
test('device page state: a mapping lost without its rmap is reported; a device page live at the end must have as many mappings as entries', () => {
    const body = (corrupt) => function* (self) {
        const p = self.p;
        const b = hmm_buffer();
        b.size = 2 * PAGE_SIZE;
        b.mirror = malloc(p, b.size);
        b.ptr = yield* mmap(p, 0, b.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        yield* fill_i32(p, b.ptr, 0, b.size / 4, (i) => i);
        assert.equal(yield* hmm_dmirror_cmd(p, self.fd, uapi.HMM_DMIRROR_MIGRATE_TO_DEV, b, 2), 0);
        if (corrupt)
            peek_entry(p.task.mm, b.ptr).page.mapcount--;
    };
    const run = (corrupt) => runHmm(body(corrupt));
    assert.deepEqual(run(false), []);
    // The process exits with the pages still on the device: its exit unmaps them.
    assert.deepEqual(run(true), ['bug: page pfn 1073741824 (device-private) mapcount went negative']);
    // An execution that ends with device pages in use: mapcount against the entries naming them.
    const end = (mapcount) => {
        const ex = new Execution(serialChooser, { stepBudget: 1000, record: false, throwErrors: true });
        return ex
            .run(() => {
            const pgmap = new DevPagemap('private', 'owner', {}, 'test chunk');
            const first = memremap_pages(pgmap, 4);
            zone_device_folio_init(pgmap, first, 0).mapcount = mapcount;
        })
            .violations.map((v) => `${v.kind}: ${v.message}`);
    };
    assert.deepEqual(end(0), []);
    assert.deepEqual(end(1), [`bug: page pfn ${2 ** 30} (device-private) has mapcount 1 but 0 CPU page-table entries map it`]);
});
