/*
 * mremap-vs-fault — a negative control for §4.13: the process moves its buffer with mremap(2)
 * while a device faults on it. Unlike page migration or MADV_DONTNEED (migrate-aba,
 * invalidate-aba), mremap holds the mmap_lock for write, and every design's fault path holds
 * it for read from its page-table read to programming the device, so the move cannot fall
 * between the two: there is no ABA window.
 *
 *   gpu0   device read fault on page 0 (mmap_lock read: hmm_range_fault, valid check, map).
 *   cpu    mremap(MAYMOVE|FIXED): mmap_lock write; UNMAP invalidation of the old range while
 *          the PTE moves (the driver zaps its entry), then the munmap of the old range.
 * Either order ends with the device mapping nothing stale: before the move it mapped the page
 * and the invalidation removed it; after the move its fault finds no VMA (-EFAULT). The buffer
 * moves to a lower address, so after the move no VMA lies above the old one: on 5.2/5.3 a
 * fault in a hole with a VMA after it walks the hole without a VMA and oopses, which is a
 * different bug, shown by range-starts-in-hole.
 * v5.2, v5.3 and v6: clean.
 */
import { check, spawn } from '../../kernel/index.js';
import { EFAULT, MREMAP_FIXED, MREMAP_MAYMOVE, PAGE_SIZE, sys_mremap } from '../../mm/index.js';
import { clean } from '../types.js';
import { gpu_access, page_addr, world_init } from './world.js';
function* gpu0(w) {
    const r = yield* gpu_access(w, 0, 0, false);
    // Before the move the fault succeeds; after it the old address maps nothing.
    check(r === 0 || r === -EFAULT, `device read fault failed with ${r}`);
}
function* cpu(w) {
    const to = page_addr(w, 0) - 64 * PAGE_SIZE;
    const r = yield* sys_mremap(w.task, page_addr(w, 0), PAGE_SIZE, PAGE_SIZE, MREMAP_MAYMOVE | MREMAP_FIXED, to);
    check(r === to, `mremap returned ${r}`);
}
function* init(design) {
    const w = yield* world_init(design, 1, 1);
    spawn('gpu0', () => gpu0(w));
    spawn('cpu', () => cpu(w));
}
export const mremapVsFault = {
    name: 'mremap-vs-fault',
    group: 'races',
    description: 'negative control for §4.13: mremap takes mmap_lock for write, so it cannot fall inside a device fault',
    designs: {
        'v5.2': clean(),
        'v5.3': clean(),
        v6: clean(),
    },
    setup(design) {
        spawn('init', () => init(design));
    },
};
