/*
 * Soft-dirty tracking (fs/proc/task_mmu.c): writing "4" to /proc/<pid>/clear_refs
 * (CLEAR_REFS_SOFT_DIRTY) clears the soft-dirty bit of every present entry and write-protects
 * it, inside one MMU_NOTIFY_SOFT_DIRTY invalidation of the whole address space, so the next
 * store to each page faults and sets the bit again; /proc/<pid>/pagemap reports the bit.
 * Hugetlb mappings are left alone.
 *
 * Locking: mmap_lock for write (the kernel also resets VM_SOFTDIRTY there), downgraded to read
 * for the walk; each entry cleared is a step of its own.
 */
import { cur, lone_point } from '../kernel/index.js';
import { PAGE_SIZE, PMD_SIZE, TASK_SIZE, VM_HUGETLB } from './constants.js';
import { mmap_read_unlock, mmap_write_downgrade, mmap_write_lock } from './mm_struct.js';
import { MMU_NOTIFY_SOFT_DIRTY, mmu_notifier_invalidate_range_end, mmu_notifier_invalidate_range_start, mmu_notifier_range_init } from './mmu_notifier.js';
import { assert_invalidating, PmdLeaf, pte_note, pte_op, PteTable, PTE_SOFT_DIRTY, PTE_WRITE, pmd_index, pte_index } from './pgtable.js';
/** clear_refs type for soft-dirty bits. */
export const CLEAR_REFS_SOFT_DIRTY = 4;
/** Entries whose soft-dirty bit was cleared. */
export function* clear_refs_soft_dirty(mm) {
    yield* mmap_write_lock(mm);
    yield* mmap_write_downgrade(mm);
    const range = mmu_notifier_range_init(MMU_NOTIFY_SOFT_DIRTY, 0, null, mm, 0, TASK_SIZE);
    yield* mmu_notifier_invalidate_range_start(range);
    let n = 0;
    for (const vma of mm.mmap) {
        if (vma.vm_flags & VM_HUGETLB)
            continue;
        for (let a = vma.vm_start - (vma.vm_start % PMD_SIZE); a < vma.vm_end; a += PMD_SIZE) {
            const e0 = mm.pmd.get(a / PMD_SIZE);
            if (e0 instanceof PmdLeaf) {
                if (e0.kind !== 1 /* PteKind.Present */ || a < vma.vm_start)
                    continue;
                if (cur.record)
                    pte_note('clear_soft_dirty_pmd', mm, a);
                if (!lone_point())
                    yield;
                pte_op(mm, a);
            }
            const e = mm.pmd.get(a / PMD_SIZE);
            if (e instanceof PmdLeaf) {
                if (e.kind !== 1 /* PteKind.Present */ || a < vma.vm_start)
                    continue;
                if (e.flags & PTE_WRITE)
                    assert_invalidating(mm, a, a + PMD_SIZE, 'clear_soft_dirty_pmd');
                e.flags &= ~(PTE_WRITE | PTE_SOFT_DIRTY);
                n++;
            }
            else if (e instanceof PteTable) {
                const i0 = Math.max(0, (vma.vm_start - a) / PAGE_SIZE);
                const i1 = Math.min(512, (vma.vm_end - a) / PAGE_SIZE);
                for (let i = i0; i < i1; i++) {
                    if (e.kind[i] !== 1 /* PteKind.Present */)
                        continue;
                    if (cur.record)
                        pte_note('clear_soft_dirty', mm, a + i * PAGE_SIZE);
                    if (!lone_point())
                        yield;
                    pte_op(mm, a + i * PAGE_SIZE);
                    if (e.kind[i] !== 1 /* PteKind.Present */)
                        continue;
                    const f = e.flags[i];
                    if (f & PTE_WRITE)
                        assert_invalidating(mm, a + i * PAGE_SIZE, a + (i + 1) * PAGE_SIZE, 'clear_soft_dirty');
                    e.flags[i] = f & ~(PTE_WRITE | PTE_SOFT_DIRTY);
                    n++;
                }
            }
        }
    }
    yield* mmu_notifier_invalidate_range_end(range);
    yield* mmap_read_unlock(mm);
    return n;
}
/** The soft-dirty bit of the entry mapping `addr` (pagemap bit 55); false when nothing maps it. */
export function pagemap_soft_dirty(mm, addr) {
    const e = mm.pmd.get(pmd_index(addr));
    if (e instanceof PmdLeaf)
        return e.kind === 1 /* PteKind.Present */ && (e.flags & PTE_SOFT_DIRTY) !== 0;
    if (!(e instanceof PteTable))
        return false;
    const i = pte_index(addr);
    return e.kind[i] === 1 /* PteKind.Present */ && (e.flags[i] & PTE_SOFT_DIRTY) !== 0;
}
