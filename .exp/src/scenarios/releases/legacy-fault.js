/*
 * The old one-call fault API as 5.2 (hmm.h's hmm_vma_fault) and 5.3 (nouveau's copy,
 * nouveau_range_fault) shipped it, used by a driver of that API:
 *
 *   legacy-fault-timeout   the driver's invalidation callback waits for the device fault in
 *                          flight to finish (it drains the device before unmapping), while
 *                          that fault waits for the range to become valid. The wait times out;
 *                          the helper returns -EAGAIN (5.2) or -EBUSY (5.3) without
 *                          unregistering the range. The range keeps its hmm reference (5.2)
 *                          and, in 5.3, its mmget: after unbind and exit, the hmm (and in 5.3
 *                          the whole address space) is never freed: kmemleak.
 *   legacy-fault-exiting   5.3 only: the device faults after the process exited. Registration
 *                          fails (-EFAULT, mmget_not_zero) and leaves range->hmm NULL, and the
 *                          helper releases mmap_sem through it: NULL pointer dereference.
 *
 * Both were gone in 5.4, where nouveau moved to hmm_range_fault() proper.
 */
import { check, KObj, kasan_check, kmalloc, kfree, spawn, WaitQueueHead, wait_event, wake_up_all } from '../../kernel/index.js';
import * as hmm52 from '../../hmm/v5.2/hmm.js';
import * as hmm53 from '../../hmm/v5.3/hmm.js';
import { fill_fault_range } from '../../drivers/v5/common.js';
import { EAGAIN, EBUSY, EFAULT, errname, find_vma, MADV_DONTNEED, MAP_ANONYMOUS, MAP_PRIVATE, mmdrop, mmgrab, mmap_read_lock, mmap_read_unlock, mmap_write_lock, mmap_write_unlock, PAGE_SIZE, PROT_READ, PROT_WRITE, sys_exit, sys_madvise, sys_mmap, task_create, user_write_u32, } from '../../mm/index.js';
import { everyExecution } from '../types.js';
/** The driver's state: an invalidation first lets the device's queued faults complete. */
class LegacyDrv extends KObj {
    /** Device faults queued and not yet handled. */
    pendingFaults = 0;
    invalidating = false;
    wq = new WaitQueueHead('legacy->wq');
    mirror52 = null;
    mirror53 = null;
    constructor() {
        super('legacy_drv');
    }
}
function* drain_then_invalidate(drv) {
    // Announce the invalidation, then wait until the device's queued faults were handled.
    drv.invalidating = true;
    yield* wake_up_all(drv.wq);
    yield* wait_event(drv.wq, () => drv.pendingFaults === 0);
    return 0;
}
const ops52 = {
    *sync_cpu_device_pagetables(mirror) {
        return yield* drain_then_invalidate(kasan_check(mirror.container, 'sync_cpu_device_pagetables'));
    },
};
const ops53 = {
    *sync_cpu_device_pagetables(mirror) {
        return yield* drain_then_invalidate(kasan_check(mirror.container, 'sync_cpu_device_pagetables'));
    },
};
/** One device fault through the design's legacy helper; the errno it returns. */
function* legacy_fault(design, drv, mm, addr) {
    yield* mmap_read_lock(mm);
    if (design === 'v5.2') {
        const range = new hmm52.HmmRange();
        fill_fault_range(range, addr, false);
        range.vma = find_vma(mm, addr);
        const ret = yield* hmm52.hmm_vma_fault(range, true);
        if (ret === 0) {
            yield* hmm52.hmm_vma_range_done(range);
            yield* mmap_read_unlock(mm);
        }
        return ret;
    }
    const range = new hmm53.HmmRange();
    fill_fault_range(range, addr, false);
    const ret = yield* hmm53.nouveau_range_fault(drv.mirror53, range);
    if (ret === 0) {
        yield* hmm53.nouveau_range_done(range);
        yield* mmap_read_unlock(mm);
    }
    return ret;
}
function* bind(design, drv, mm) {
    yield* mmap_write_lock(mm);
    let ret;
    if (design === 'v5.2') {
        drv.mirror52 = new hmm52.HmmMirror(ops52, drv);
        ret = yield* hmm52.hmm_mirror_register(drv.mirror52, mm);
    }
    else {
        drv.mirror53 = new hmm53.HmmMirror(ops53, drv);
        ret = yield* hmm53.hmm_mirror_register(drv.mirror53, mm);
    }
    yield* mmap_write_unlock(mm);
    check(ret === 0, `hmm_mirror_register: ${errname(ret)}`);
}
function* unbind(design, drv) {
    if (design === 'v5.2')
        yield* hmm52.hmm_mirror_unregister(drv.mirror52);
    else
        yield* hmm53.hmm_mirror_unregister(drv.mirror53);
}
/* ---- legacy-fault-timeout ------------------------------------------------------------ */
function* timeout_init(design) {
    const task = task_create('proc');
    const a = yield* sys_mmap(task, 0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    yield* user_write_u32(task, a, 1);
    yield* user_write_u32(task, a + PAGE_SIZE, 2);
    const drv = kmalloc(new LegacyDrv());
    drv.pendingFaults = 1;
    yield* bind(design, drv, task.mm);
    spawn('cpu', () => dontneed(task, a + PAGE_SIZE));
    spawn('gpu0', () => timeout_gpu(design, drv, task, a));
}
function* dontneed(task, addr) {
    check((yield* sys_madvise(task, addr, PAGE_SIZE, MADV_DONTNEED)) === 0, 'madvise(MADV_DONTNEED)');
}
function* timeout_gpu(design, drv, task, a) {
    // The queued device fault is handled while the invalidation of the other page waits for it.
    yield* wait_event(drv.wq, () => drv.invalidating);
    const ret = yield* legacy_fault(design, drv, task.mm, a);
    drv.pendingFaults--;
    yield* wake_up_all(drv.wq);
    const expected = design === 'v5.2' ? -EAGAIN : -EBUSY;
    check(ret === expected, `the legacy fault returned ${errname(ret)}, ${errname(expected)} (timeout) expected`);
    // The driver gives up this fault, unbinds and frees itself; the process exits.
    yield* unbind(design, drv);
    kfree(drv);
    yield* sys_exit(task);
}
export const legacyFaultTimeout = {
    name: 'legacy-fault-timeout',
    group: 'releases',
    description: 'the old one-call fault API times out waiting for a valid range and leaves it registered: the hmm (5.3: the whole mm) leaks',
    designs: { 'v5.2': everyExecution('leak'), 'v5.3': everyExecution('leak') },
    checkLeaks: true,
    setup(design) {
        spawn('init', () => timeout_init(design));
    },
};
/* ---- legacy-fault-exiting ------------------------------------------------------------ */
function* exiting_init(design) {
    const task = task_create('proc');
    const a = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    yield* user_write_u32(task, a, 1);
    const drv = kmalloc(new LegacyDrv());
    yield* bind(design, drv, task.mm);
    const mm = task.mm;
    // The driver keeps the mm struct (as nouveau's svmm does) while the process exits.
    yield* mmgrab(mm);
    yield* sys_exit(task);
    spawn('gpu0', () => exiting_gpu(design, drv, mm, a));
}
function* exiting_gpu(design, drv, mm, a) {
    const ret = yield* legacy_fault(design, drv, mm, a);
    check(ret === -EFAULT, `the legacy fault on an exited mm returned ${errname(ret)}, -EFAULT expected`);
    yield* unbind(design, drv);
    kfree(drv);
    yield* mmdrop(mm);
}
export const legacyFaultExiting = {
    name: 'legacy-fault-exiting',
    group: 'releases',
    description: "5.3's nouveau_range_fault on an exited mm: registration fails and leaves range->hmm NULL, which the error path dereferences",
    designs: { 'v5.3': everyExecution('bug') },
    setup(design) {
        spawn('init', () => exiting_init(design));
    },
};
