/*
 * invalidate-aba — reference/hmm-design.md §4.13 (the open issue the series left, fixed only
 * by the interval notifier's sequence count in 5.5).
 *
 *   (set-up) the process forks: page A is shared copy-on-write with the child.
 *   gpu0  device read fault on A: range valid, hmm_range_fault fills pfns with A's page P.
 *   cpu0  madvise(MADV_DONTNEED) on A (mmap_sem for read only): invalidate_range_start
 *         (range invalid, the driver zaps nothing yet), the CPU drops its PTE, _end: notifiers
 *         back to 0, so range->valid is true again. The whole start/end pair fell between
 *         gpu0's page-table read and its check.
 *   gpu0  takes drv->update: hmm_range_valid() is true (a bool cannot tell that something
 *         happened), maps P. The parent no longer maps P there (the child still does, so P
 *         lives): a stale device mapping.
 * v5.2 and v5.3: stale-device-mapping (the v6 design fixes it).
 */
import { spawn } from '../../kernel/index.js';
import { MADV_DONTNEED, PAGE_SIZE, sys_fork, sys_madvise } from '../../mm/index.js';
import { clean, violation } from '../types.js';
import { gpu_access, page_addr, world_init } from './world.js';
function* gpu0(w) {
    yield* gpu_access(w, 0, 0, false);
}
function* cpu0(w) {
    yield* sys_madvise(w.task, page_addr(w, 0), PAGE_SIZE, MADV_DONTNEED);
}
function* init(design) {
    const w = yield* world_init(design, 1, 1);
    yield* sys_fork(w.task);
    spawn('gpu0', () => gpu0(w));
    spawn('cpu0', () => cpu0(w));
}
export const invalidateAba = {
    name: 'invalidate-aba',
    group: 'races',
    description: '§4.13: a whole invalidate start/end pair between the fault and the valid check',
    designs: { 'v5.2': violation('stale-device-mapping'), 'v5.3': violation('stale-device-mapping'), 'v6': clean() },
    setup(design) {
        spawn('init', () => init(design));
    },
};
