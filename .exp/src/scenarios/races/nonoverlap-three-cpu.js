/*
 * nonoverlap-three-cpu — reference/hmm-design.md §4.13, Jérôme Glisse's three-CPU case.
 *
 *   cpu1  is in the middle of an invalidation of page A (zap_page_range: start done, PTE not
 *         yet cleared; mmap_sem held for read). Meanwhile:
 *   gpu0  faults A: its range is registered while notifiers > 0, so it is invalid; it waits.
 *   cpu2  madvise(MADV_DONTNEED) on the unrelated page B: a complete start/end pair. Its end
 *         decrements notifiers to 1, not 0: gpu0's range stays invalid (the counter is what
 *         makes the bool safe here).
 *   cpu1  clears A, ends: notifiers 0, gpu0's range valid, it faults the new state.
 * Were cpu2's end to re-validate the range, gpu0 would map the old page of A and cpu1's end
 * would find it stale. v5.2 and v5.3: clean.
 */
import { kthread_run, spawn } from '../../kernel/index.js';
import { MADV_DONTNEED, MMU_NOTIFY_CLEAR, PAGE_SIZE, find_vma, mmap_read_lock, mmap_read_unlock, mmu_notifier_invalidate_range_end, mmu_notifier_invalidate_range_start, mmu_notifier_range_init, sys_madvise, tlb_finish_mmu, tlb_gather_mmu, unmap_page_range, } from '../../mm/index.js';
import { clean } from '../types.js';
import { gpu_access, page_addr, world_init } from './world.js';
function* gpu0(w) {
    yield* gpu_access(w, 0, 0, false);
}
function* cpu2(w) {
    yield* sys_madvise(w.task, page_addr(w, 1), PAGE_SIZE, MADV_DONTNEED);
}
/** zap_page_range_single() on page A, with the other CPUs started inside its bracket. */
function* cpu1(w) {
    const a = page_addr(w, 0);
    yield* mmap_read_lock(w.mm);
    const vma = find_vma(w.mm, a);
    const range = mmu_notifier_range_init(MMU_NOTIFY_CLEAR, 0, vma, w.mm, a, a + PAGE_SIZE);
    const tlb = tlb_gather_mmu(w.mm);
    yield* mmu_notifier_invalidate_range_start(range);
    yield* kthread_run('gpu0', () => gpu0(w));
    yield* kthread_run('cpu2', () => cpu2(w));
    yield* unmap_page_range(tlb, vma, a, a + PAGE_SIZE);
    yield* mmu_notifier_invalidate_range_end(range);
    yield* mmap_read_unlock(w.mm);
    yield* tlb_finish_mmu(tlb);
}
function* init(design) {
    const w = yield* world_init(design, 2, 1);
    spawn('cpu1', () => cpu1(w));
}
export const nonoverlapThreeCpu = {
    name: 'nonoverlap-three-cpu',
    group: 'races',
    description: '§4.13: an unrelated start/end pair during an overlapping invalidation does not re-validate',
    designs: { 'v5.2': clean(), 'v5.3': clean(), 'v6': clean() },
    setup(design) {
        spawn('init', () => init(design));
    },
};
