/*
 * Group `releases`: the model of a release is as buggy as the release was. Each scenario shows
 * one way the 5.2/5.3 page walk (src/hmm/walk.ts) behaved before a later kernel fixed it, next
 * to v6 where the fix is in:
 *
 *   swap-entry-none        a swapped-out page comes back NONE with success (fixed in 5.4)
 *   zero-page-efault       a page only read so far is the zero page, a special PTE: -EFAULT
 *                          (fixed in 5.5)
 *   range-starts-in-hole   a fault on an address in a hole below a VMA walks the hole with no
 *                          VMA: NULL pointer dereference (fixed in 5.4)
 *   write-fault-readonly   a device write fault on a VMA without VM_WRITE: handle_mm_fault
 *                          succeeds without a writable entry (fixed in 5.4: -EPERM). A
 *                          default_flags request walks again for ever inside hmm_range_fault;
 *                          the v5 reference drivers' per-entry request is overwritten by the
 *                          first pass (NONE), so the walk returns the read-only entry and the
 *                          device faults again for ever. v6 with the bug switched on (history
 *                          bug-write-fault-loop) loops inside hmm_range_fault.
 *   fault-write-rest       a write fault on one page write-faults the rest of the PMD range:
 *                          a page asked for read only is copied (COW broken); today's
 *                          hmm_vma_fault() still faults [addr, end) with one set of flags
 *   hmm52-fault-retry      5.2 always lets handle_mm_fault drop mmap_sem (VM_FAULT_RETRY):
 *                          hmm_range_fault returns -EAGAIN with it released; the 5.2 reference
 *                          driver copes, a driver written for 5.3 unlocks it again
 *   legacy-fault-*         the old one-call fault API as 5.2/5.3 shipped it (legacy-fault.ts)
 *
 * In each, the first thread builds the process alone (no choice points), then one or two
 * actors run; the assertions are what a driver relies on.
 */
