/*
 * mremap(2) (mm/mremap.c): shrink a mapping, grow it in place, or move it, with
 * MREMAP_MAYMOVE, MREMAP_FIXED and MREMAP_DONTUNMAP.
 *
 * A move (move_vma) creates the new VMA, then move_page_tables() carries every entry of the
 * old range to the new one inside one MMU_NOTIFY_UNMAP invalidation of the old range: present
 * pages, swap, migration, device-private and device-exclusive entries move as they are (pages
 * keep their refcount and mapcount; present and swap entries get the soft-dirty bit), a THP
 * moves as a PMD when both ends are PMD-aligned and is split otherwise, hugetlb entries move
 * whole. The old range is then unmapped with do_munmap (a second, empty UNMAP invalidation),
 * unless MREMAP_DONTUNMAP keeps the old VMA, now empty.
 *
 * Locking: mmap_lock held for write throughout, so no fault, walk or migration of this mm runs
 * meanwhile; a device mirroring the old range learns of the move only through the invalidation.
 *
 * Not modelled: old_len == 0 (a second mapping of a shared object), mlock accounting.
 */
import { cur, lone_point, ModelError } from '../kernel/index.js';
import { MREMAP_DONTUNMAP, MREMAP_FIXED, MREMAP_MAYMOVE, PAGE_SIZE, PMD_SIZE, PUD_SIZE, TASK_SIZE, VM_DONTEXPAND, VM_HUGETLB, VM_PFNMAP, is_aligned, page_align, } from './constants.js';
import { EFAULT, EINVAL, ENOMEM } from './errno.js';
import { split_huge_pmd } from './huge_memory.js';
import { split_huge_pud } from './memory.js';
import { do_munmap, get_unmapped_area, split_vma, vma_merge } from './mmap.js';
import { mmap_write_lock, mmap_write_unlock } from './mm_struct.js';
import { MMU_NOTIFY_UNMAP, mmu_notifier_invalidate_range_end, mmu_notifier_invalidate_range_start, mmu_notifier_range_init } from './mmu_notifier.js';
import { assert_invalidating, pmd_index, pmd_nr_read, PmdLeaf, pte_alloc, pte_index, pte_note, pte_op, PteTable, PTE_KIND_NAMES, PTE_SOFT_DIRTY, pud_index } from './pgtable.js';
import { vm_area_dup, vma_is_anonymous, vma_link, vma_lookup, vmas_in_range } from './vma.js';
/** The mremap(2) system call for `mm`'s process. Returns the (new) address or a negative errno. */
export function* do_mremap(mm, addr, old_len, new_len, flags, new_addr = 0) {
    if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
        return -EINVAL;
    if (flags & MREMAP_FIXED && !(flags & MREMAP_MAYMOVE))
        return -EINVAL;
    if (flags & MREMAP_DONTUNMAP && (!(flags & MREMAP_MAYMOVE) || old_len !== new_len))
        return -EINVAL;
    if (!is_aligned(addr, PAGE_SIZE))
        return -EINVAL;
    old_len = page_align(old_len);
    new_len = page_align(new_len);
    if (new_len === 0 || old_len === 0)
        return -EINVAL;
    if (flags & MREMAP_FIXED) {
        if (!is_aligned(new_addr, PAGE_SIZE) || new_len > TASK_SIZE || new_addr > TASK_SIZE - new_len)
            return -EINVAL;
        // The source and the destination may not overlap.
        if (addr + old_len > new_addr && new_addr + new_len > addr)
            return -EINVAL;
    }
    yield* mmap_write_lock(mm);
    const r = yield* mremap_locked(mm, addr, old_len, new_len, flags, new_addr);
    yield* mmap_write_unlock(mm);
    return r;
}
/** vma_to_resize() and the size checks of a hugetlb VMA: the VMA, or a negative errno. */
function vma_to_resize(mm, addr, old_len, new_len, new_addr, flags) {
    const vma = vma_lookup(mm, addr);
    if (vma === null)
        return -EFAULT;
    if (vma.vm_flags & VM_HUGETLB) {
        const hs = 2 ** vma.hpage_shift;
        if (!is_aligned(addr, hs) || !is_aligned(old_len, hs) || !is_aligned(new_len, hs))
            return -EINVAL;
        if (flags & MREMAP_FIXED && !is_aligned(new_addr, hs))
            return -EINVAL;
        // The hugetlb reservation cannot be split: no growing.
        if (new_len > old_len)
            return -EINVAL;
    }
    if (old_len > vma.vm_end - addr)
        return -EFAULT;
    if (new_len > old_len && vma.vm_flags & (VM_DONTEXPAND | VM_PFNMAP))
        return -EFAULT;
    if (flags & MREMAP_DONTUNMAP && vma.vm_flags & (VM_DONTEXPAND | VM_PFNMAP))
        return -EINVAL;
    return vma;
}
function* mremap_locked(mm, addr, old_len, new_len, flags, new_addr) {
    const found = vma_to_resize(mm, addr, old_len, new_len, new_addr, flags);
    if (typeof found === 'number')
        return found;
    let vma = found;
    if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) {
        // mremap_to(): make room at the target, drop a tail being shrunk away, then move.
        if (flags & MREMAP_FIXED) {
            const r = yield* do_munmap(mm, new_addr, new_len);
            if (r < 0)
                return r;
        }
        if (old_len > new_len) {
            const r = yield* do_munmap(mm, addr + new_len, old_len - new_len);
            if (r < 0)
                return r;
            old_len = new_len;
        }
        vma = vma_lookup(mm, addr);
        if (vma === null)
            return -EFAULT;
        if (!(flags & MREMAP_FIXED)) {
            new_addr = get_unmapped_area(mm, new_len, move_alignment(vma, new_len));
            if (new_addr < 0)
                return new_addr;
        }
        return yield* move_vma(mm, vma, addr, old_len, new_len, new_addr, (flags & MREMAP_DONTUNMAP) !== 0);
    }
    // Shrinking (or the same size) stays where it is.
    if (old_len >= new_len) {
        if (old_len > new_len) {
            const r = yield* do_munmap(mm, addr + new_len, old_len - new_len);
            if (r < 0)
                return r;
        }
        return addr;
    }
    // Growing in place: the range ends at the VMA's end and what follows is free.
    if (addr + old_len === vma.vm_end && addr + new_len <= TASK_SIZE && vmas_in_range(mm, vma.vm_end, addr + new_len).length === 0) {
        vma.vm_end = addr + new_len;
        vma_merge(mm, vma); // vma_merge_extend(): it may now meet the next VMA
        return addr;
    }
    if (!(flags & MREMAP_MAYMOVE))
        return -ENOMEM;
    new_addr = get_unmapped_area(mm, new_len, move_alignment(vma, new_len));
    if (new_addr < 0)
        return new_addr;
    return yield* move_vma(mm, vma, addr, old_len, new_len, new_addr, false);
}
/** Where get_unmapped_area puts a moved mapping: huge-page size for hugetlb, PMD for large anonymous. */
function move_alignment(vma, len) {
    if (vma.vm_flags & VM_HUGETLB)
        return 2 ** vma.hpage_shift;
    const fa = vma.vm_file?.f_op?.align;
    if (fa !== undefined && len >= fa)
        return fa;
    return vma_is_anonymous(vma) && len >= PMD_SIZE ? PMD_SIZE : PAGE_SIZE;
}
/**
 * move_vma(): [old_addr, old_addr+old_len) of `vma` moves to new_addr, which becomes a VMA of
 * new_len (the part beyond old_len starts empty). Returns new_addr.
 */
