/*
 * The OOM reaper (mm/oom_kill.c): tear down the anonymous and private memory of an OOM
 * victim's mm without waiting for it to exit. Per VMA (not hugetlb, not PFNMAP) it opens a
 * non-blockable MMU_NOTIFY_UNMAP invalidation; if a notifier answers -EAGAIN the VMA is
 * skipped (and no end is called), and the reaper tries again later.
 *
 * Locking and lifetime: the reaper holds an mmgrab (mm_count) from mark_oom_victim, takes the
 * mmap_lock for read with a trylock, and stops once MMF_OOM_SKIP is set (exit_mmap did the
 * work). Callbacks run in a non_block_start() section: sleeping there is reported.
 */
import { kthread_run, msleep } from '../kernel/index.js';
import { MMF_OOM_SKIP, MMF_OOM_VICTIM, MMF_UNSTABLE, VM_HUGETLB, VM_PFNMAP, VM_SHARED } from './constants.js';
import { tlb_finish_mmu, tlb_gather_mmu, unmap_page_range } from './memory.js';
import { mmap_read_trylock, mmap_read_unlock, mmdrop, mmgrab } from './mm_struct.js';
import { MMU_NOTIFY_UNMAP, mmu_notifier_invalidate_range_end, mmu_notifier_invalidate_range_start_nonblock, mmu_notifier_range_init } from './mmu_notifier.js';
import { vma_is_anonymous } from './vma.js';
/** __oom_reap_task_mm(): false if some VMA had to be skipped (-EAGAIN). */
export function* __oom_reap_task_mm(mm) {
    let ret = true;
    mm.flags |= MMF_UNSTABLE;
    for (const vma of mm.mmap.slice()) {
        if (vma.vm_flags & (VM_HUGETLB | VM_PFNMAP))
            continue;
        if (!(vma_is_anonymous(vma) || (vma.vm_flags & VM_SHARED) === 0))
            continue;
        const range = mmu_notifier_range_init(MMU_NOTIFY_UNMAP, 0, vma, mm, vma.vm_start, vma.vm_end);
        const tlb = tlb_gather_mmu(mm);
        if ((yield* mmu_notifier_invalidate_range_start_nonblock(range)) !== 0) {
            yield* tlb_finish_mmu(tlb);
            ret = false;
            continue;
        }
        yield* unmap_page_range(tlb, vma, vma.vm_start, vma.vm_end);
        yield* mmu_notifier_invalidate_range_end(range);
        yield* tlb_finish_mmu(tlb);
    }
    return ret;
}
/** oom_reap_task_mm(): one attempt; false means "try again later". */
export function* oom_reap_task_mm(mm) {
    if (!(yield* mmap_read_trylock(mm)))
        return false;
    let ret = true;
    if ((mm.flags & MMF_OOM_SKIP) === 0)
        ret = yield* __oom_reap_task_mm(mm);
    yield* mmap_read_unlock(mm);
    return ret;
}
/** oom_reap_task(): up to `attempts` tries, sleeping 100 ms between; then MMF_OOM_SKIP. */
export function* oom_reap_task(mm, attempts = 10) {
    let ok = false;
    for (let i = 0; i < attempts && !ok; i++) {
        ok = yield* oom_reap_task_mm(mm);
        if (!ok && i + 1 < attempts)
            yield* msleep(100);
    }
    mm.flags |= MMF_OOM_SKIP;
    return ok;
}
/**
 * mark_oom_victim() + wake_oom_reaper(): pin the struct (mmgrab) and start the reaper thread
 * "oom_reaper", which reaps and then mmdrops. Returns the thread.
 */
export function* oom_kill_mm(mm, attempts = 10) {
    mm.flags |= MMF_OOM_VICTIM;
    yield* mmgrab(mm);
    return yield* kthread_run('oom_reaper', function* oom_reaper() {
        yield* oom_reap_task(mm, attempts);
        yield* mmdrop(mm);
    });
}
