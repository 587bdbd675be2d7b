/*
 * oom-lost-eagain — reference/hmm-design.md §4.12 (b) (v4 12 "Fix error flows in
 * hmm_invalidate_range_start").
 *
 *   gpu0        maps page 0 of the private anonymous area (set-up), then faults a page of a
 *               shared mapping (which the reaper leaves alone): the driver holds drv->update
 *               while it programs the device.
 *   oom_reaper  non-blockable invalidate_range_start over the whole VMA: the driver's
 *               sync_cpu_device_pagetables cannot take drv->update and answers -EAGAIN; 5.2
 *               stores it in a local `ret` that shadows the function's and returns 0. The
 *               reaper believes every device let go and unmaps; the mmu_gather frees page 0,
 *               which gpu0 still maps [5.2].
 * v5.2: device-use-after-free. v5.3: -EAGAIN reaches the reaper, which skips the VMA (and
 * the start callback restores notifiers): clean.
 */
import { spawn } from '../../kernel/index.js';
import { MAP_ANONYMOUS, MAP_POPULATE, MAP_SHARED, PAGE_SIZE, PROT_READ, PROT_WRITE, oom_reap_task_mm, sys_mmap } from '../../mm/index.js';
import { device_access } from '../../drivers/device.js';
import { clean, violation } from '../types.js';
import { world_init } from './world.js';
function* oom_reaper(w) {
    yield* oom_reap_task_mm(w.mm);
}
function* gpu0(w, shared) {
    yield* device_access(w.devs[0], shared, false);
}
function* init(design) {
    const w = yield* world_init(design, 1, 1, [[0, 0, false]]);
    const shared = yield* sys_mmap(w.task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_POPULATE);
    spawn('oom_reaper', () => oom_reaper(w));
    spawn('gpu0', () => gpu0(w, shared));
}
export const oomLostEagain = {
    name: 'oom-lost-eagain',
    group: 'races',
    description: '§4.12b: -EAGAIN from a mirror is swallowed; the OOM reaper frees pages the device maps',
    designs: { 'v5.2': violation('device-use-after-free'), 'v5.3': clean(), 'v6': clean() },
    setup(design) {
        spawn('init', () => init(design));
    },
};