function* move_vma(mm, vma, old_addr, old_len, new_len, new_addr, dontunmap) {
    // Cut the moved part out as a VMA of its own (splitting a THP that straddles a cut).
    if (vma.vm_start < old_addr) {
        const r = yield* split_vma(mm, vma, old_addr);
        if (typeof r === 'number')
            return r;
        vma = r;
    }
    if (vma.vm_end > old_addr + old_len) {
        const r = yield* split_vma(mm, vma, old_addr + old_len);
        if (typeof r === 'number')
            return r;
    }
    const nv = vm_area_dup(vma);
    nv.vm_start = new_addr;
    nv.vm_end = new_addr + new_len;
    vma.vm_ops?.open?.(nv);
    vma_link(mm, nv);
    yield* move_page_tables(vma, old_addr, new_addr, old_len);
    if (!dontunmap) {
        const r = yield* do_munmap(mm, old_addr, old_len);
        if (r < 0)
            return r;
    }
    else {
        // The old VMA stays, empty, without its anonymous pages (unlink_anon_vmas).
        vma.anon_vma = null;
    }
    // copy_vma(): the new VMA merges with its neighbours where they agree.
    const at = vma_lookup(mm, new_addr);
    if (at !== null)
        vma_merge(mm, at);
    return new_addr;
}
/**
 * move_page_tables(): carry the entries of [old_addr, old_addr+len) to new_addr, inside an
 * MMU_NOTIFY_UNMAP invalidation of the old range.
 */
