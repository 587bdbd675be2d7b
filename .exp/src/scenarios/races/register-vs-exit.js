/*
 * register-vs-exit — reference/hmm-design.md §4.7 (v4 07 "Hold on to the mmget for the
 * lifetime of the range"; RFC 05 "Improve locking around hmm->dead").
 *
 *   gpu0     device fault on page A: hmm_range_register (checks hmm->dead: false), faults A,
 *            has its pfns, is about to take the driver lock and check hmm_range_valid().
 *   reclaim  reclaim of an unrelated page C: invalidate_range_start (notifiers = 1) ...
 *   proc     exits: hmm_release sets dead, marks every range invalid, calls the driver's
 *            ->release (which zaps the device); exit_mmap will unmap everything next.
 *   reclaim  ... invalidate_range_end: notifiers drops to 0 and *every* range becomes valid
 *            again, including gpu0's, although teardown has begun.
 *   gpu0     takes the lock, sees the range valid, maps A into the device. No invalidation will
 *            ever reach it (the notifier is gone); exit_mmap frees A under the device [5.2].
 * v5.2: stale-device-mapping / device-use-after-free. v5.3: a registered range holds an
 * mmget, so exit_mmap (and hmm_release) cannot start while gpu0's range exists: clean.
 */
import { spawn } from '../../kernel/index.js';
import { PAGE_SIZE, mmdrop, mmgrab, swap_out, sys_exit } from '../../mm/index.js';
import { clean, violation } from '../types.js';
import { gpu_access, page_addr, world_init } from './world.js';
function* gpu0(w) {
    yield* gpu_access(w, 0, 0, false);
}
function* proc_exit(w) {
    yield* sys_exit(w.task);
}
function* reclaim(w) {
    yield* swap_out(w.mm, page_addr(w, 1), page_addr(w, 1) + PAGE_SIZE);
    yield* mmdrop(w.mm);
}
function* init(design) {
    const w = yield* world_init(design, 2, 1);
    // Reclaim works on pages, not on a user of the address space: it only pins the struct.
    yield* mmgrab(w.mm);
    spawn('gpu0', () => gpu0(w));
    spawn('reclaim', () => reclaim(w));
    spawn('proc', () => proc_exit(w));
}
export const registerVsExit = {
    name: 'register-vs-exit',
    group: 'races',
    description: '§4.7: a range re-validated after teardown began; the device maps a page exit_mmap frees',
    designs: { 'v5.2': violation('stale-device-mapping', 'device-use-after-free'), 'v5.3': clean(), 'v6': clean() },
    setup(design) {
        spawn('init', () => init(design));
    },
};
