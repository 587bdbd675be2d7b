/*
 * Group `v6`: today's contract (mmu_interval_notifier + hmm_range_fault) with the v6
 * reference driver on the simulated device, and what happens when a driver breaks one of its
 * rules.
 *
 * Every scenario starts with one `init` thread (the process: mmap, touch its pages, open the
 * device and bind the driver), which then spawns the actors. While init is alone nothing can
 * interleave with it, so it adds steps but no schedules to explore.
 */
import { check, kmalloc, spawn } from '../../kernel/index.js';
import { EAGAIN } from '../../mm/errno.js';
import { oom_reap_task_mm } from '../../mm/oom_kill.js';
import { device_access, device_create, device_nr_entries } from '../../drivers/device.js';
import { V6MirrorDriver } from '../../drivers/v6/driver_v6.js';
import { MmuIntervalNotifier, mmu_interval_notifier_insert, mmu_interval_notifier_remove, mmu_interval_read_begin, mmu_interval_read_retry, mmu_interval_set_seq, mmu_itree_state, } from '../../mm/interval_notifier.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, oom_kill_mm, PAGE_SIZE, PROT_READ, PROT_WRITE, sys_exit, sys_fork, sys_madvise, MADV_DONTNEED, MmuNotifier, mmu_notifier_range_blockable, mmu_notifier_register, sys_mmap, sys_mprotect, sys_munmap, task_create, user_write_u8, } from '../../mm/index.js';
import { clean, everyExecution, violation } from '../types.js';
/** The process maps `pages` RW anonymous pages, writes each, and binds the v6 driver. */
export function* v6_init(pages, bugs, actors, fork = false) {
    const task = task_create('proc');
    const mm = task.mm;
    const addr = yield* sys_mmap(task, 0, pages * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    check(addr > 0, 'mmap succeeded');
    for (let i = 0; i < pages; i++)
        yield* user_write_u8(task, addr + i * PAGE_SIZE, i + 1);
    const dev = device_create('gpu0');
    const drv = new V6MirrorDriver(dev, bugs);
    check((yield* drv.bind(mm)) === 0, 'driver bound');
    // A child shares the pages copy-on-write, so dropping the parent's PTE does not free them.
    if (fork)
        yield* sys_fork(task);
    actors({ task, mm, addr, dev, drv });
}
/* ---- actors ------------------------------------------------------------------------------ */
function* cpu_mprotect_ro(w) {
    check((yield* sys_mprotect(w.task, w.addr, PAGE_SIZE, PROT_READ)) === 0, 'mprotect succeeded');
}
function* cpu_munmap(w) {
    check((yield* sys_munmap(w.task, w.addr, PAGE_SIZE)) === 0, 'munmap succeeded');
}
function* cpu_dontneed(w) {
    check((yield* sys_madvise(w.task, w.addr, PAGE_SIZE, MADV_DONTNEED)) === 0, 'madvise succeeded');
}
function* gpu_access(w, write) {
    yield* device_access(w.dev, w.addr, write);
}
function* gpu_access_then_close(w) {
    yield* device_access(w.dev, w.addr, false);
    yield* device_access(w.dev, w.addr + PAGE_SIZE, true);
    yield* w.drv.unbind();
    check(device_nr_entries(w.dev) === 0, 'no device mapping after unbind');
}
function* process_exit(w) {
    yield* sys_exit(w.task);
}
function* oom_killer(w) {
    yield* oom_kill_mm(w.mm, 1);
}
/** A second subscriber that comes and goes while the CPU invalidates. */
const secondOps = { invalidate: second_invalidate };
function* second_invalidate(mni, _range, cur_seq) {
    yield* mmu_interval_set_seq(mni, cur_seq);
    return true;
}
function* subscriber(w) {
    const mni = new MmuIntervalNotifier(secondOps);
    check((yield* mmu_interval_notifier_insert(mni, w.mm, w.addr, PAGE_SIZE, secondOps)) === 0, 'insert succeeded');
    const seq = yield* mmu_interval_read_begin(mni);
    // Nothing is mapped from it; read_retry just has to be consistent with set_seq (I4).
    yield* mmu_interval_read_retry(mni, seq);
    yield* mmu_interval_notifier_remove(mni);
    const st = mmu_itree_state(w.mm);
    check(st.registered + st.deferred >= 1, 'the driver subscription is still registered or queued');
}
/* ---- actor sets (module-level so no closure is made per execution) ----------------------- */
function deferredActors(w) {
    spawn('cpu', () => cpu_mprotect_ro(w));
    spawn('sub', () => subscriber(w));
}
function removeInCallbackActors(w) {
    spawn('cpu', () => cpu_munmap(w));
}
function raceActors(w) {
    spawn('gpu', () => gpu_access(w, true));
    spawn('cpu', () => cpu_mprotect_ro(w));
}
function abaActors(w) {
    spawn('gpu0', () => gpu_access(w, false));
    spawn('cpu0', () => cpu_dontneed(w));
}
function oomActors(w) {
    spawn('gpu', () => gpu_access(w, false));
    spawn('oom', () => oom_killer(w));
}
function exitActors(w) {
    spawn('gpu', () => gpu_access_then_close(w));
    spawn('exit', () => process_exit(w));
}
const NO_BUGS = {};
const BUG_REMOVE_IN_CB = { remove_in_invalidate: true };
const BUG_NO_RETRY = { no_read_retry: true };
const BUG_NO_SET_SEQ = { no_set_seq: true };
const BUG_SLEEP_NONBLOCK = { sleep_in_nonblock: true };
const BUG_MAP_AFTER_UNLOCK = { map_after_unlock: true };
const BUG_INVALIDATE_UNLOCKED = { invalidate_unlocked: true };
/* ---- the scenarios ------------------------------------------------------------------------- */
export const v6DeferredInsertRemove = {
    name: 'v6-deferred-insert-remove',
    group: 'v6',
    description: 'a subscriber inserts, reads and removes an interval notifier while mprotect invalidates: inserts/removes queue while the tree is frozen; clean',
    designs: { v6: clean() },
    setup() {
        spawn('init', () => v6_init(1, NO_BUGS, deferredActors));
    },
};
export const v6RemoveInCallback = {
    name: 'v6-remove-in-callback',
    group: 'v6',
    description: 'the invalidate callback calls mmu_interval_notifier_remove on its own subscription: lockdep sees the invalidate map taken again, and it waits for the invalidation it is part of',
    designs: { v6: everyExecution('deadlock', 'lock-order') },
    setup() {
        spawn('init', () => v6_init(1, BUG_REMOVE_IN_CB, removeInCallbackActors));
    },
};
export const v6NoReadRetry = {
    name: 'v6-no-read-retry',
    group: 'v6',
    description: 'a driver programs the device from hmm_range_fault output without read_retry under its lock, racing mprotect(PROT_READ)',
    designs: { v6: violation('stale-device-mapping') },
    setup() {
        spawn('init', () => v6_init(1, BUG_NO_RETRY, raceActors));
    },
};
export const v6ReadRetry = {
    name: 'v6-read-retry',
    group: 'v6',
    description: 'the same race with the reference driver (read_retry under the lock, then program); clean',
    designs: { v6: clean() },
    setup() {
        spawn('init', () => v6_init(1, NO_BUGS, raceActors));
    },
};
export const v6AbaNoSetSeq = {
    name: 'v6-aba-no-set-seq',
    group: 'v6',
    description: 'invalidate-aba on v6 with a callback that zaps but never calls mmu_interval_set_seq: read_retry cannot see the whole start/end pair, as with v5\'s bool',
    designs: { v6: violation('stale-device-mapping') },
    setup() {
        spawn('init', () => v6_init(1, BUG_NO_SET_SEQ, abaActors, true));
    },
};
export const v6OomSleep = {
    name: 'v6-oom-nonblock-sleep',
    group: 'v6',
    description: 'the invalidate callback takes its mutex with mutex_lock on the OOM reaper\'s non-blockable range',
    designs: { v6: violation('sleep-in-atomic') },
    setup() {
        spawn('init', () => v6_init(1, BUG_SLEEP_NONBLOCK, oomActors));
    },
};
export const v6OomTrylock = {
    name: 'v6-oom-nonblock-trylock',
    group: 'v6',
    description: 'the reference callback uses mutex_trylock on a non-blockable range and returns false when contended; the reaper retries; clean',
    designs: { v6: clean() },
    setup() {
        spawn('init', () => v6_init(1, NO_BUGS, oomActors));
    },
};
export const v6ExitDuringFault = {
    name: 'v6-exit-during-fault',
    group: 'v6',
    description: 'the process exits while device faults are in flight; the driver pins the mm with mmget_not_zero, release zaps the device; clean',
    designs: { v6: clean() },
    setup() {
        spawn('init', () => v6_init(2, NO_BUGS, exitActors));
    },
};
export const v6MapAfterUnlock = {
    name: 'v6-map-after-unlock',
    group: 'v6',
    description: 'a driver checks read_retry under its lock but programs the device after mutex_unlock: an invalidation falls in between',
    designs: { v6: violation('stale-device-mapping') },
    setup() {
        spawn('init', () => v6_init(1, BUG_MAP_AFTER_UNLOCK, raceActors));
    },
};
export const v6InvalidateUnlocked = {
    name: 'v6-invalidate-unlocked',
    group: 'v6',
    description: 'an invalidate callback that calls set_seq and zaps without the driver lock: it runs between read_retry and the programming',
    designs: { v6: violation('stale-device-mapping') },
    setup() {
        spawn('init', () => v6_init(1, BUG_INVALIDATE_UNLOCKED, raceActors));
    },
};
/* ---- found by hmmsim: the OOM reaper, the interval tree and a refusing classic notifier ---- */
/** A classic notifier that refuses every non-blockable start and has no end (nouveau's svmm). */
const refusingOps = {
    *invalidate_range_start(_sub, range) {
        return mmu_notifier_range_blockable(range) ? 0 : -EAGAIN;
    },
};
function* oom_then_fault(w) {
    check((yield* mmu_notifier_register(kmalloc(new MmuNotifier(refusingOps)), w.mm)) === 0, 'classic notifier registered');
    // The reaper gives up on the VMA (-EAGAIN); then the device faults the page again.
    yield* oom_reap_task_mm(w.mm);
    yield* device_access(w.dev, w.addr, false);
}
function oomClassicActors(w) {
    spawn('oom', () => oom_then_fault(w));
}
function* oom_classic_init() {
    yield* v6_init(1, NO_BUGS, oomClassicActors);
}
export const v6OomItreeClassicEagain = {
    name: 'v6-oom-itree-classic-eagain',
    group: 'v6',
    description: "found by hmmsim, not confirmed on a running kernel: the OOM reaper's non-blockable start succeeds on the interval tree, a classic notifier refuses with -EAGAIN, and nobody ends the interval tree: the device's next fault waits forever in mmu_interval_read_begin",
    designs: { v6: everyExecution('deadlock', 'livelock') },
    setup() {
        spawn('init', () => oom_classic_init());
    },
};
export const v6Scenarios = [
    v6DeferredInsertRemove,
    v6OomItreeClassicEagain,
    v6RemoveInCallback,
    v6NoReadRetry,
    v6ReadRetry,
    v6AbaNoSetSeq,
    v6OomSleep,
    v6OomTrylock,
    v6ExitDuringFault,
    v6MapAfterUnlock,
    v6InvalidateUnlocked,
];