export function* move_page_tables(vma, old_addr, new_addr, len) {
    const mm = vma.vm_mm;
    const old_end = old_addr + len;
    const range = mmu_notifier_range_init(MMU_NOTIFY_UNMAP, 0, vma, mm, old_addr, old_end);
    yield* mmu_notifier_invalidate_range_start(range);
    if (vma.vm_flags & VM_HUGETLB)
        yield* move_hugetlb_entries(vma, old_addr, new_addr, len);
    else {
        // A devmap PUD leaf (device-dax) is split, which for DAX clears it: it faults back in at
        // the new place.
        if (mm.pud.size > 0) {
            for (let ku = pud_index(old_addr); ku * PUD_SIZE < old_end; ku++)
                if (mm.pud.get(ku)?.hugetlb === false)
                    yield* split_huge_pud(vma, Math.max(old_addr, ku * PUD_SIZE));
        }
        const delta = new_addr - old_addr;
        for (let a = old_addr; a < old_end;) {
            const k = pmd_index(a);
            const next = Math.min(old_end, (k + 1) * PMD_SIZE);
            let e = mm.pmd.get(k);
            if (e instanceof PmdLeaf) {
                // A whole PMD to a PMD-aligned place moves as one entry; anything else is split first.
                if (a === k * PMD_SIZE && next - a === PMD_SIZE && is_aligned(a + delta, PMD_SIZE)) {
                    assert_invalidating(mm, a, next, 'move_huge_pmd');
                    // Two steps, as the kernel's two stores: clear the old entry, then set the new one.
                    yield* entry_point('move_huge_pmd', mm, a);
                    mm.pmd.delete(k);
                    yield* entry_point('move_huge_pmd', mm, a + delta);
                    drop_empty_table(mm, pmd_index(a + delta));
                    mm.pmd.set(pmd_index(a + delta), e);
                    e.flags |= PTE_SOFT_DIRTY;
                    a = next;
                    continue;
                }
                yield* split_huge_pmd(vma, a);
                e = mm.pmd.get(k);
                // split_huge_pmd splits every kind of non-hugetlb PMD entry: a leaf left here would be lost.
                if (e instanceof PmdLeaf)
                    throw new ModelError(`move_page_tables: cannot move a ${PTE_KIND_NAMES[e.kind]} PMD entry to an unaligned address`);
            }
            if (e instanceof PteTable)
                yield* move_ptes(mm, e, a, next, delta);
            a = next;
        }
    }
    yield* mmu_notifier_invalidate_range_end(range);
}
/** The scheduling point and visible operation of one entry change (a nested step). */
function* entry_point(op, mm, addr) {
    if (cur.record)
        pte_note(op, mm, addr);
    if (!lone_point())
        yield;
    pte_op(mm, addr);
}
/**
 * move_ptes(): the PTEs of [start, end) (inside one PTE table) move by `delta`. Each move is
 * two steps, as the kernel's get-and-clear of the old entry and store of the new one.
 */
function* move_ptes(mm, t, start, end, delta) {
    for (let a = start; a < end; a += PAGE_SIZE) {
        const i = pte_index(a);
        if (t.kind[i] === 0 /* PteKind.None */)
            continue;
        yield* entry_point('move_ptes', mm, a);
        const kd = t.kind[i];
        if (kd === 0 /* PteKind.None */)
            continue;
        assert_invalidating(mm, a, a + PAGE_SIZE, 'move_ptes');
        const f = t.flags[i];
        const v = t.val[i];
        t.kind[i] = 0 /* PteKind.None */;
        t.flags[i] = 0;
        t.val[i] = 0;
        t.nr--;
        yield* entry_point('move_ptes', mm, a + delta);
        const dst = pte_alloc(mm, a + delta);
        if (dst === null)
            throw new ModelError(`move_ptes: a huge entry already maps 0x${(a + delta).toString(16)}`);
        const j = pte_index(a + delta);
        if (dst.kind[j] === 0 /* PteKind.None */)
            dst.nr++;
        dst.kind[j] = kd;
        dst.flags[j] = kd === 1 /* PteKind.Present */ || kd === 3 /* PteKind.Swap */ ? f | PTE_SOFT_DIRTY : f;
        dst.val[j] = v;
    }
    const k = pmd_index(start);
    pmd_nr_read(mm, k * PMD_SIZE);
    if (t.nr === 0 && mm.pmd.get(k) === t)
        mm.pmd.delete(k);
}
/** An empty PTE table left at a PMD slot a huge entry is about to take. */
function drop_empty_table(mm, k) {
    const e = mm.pmd.get(k);
    if (e instanceof PteTable) {
        if (e.nr !== 0)
            throw new Error(`move_huge_pmd: the target PMD ${k} still maps ${e.nr} entries`);
        mm.pmd.delete(k);
    }
}
/** move_hugetlb_page_tables(): hugetlb entries (PMD or PUD size) move whole, two steps each. */
function* move_hugetlb_entries(vma, old_addr, new_addr, len) {
    const mm = vma.vm_mm;
    const hs = 2 ** vma.hpage_shift;
    const pud = hs > PMD_SIZE;
    for (let a = old_addr; a < old_addr + len; a += hs) {
        const to = a + (new_addr - old_addr);
        if (pud) {
            if (mm.pud.get(pud_index(a)) === undefined)
                continue;
            yield* entry_point('move_huge_pte', mm, a);
            const e = mm.pud.get(pud_index(a));
            if (e === undefined)
                continue;
            assert_invalidating(mm, a, a + hs, 'move_hugetlb_page_tables');
            mm.pud.delete(pud_index(a));
            yield* entry_point('move_huge_pte', mm, to);
            mm.pud.set(pud_index(to), e);
        }
        else {
            if (mm.pmd.get(pmd_index(a)) === undefined)
                continue;
            yield* entry_point('move_huge_pte', mm, a);
            const e = mm.pmd.get(pmd_index(a));
            if (e === undefined)
                continue;
            assert_invalidating(mm, a, a + hs, 'move_hugetlb_page_tables');
            mm.pmd.delete(pmd_index(a));
            yield* entry_point('move_huge_pte', mm, to);
            drop_empty_table(mm, pmd_index(to));
            mm.pmd.set(pmd_index(to), e);
        }
    }
}
