/*
 * The reference mirror driver for Linux 5.3, following Documentation/vm/hmm.rst of that
 * release (reference/hmm-design.md §3.3, [5.3]):
 *
 *   device fault: hmm_range_register(range, mirror, ...) (holds an mmget) ->
 *     hmm_range_wait_until_valid() -> again: down_read(mmap_sem) -> hmm_range_fault() -> on
 *     error up_read, wait and retry (-EBUSY: the range was invalidated) or
 *     fail -> take drv->update -> if !hmm_range_valid(): unlock, up_read, retry -> program the
 *     device from pfns -> hmm_range_unregister() -> unlock -> up_read.
 *   sync_cpu_device_pagetables: take drv->update (trylock, -EAGAIN, if not blockable), zap the
 *     device entries of [start, end), unlock.
 *   release: take drv->update, zap everything.
 *   unbind: stop device faults, wait for the ones in flight (drv->teardown), under drv->update
 *     mark the driver dying and zap, then hmm_mirror_unregister().
 *
 * Lifetime: the driver keeps the mm pointer of bind(); the registered range pins the address
 * space (mmget) and the hmm pins the struct (mmgrab) until the mirror is unregistered, which is
 * why unbind waits for faults in flight: after the process exited, a fault that starts its
 * mmget_not_zero() after the unregister touches a freed mm (the bug the `no_unbind_fence`
 * variant keeps, catalogue scenario unbind-vs-fault). The driver structure is a KObj: a use
 * after it has been freed (destroy()) is a KASAN report.
 */
