/*
 * hmm-free-vs-notifier — reference/hmm-design.md §4.1 (v4 01 "fix use after free with struct
 * hmm in the mmu notifiers").
 *
 *   cpu0    madvise(MADV_DONTNEED) on the mirrored page: the notifier core enters its SRCU read
 *           section and takes the list of notifiers [slow secondary MMU, hmm]. The first one
 *           (another driver's notifier) sleeps while its hardware flushes.
 *   unbind  the driver unregisters its (last) mirror: hmm_put -> kref 0 -> hmm_free ->
 *           mmu_notifier_unregister_no_release (unhooks, does not wait) -> kfree(hmm) [5.2].
 *   cpu0    wakes up and calls the next notifier of its list: hmm's, embedded in freed memory.
 * v5.2: KASAN use-after-free. v5.3: hmm_free defers the kfree with mmu_notifier_call_srcu, so
 * the memory lives until cpu0 leaves its SRCU section; hmm_invalidate_range_start's
 * kref_get_unless_zero fails and it returns 0: clean.
 */
import { KObj, msleep, spawn } from '../../kernel/index.js';
import { MADV_DONTNEED, MmuNotifier, PAGE_SIZE, mmu_notifier_register, sys_madvise, task_create } from '../../mm/index.js';
import { clean, violation } from '../types.js';
import { page_addr, world_init } from './world.js';
/** Another secondary MMU whose invalidation waits for its hardware (a sleeping start). */
function* slow_invalidate_start() {
    yield* msleep(1);
    return 0;
}
const slowOps = { invalidate_range_start: slow_invalidate_start };
class SlowMmu extends KObj {
    constructor() {
        super('secondary_mmu');
    }
}
function* cpu0(w) {
    yield* sys_madvise(w.task, page_addr(w, 0), PAGE_SIZE, MADV_DONTNEED);
}
function* unbind(w) {
    yield* w.drivers[0].unbind();
}
function* init(design) {
    // The other notifier registers first, so the core calls it before hmm's.
    const task = task_create('proc');
    const sub = new MmuNotifier(slowOps, new SlowMmu());
    yield* mmu_notifier_register(sub, task.mm);
    const w = yield* world_init(design, 1, 1, [], task);
    spawn('cpu0', () => cpu0(w));
    spawn('unbind', () => unbind(w));
}
export const hmmFreeVsNotifier = {
    name: 'hmm-free-vs-notifier',
    group: 'races',
    description: '§4.1: struct hmm freed while a CPU invalidation is about to call its notifier',
    designs: { 'v5.2': violation('use-after-free'), 'v5.3': clean(), 'v6': clean() },
    setup(design) {
        spawn('init', () => init(design));
    },
};