import { check, spawn } from '../../kernel/index.js';
import { device_access, device_create } from '../../drivers/device.js';
import { V52MirrorDriver } from '../../drivers/v5/driver_v5_2.js';
import { ALL_FLAGS_MASK, DEVICE_PFN_FLAGS, DEVICE_PFN_SHIFT, DEVICE_PFN_VALUES } from '../../drivers/v5/common.js';
import * as hmm52 from '../../hmm/v5.2/hmm.js';
import * as hmm53 from '../../hmm/v5.3/hmm.js';
import * as hmm6 from '../../hmm/v6/hmm.js';
import { mmu_interval_read_begin } from '../../mm/interval_notifier.js';
import { EBUSY, EFAULT, EPERM, errname, file_create, MAP_SHARED, mmap_read_lock, mmap_read_unlock, PAGE_SHIFT, PAGE_SIZE, peek_entry, PROT_READ, PROT_WRITE, swap_out, sys_fork, sys_mmap, sys_mprotect, task_create, user_read_u32, } from '../../mm/index.js';
import { clean, everyExecution } from '../types.js';
import { legacyFaultExiting, legacyFaultTimeout } from './legacy-fault.js';
import { page_addr, world_init } from '../races/world.js';
/* ---- swap-entry-none --------------------------------------------------------------------- */
function* swapped_gpu(w) {
    const r = yield* device_access(w.devs[0], page_addr(w, 0), false);
    check(r === 0, `device read fault on a swapped-out page failed with ${errname(r)} (hmm_range_fault reported it without a valid pfn)`);
}
function* swap_init(design) {
    const w = yield* world_init(design, 1, 1);
    check((yield* swap_out(w.mm, page_addr(w, 0), page_addr(w, 1))) === 1, 'page 0 swapped out');
    spawn('gpu0', () => swapped_gpu(w));
}
export const swapEntryNone = {
    name: 'swap-entry-none',
    group: 'releases',
    description: 'hmm-history §6: 5.2/5.3 report a swapped-out page NONE with success instead of faulting it in; the driver gets no pfn',
    designs: { 'v5.2': everyExecution('assertion'), 'v5.3': everyExecution('assertion'), v6: clean() },
    setup(design) {
        spawn('init', () => swap_init(design));
    },
};
/* ---- zero-page-efault -------------------------------------------------------------------- */
function* zero_init(design) {
    const task = task_create('proc');
    const a = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */);
    // Read before any write: the PTE maps the shared zero page.
    check((yield* user_read_u32(task, a)) === 0, 'fresh memory reads zero');
    check(peek_entry(task.mm, a).kind === 'zero', 'the zero page is mapped');
    const w = yield* world_init(design, 0, 1, [], task);
    spawn('gpu0', () => zero_gpu(w, a));
}
function* zero_gpu(w, a) {
    const r = yield* device_access(w.devs[0], a, false);
    check(r === 0, `device read fault on the zero page failed with ${errname(r)}`);
}
export const zeroPageEfault = {
    name: 'zero-page-efault',
    group: 'releases',
    description: '5.2/5.3 treat the zero page as a special PTE: a device read of memory only read so far fails with -EFAULT (fixed in 5.5)',
    designs: { 'v5.2': everyExecution('assertion'), 'v5.3': everyExecution('assertion'), v6: clean() },
    setup(design) {
        spawn('init', () => zero_init(design));
    },
};
/* ---- range-starts-in-hole ---------------------------------------------------------------- */
function* hole_init(design) {
    const w = yield* world_init(design, 1, 1);
    // The page below the mapping is a hole; the mapping is the next VMA above it.
    const hole = page_addr(w, 0) - PAGE_SIZE;
    spawn('gpu0', () => hole_gpu(w, hole));
}
function* hole_gpu(w, hole) {
    const r = yield* device_access(w.devs[0], hole, false);
    check(r === -EFAULT, `a device fault on an unmapped address gave ${errname(r)}, not -EFAULT`);
}
export const rangeStartsInHole = {
    name: 'range-starts-in-hole',
    group: 'releases',
    description: '5.2/5.3 do not check that the VMA found begins at the range: a fault in a hole below a VMA walks it with no VMA and dereferences NULL (fixed in 5.4)',
    designs: { 'v5.2': everyExecution('bug'), 'v5.3': everyExecution('bug'), v6: clean() },
    setup(design) {
        spawn('init', () => hole_init(design));
    },
};
/* ---- write-fault-readonly ---------------------------------------------------------------- */
function* readonly_init(design) {
    const w = yield* world_init(design, 1, 1);
    check((yield* sys_mprotect(w.task, page_addr(w, 0), PAGE_SIZE, PROT_READ)) === 0, 'mprotect PROT_READ');
    spawn('gpu0', () => readonly_gpu(w));
}
function* readonly_gpu(w) {
    const r = yield* device_access(w.devs[0], page_addr(w, 0), true);
    check(r === -EPERM, `a device write fault on read-only memory gave ${errname(r)}, not -EPERM`);
}
export const writeFaultReadonly = {
    name: 'write-fault-readonly',
    group: 'releases',
    description: 'hmm-history §7: 5.2/5.3 write-fault a VMA without VM_WRITE and the entry stays read-only; the device asks again for ever (fixed in 5.4: -EPERM)',
    designs: { 'v5.2': everyExecution('livelock'), 'v5.3': everyExecution('livelock'), v6: clean() },
    setup(design) {
        spawn('init', () => readonly_init(design));
    },
};
/* ---- fault-write-rest -------------------------------------------------------------------- */
/**
 * Fault two pages with hmm_range_fault: page 0 for write, page 1 for read only (per-entry
 * requests), through the API of `design`. Returns the result code.
 */
