/*
 * README example: a user's own mirror driver, written against the v5.3 HMM API the way a
 * driver author would, that forgets to check hmm_range_valid() under its lock (step 5 of the
 * documented pattern, reference/hmm-design.md §3.3).
 *
 *   gpu0  device fault on a page: register a range, fault it, take drv->lock, program the
 *         device -- without asking whether the range is still valid.
 *   cpu0  munmap() of that page, between gpu0's fault (it drops mmap_sem after the fault) and
 *         its lock: the sync callback zaps nothing (nothing mapped yet), the CPU frees the page.
 *   gpu0  maps the freed page into the device.
 * Expected: device-use-after-free (or a stale mapping). The correct driver is the reference
 * driver (src/drivers/v5/driver_v5_3.ts).
 */
import { KObj, Mutex, mutex_lock, mutex_trylock, mutex_unlock, spawn } from '../../kernel/index.js';
import { EAGAIN, MAP_ANONYMOUS, MAP_POPULATE, MAP_PRIVATE, PAGE_SHIFT, PAGE_SIZE, PROT_READ, PROT_WRITE, mmap_read_lock, mmap_read_unlock, mmap_write_lock, mmap_write_unlock, sys_munmap, sys_mmap, task_create, } from '../../mm/index.js';
import { HmmMirror, HmmRange, hmm_device_entry_to_pfn, hmm_mirror_register, hmm_range_fault, hmm_range_register, hmm_range_unregister, hmm_range_wait_until_valid, } from '../../hmm/v5.3/hmm.js';
import { device_access, device_bind, device_create, device_map, device_zap, device_zap_all } from '../../drivers/device.js';
import { violation } from '../types.js';
/** The user's driver: one mirror, one lock, one device. */
class MyDriver extends KObj {
    dev;
    mm;
    lock = new Mutex('mydrv->lock', this);
    mirror = new HmmMirror(myOps, this);
    constructor(dev, mm) {
        super('mydrv');
        this.dev = dev;
        this.mm = mm;
    }
    *fault(_dev, addr, write) {
        const range = new HmmRange();
        range.start = addr - (addr % PAGE_SIZE);
        range.end = range.start + PAGE_SIZE;
        range.pfns = new BigUint64Array([write ? 3n : 1n]);
        range.flags = [1n, 2n, 4n];
        range.values = [8n, 0n, 16n];
        range.pfn_flags_mask = ~0n;
        range.pfn_shift = 6;
        let ret = yield* hmm_range_register(range, this.mirror, range.start, range.end, PAGE_SHIFT);
        if (ret)
            return ret;
        for (;;) {
            yield* hmm_range_wait_until_valid(range, 1000);
            yield* mmap_read_lock(this.mm);
            ret = yield* hmm_range_fault(range, true);
            yield* mmap_read_unlock(this.mm);
            if (ret === -16)
                continue;
            break;
        }
        if (ret < 0) {
            yield* hmm_range_unregister(range);
            return ret;
        }
        yield* mutex_lock(this.lock);
        // BUG: no `if (!hmm_range_valid(&range)) { unlock; goto again; }` here.
        yield* device_map(this.dev, range.start, hmm_device_entry_to_pfn(range, range.pfns[0]), write);
        yield* mutex_unlock(this.lock);
        yield* hmm_range_unregister(range);
        return 0;
    }
}
function* my_sync(mirror, update) {
    const drv = mirror.container;
    if (update.blockable)
        yield* mutex_lock(drv.lock);
    else if (!(yield* mutex_trylock(drv.lock)))
        return -EAGAIN;
    yield* device_zap(drv.dev, update.start, update.end);
    yield* mutex_unlock(drv.lock);
    return 0;
}
function* my_release(mirror) {
    const drv = mirror.container;
    yield* mutex_lock(drv.lock);
    yield* device_zap_all(drv.dev);
    yield* mutex_unlock(drv.lock);
}
const myOps = { release: my_release, sync_cpu_device_pagetables: my_sync };
function* gpu0(dev, addr) {
    yield* device_access(dev, addr, false);
}
function* cpu0(task, addr) {
    yield* sys_munmap(task, addr, PAGE_SIZE);
}
function* init() {
    const task = task_create('app');
    const mm = task.mm;
    const addr = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE);
    const dev = device_create('gpu0');
    const drv = new MyDriver(dev, mm);
    yield* mmap_write_lock(mm);
    yield* hmm_mirror_register(drv.mirror, mm);
    yield* mmap_write_unlock(mm);
    yield* device_bind(dev, mm, drv);
    spawn('gpu0', () => gpu0(dev, addr));
    spawn('cpu0', () => cpu0(task, addr));
}
export const forgotValidCheck = {
    name: 'example-forgot-valid-check',
    group: 'examples',
    description: 'README example: a v5.3 driver that programs the device without hmm_range_valid() under its lock',
    designs: { 'v5.3': violation('device-use-after-free', 'stale-device-mapping') },
    setup() {
        spawn('init', init);
    },
};