import { KObj, Mutex, RwSemaphore, down_read, down_write, kasan_check, kfree, kmalloc, mutex_lock, mutex_trylock, mutex_unlock, trace, up_read, up_write } from '../../kernel/index.js';
import { EAGAIN, EBUSY, EFAULT, ENODEV, PAGE_SHIFT, mmap_read_lock, mmap_read_unlock, mmget_not_zero, mmput, mmap_write_lock, mmap_write_unlock } from '../../mm/index.js';
import { HMM_PFN_WRITE, HMM_RANGE_DEFAULT_TIMEOUT, HmmMirror, HmmRange, hmm_device_entry_to_pfn, hmm_mirror_register, hmm_mirror_unregister, hmm_range_fault, hmm_range_register, hmm_range_unregister, hmm_range_valid, hmm_range_wait_until_valid, } from '../../hmm/v5.3/hmm.js';
import { device_bind, device_map, device_unbind, device_zap, device_zap_all } from '../device.js';
import { fill_fault_range, rearm_fault_range } from './common.js';
export class V53MirrorDriver extends KObj {
    device;
    bugs;
    design = 'v5.3';
    mm = null;
    mirror;
    /** drv->update: serialises device page-table updates with sync_cpu_device_pagetables. */
    update;
    dying = false;
    /** Skip the validity check under the lock (a buggy driver, for the README example). */
    skip_valid_check = false;
    /**
     * driver->teardown: every device fault holds it for read from start to end; unbind takes it
     * for write, so no fault is still running when the mirror goes.
     */
    teardown;
    constructor(device, 
    /** Rules a deliberately broken variant leaves out (see V5DriverBugs). */
    bugs = {}) {
        super('svmm');
        this.device = device;
        this.bugs = bugs;
        kmalloc(this);
        this.update = new Mutex('drv->update', this);
        this.teardown = new RwSemaphore('drv->teardown', this);
        this.mirror = new HmmMirror(v53_mirror_ops, this);
    }
    *bind(mm) {
        this.mm = mm;
        yield* mmap_write_lock(mm);
        const ret = yield* hmm_mirror_register(this.mirror, mm);
        yield* mmap_write_unlock(mm);
        if (ret !== 0)
            return ret;
        yield* device_bind(this.device, mm, this);
        return 0;
    }
    fault(_dev, addr, write) {
        return this.device_fault(addr, write);
    }
    /**
     * Whoever needs the address space alive takes mmget_not_zero() (the series' rule); the
     * driver holds its own so that the range's mmput inside hmm_range_unregister(), under
     * drv->update and mmap_sem, is never the last one (exit_mmap would call ->release, which
     * takes drv->update).
     */
    *device_fault(addr, write) {
        kasan_check(this, 'device_fault');
        if (this.bugs.no_unbind_fence)
            return yield* this.device_fault_pinned(addr, write);
        yield* down_read(this.teardown);
        // Under teardown (read) unbind has either not started or finished: dying tells which.
        const ret = this.dying ? -ENODEV : yield* this.device_fault_pinned(addr, write);
        yield* up_read(this.teardown);
        return ret;
    }
    *device_fault_pinned(addr, write) {
        const mm = kasan_check(this.mm, 'device_fault');
        if (!(yield* mmget_not_zero(mm)))
            return -EFAULT;
        const ret = yield* this.fault_locked_pattern(mm, addr, write);
        yield* mmput(mm);
        return ret;
    }
    *fault_locked_pattern(mm, addr, write) {
        const range = new HmmRange();
        fill_fault_range(range, addr, write);
        let ret = yield* hmm_range_register(range, this.mirror, range.start, range.end, PAGE_SHIFT);
        if (ret !== 0)
            return ret;
        // The return value may be ignored: the next hmm_range_fault() tells.
        yield* hmm_range_wait_until_valid(range, HMM_RANGE_DEFAULT_TIMEOUT);
        for (;;) {
            // The walk overwrites the request with its output: ask again on every attempt.
            rearm_fault_range(range, write);
            yield* mmap_read_lock(mm);
            ret = yield* hmm_range_fault(range, true);
            if (ret < 0) {
                // 5.3: hmm_range_fault() never releases mmap_sem (block = true); -EBUSY means invalid.
                yield* mmap_read_unlock(mm);
                if (ret === -EBUSY) {
                    yield* hmm_range_wait_until_valid(range, HMM_RANGE_DEFAULT_TIMEOUT);
                    continue;
                }
                yield* hmm_range_unregister(range);
                return ret;
            }
            yield* mutex_lock(this.update);
            if (this.dying) {
                yield* mutex_unlock(this.update);
                yield* mmap_read_unlock(mm);
                yield* hmm_range_unregister(range);
                return -ENODEV;
            }
            if (!this.skip_valid_check && !(yield* hmm_range_valid(range))) {
                yield* mutex_unlock(this.update);
                yield* mmap_read_unlock(mm);
                continue;
            }
            const pfn = hmm_device_entry_to_pfn(range, range.pfns[0]);
            if (pfn >= 0)
                yield* device_map(this.device, range.start, pfn, (range.pfns[0] & range.flags[HMM_PFN_WRITE]) !== 0n);
            yield* hmm_range_unregister(range);
            yield* mutex_unlock(this.update);
            yield* mmap_read_unlock(mm);
            return pfn >= 0 ? 0 : -EFAULT;
        }
    }
    /**
     * Stop the device's faults, wait for those already running (they hold `teardown` for read),
     * mark the driver dying and zap under the update lock, and only then unregister the mirror:
     * after that nothing keeps the hmm or the mm struct alive for a fault still in flight.
     */
    *unbind() {
        yield* device_unbind(this.device);
        if (!this.bugs.no_unbind_fence)
            yield* down_write(this.teardown);
        yield* mutex_lock(this.update);
        this.dying = true;
        yield* device_zap_all(this.device);
        yield* mutex_unlock(this.update);
        if (!this.bugs.no_unbind_fence)
            yield* up_write(this.teardown);
        yield* hmm_mirror_unregister(this.mirror);
    }
    /** The driver frees the structure embedding the mirror (after unbind). */
    destroy() {
        trace(`${this.__label}: freed by the driver`);
        kfree(this, 'driver_destroy');
    }
}
function drv_of(mirror) {
    return kasan_check(mirror.container, 'mirror_ops');
}
function* v53_sync_cpu_device_pagetables(mirror, update) {
    const drv = drv_of(mirror);
    if (update.blockable)
        yield* mutex_lock(drv.update);
    else if (!(yield* mutex_trylock(drv.update)))
        return -EAGAIN;
    yield* device_zap(drv.device, update.start, update.end);
    yield* mutex_unlock(drv.update);
    return 0;
}
function* v53_release(mirror) {
    const drv = drv_of(mirror);
    yield* mutex_lock(drv.update);
    yield* device_zap_all(drv.device);
    yield* mutex_unlock(drv.update);
}
const v53_mirror_ops = {
    release: v53_release,
    sync_cpu_device_pagetables: v53_sync_cpu_device_pagetables,
};
void EFAULT;