function* fault_write_read(w) {
    const start = page_addr(w, 0);
    const end = start + 2 * PAGE_SIZE;
    const mm = w.mm;
    if (w.design === 'v6') {
        const drv = w.drivers[0];
        const range = new hmm6.HmmRange({
            notifier: drv.notifier,
            start,
            end,
            hmm_pfns: new BigUint64Array([hmm6.HMM_PFN_REQ_FAULT | hmm6.HMM_PFN_REQ_WRITE, hmm6.HMM_PFN_REQ_FAULT]),
            pfn_flags_mask: hmm6.HMM_PFN_REQ_FAULT | hmm6.HMM_PFN_REQ_WRITE,
        });
        for (;;) {
            range.notifier_seq = yield* mmu_interval_read_begin(drv.notifier);
            yield* mmap_read_lock(mm);
            const r = yield* hmm6.hmm_range_fault(range);
            yield* mmap_read_unlock(mm);
            // Its own COW invalidated the range: -EBUSY, begin again (the documented loop).
            if (r !== -EBUSY)
                return r;
        }
    }
    const v5 = w.design === 'v5.2' ? hmm52 : hmm53;
    const range = w.design === 'v5.2' ? new hmm52.HmmRange() : new hmm53.HmmRange();
    range.pfns = new BigUint64Array([DEVICE_PFN_FLAGS[0] | DEVICE_PFN_FLAGS[1], DEVICE_PFN_FLAGS[0]]);
    range.flags = DEVICE_PFN_FLAGS;
    range.values = DEVICE_PFN_VALUES;
    range.pfn_shift = DEVICE_PFN_SHIFT;
    range.default_flags = 0n;
    range.pfn_flags_mask = ALL_FLAGS_MASK;
    const reg = w.design === 'v5.2'
        ? yield* hmm52.hmm_range_register(range, mm, start, end, PAGE_SHIFT)
        : yield* hmm53.hmm_range_register(range, w.drivers[0].mirror, start, end, PAGE_SHIFT);
    if (reg !== 0)
        return reg;
    yield* mmap_read_lock(mm);
    const r = yield* v5.hmm_range_fault(range, true);
    if (r !== -11)
        yield* mmap_read_unlock(mm); // 5.2's -EAGAIN has released it
    yield* v5.hmm_range_unregister(range);
    return r < 0 ? r : 0;
}
function* write_rest_init(design) {
    const w = yield* world_init(design, 2, 1);
    // A child shares both pages copy-on-write: the parent's entries become read-only.
    yield* sys_fork(w.task);
    spawn('gpu0', () => write_rest_gpu(w));
}
function* write_rest_gpu(w) {
    const before = peek_entry(w.mm, page_addr(w, 1));
    const r = yield* fault_write_read(w);
    check(r === 0, `hmm_range_fault failed with ${errname(r)}`);
    const after = peek_entry(w.mm, page_addr(w, 1));
    check(after.pfn === before.pfn && !after.writable, `page 1, asked for read only, was write-faulted: pfn ${before.pfn} -> ${after.pfn}${after.writable ? ', now writable' : ''}`);
}
export const faultWriteRest = {
    name: 'fault-write-rest',
    group: 'releases',
    description: "hmm_range_fault faults the rest of the PMD range with the first page's write flag (5.2 to today): a page requested read-only loses its COW sharing",
    designs: { 'v5.2': everyExecution('assertion'), 'v5.3': everyExecution('assertion'), v6: everyExecution('assertion') },
    setup(design) {
        spawn('init', () => write_rest_init(design));
    },
};
/* ---- hmm52-fault-retry ------------------------------------------------------------------- */
function* retry_init(design, bugs) {
    const task = task_create('proc');
    const file = file_create('data', PAGE_SIZE);
    const a = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, file, 0);
    check(a > 0, 'mmap of the file succeeded');
    const w = yield* world_init(design, 0, 0, [], task);
    const drv = new V52MirrorDriver(device_create('gpu0'), bugs);
    check((yield* drv.bind(w.mm)) === 0, 'bind');
    spawn('gpu0', () => retry_gpu(drv, a));
}
function* retry_gpu(drv, a) {
    // The page is not in the page cache yet: the fault has to read it.
    const r = yield* device_access(drv.device, a, false);
    check(r === 0, `device read fault failed with ${errname(r)}`);
    check(drv.eagain === 1, `hmm_range_fault returned -EAGAIN ${drv.eagain} times, once expected`);
}
export const hmm52FaultRetry = {
    name: 'hmm52-fault-retry',
    group: 'releases',
    description: '5.2 lets handle_mm_fault drop mmap_sem to read a file page: hmm_range_fault returns -EAGAIN with it released; the 5.2 reference driver retries; clean',
    designs: { 'v5.2': clean() },
    setup(design) {
        spawn('init', () => retry_init(design, {}));
    },
};
export const hmm52FaultRetryUnlock = {
    name: 'hmm52-fault-retry-double-unlock',
    group: 'releases',
    description: 'the same with a driver written for 5.3 (it releases mmap_sem after every error): on 5.2 it releases a lock it no longer holds',
    designs: { 'v5.2': everyExecution('bug') },
    setup(design) {
        spawn('init', () => retry_init(design, { unlock_after_eagain: true }));
    },
};
export const releaseScenarios = [swapEntryNone, zeroPageEfault, rangeStartsInHole, writeFaultReadonly, faultWriteRest, hmm52FaultRetry, hmm52FaultRetryUnlock, legacyFaultTimeout, legacyFaultExiting];
