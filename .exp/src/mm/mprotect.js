/*
 * mprotect(2) (mm/mprotect.c): change the access rights of [start, end), splitting VMAs at the
 * edges (and THPs straddling them), then change_protection() over the populated part under an
 * MMU_NOTIFY_PROTECTION_VMA bracket: entries lose write permission when VM_WRITE goes, and
 * become inaccessible (PTE_NOACCESS, the model's pte_protnone) when no access is left.
 *
 * Locking: mmap_lock held for write; each entry changed is a step of its own.
 */
import { cur, lone_point } from '../kernel/index.js';
import { PAGE_SIZE, PMD_SIZE, PUD_SIZE, PROT_EXEC, PROT_READ, PROT_WRITE, TASK_SIZE, VM_ACCESS_FLAGS, VM_HUGETLB, VM_MAYWRITE, VM_READ, VM_WRITE, VM_EXEC, is_aligned, page_align } from './constants.js';
import { EACCES, EINVAL, ENOMEM } from './errno.js';
import { hugetlb_change_protection } from './hugetlb.js';
import { pmd_keys_in } from './memory.js';
import { calc_vm_prot_bits, vma_merge, vma_split_range } from './mmap.js';
import { mmap_write_lock, mmap_write_unlock } from './mm_struct.js';
import { MMU_NOTIFY_PROTECTION_VMA, mmu_notifier_invalidate_range_end, mmu_notifier_invalidate_range_start, mmu_notifier_range_init } from './mmu_notifier.js';
import { assert_invalidating, PmdLeaf, pud_index, pte_note, pte_op, PteTable, PTE_NOACCESS, PTE_WRITE } from './pgtable.js';
import { vma_lookup, vmas_in_range } from './vma.js';
/**
 * change_protection(): apply the VMA's new vm_flags to the entries of [start, end). Returns
 * the number of entries changed. The bracket is only opened if something is populated.
 */
export function* change_protection(vma, start, end) {
    const mm = vma.vm_mm;
    const keys = vma.vm_flags & VM_HUGETLB ? [] : pmd_keys_in(mm, start, end);
    const hugetlbPopulated = vma.vm_flags & VM_HUGETLB && (mm.pmd.size > 0 || mm.pud.size > 0);
    // Devmap PUD leaves (device-dax) of a non-hugetlb VMA: whole inside, as may_split keeps the edges aligned.
    const puds = [];
    if (!(vma.vm_flags & VM_HUGETLB) && mm.pud.size > 0) {
        for (let ku = pud_index(start); ku * PUD_SIZE < end; ku++)
            if (mm.pud.get(ku)?.hugetlb === false)
                puds.push(ku);
    }
    if (keys.length === 0 && !hugetlbPopulated && puds.length === 0)
        return 0;
    const noWrite = (vma.vm_flags & VM_WRITE) === 0;
    const noAccess = (vma.vm_flags & VM_ACCESS_FLAGS) === 0;
    const range = mmu_notifier_range_init(MMU_NOTIFY_PROTECTION_VMA, 0, vma, mm, start, end);
    yield* mmu_notifier_invalidate_range_start(range);
    let n = 0;
    if (vma.vm_flags & VM_HUGETLB) {
        yield* hugetlb_change_protection(vma, start, end, noWrite);
    }
    else {
        const newFlags = (f) => ((noWrite ? f & ~PTE_WRITE : f) & ~PTE_NOACCESS) | (noAccess ? PTE_NOACCESS : 0);
        for (const ku of puds) {
            // change_huge_pud()
            const ps = ku * PUD_SIZE;
            const u0 = mm.pud.get(ku);
            if (u0 === undefined || newFlags(u0.flags) === u0.flags)
                continue;
            if (cur.record)
                pte_note('change_huge_pud', mm, ps);
            if (!lone_point())
                yield;
            pte_op(mm, ps);
            const u = mm.pud.get(ku);
            if (u === undefined || u.hugetlb)
                continue;
            const nf = newFlags(u.flags);
            if (nf === u.flags)
                continue;
            if ((u.flags & PTE_WRITE && noWrite) || noAccess)
                assert_invalidating(mm, ps, ps + PUD_SIZE, 'change_huge_pud');
            u.flags = nf;
            n++;
        }
        for (const k of keys) {
            const ps = k * PMD_SIZE;
            const e0 = mm.pmd.get(k);
            if (e0 instanceof PmdLeaf && newFlags(e0.flags) !== e0.flags) {
                if (cur.record)
                    pte_note('change_huge_pmd', mm, ps);
                if (!lone_point())
                    yield;
                pte_op(mm, ps);
            }
            const e = mm.pmd.get(k);
            if (e instanceof PmdLeaf) {
                // The edges were split by vma_split_range, so a leaf here is wholly inside.
                const nf = newFlags(e.flags);
                if (nf !== e.flags) {
                    if ((e.flags & PTE_WRITE && noWrite) || noAccess)
                        assert_invalidating(mm, ps, ps + PMD_SIZE, 'change_huge_pmd');
                    e.flags = nf;
                    n++;
                }
            }
            else if (e instanceof PteTable) {
                const i0 = Math.max(0, (start - ps) / PAGE_SIZE);
                const i1 = Math.min(512, (end - ps) / PAGE_SIZE);
                for (let i = i0; i < i1; i++) {
                    const k0 = e.kind[i];
                    if (k0 === 0 /* PteKind.None */ || k0 === 3 /* PteKind.Swap */ || newFlags(e.flags[i]) === e.flags[i])
                        continue;
                    const addr = ps + i * PAGE_SIZE;
                    if (cur.record)
                        pte_note('change_pte_range', mm, addr);
                    if (!lone_point())
                        yield;
                    pte_op(mm, addr);
                    const kd = e.kind[i];
                    if (kd === 0 /* PteKind.None */ || kd === 3 /* PteKind.Swap */)
                        continue;
                    const f = e.flags[i];
                    const nf = newFlags(f);
                    if (nf === f)
                        continue;
                    if ((f & PTE_WRITE && noWrite) || noAccess)
                        assert_invalidating(mm, addr, addr + PAGE_SIZE, 'change_pte_range');
                    e.flags[i] = nf;
                    n++;
                }
            }
        }
    }
    yield* mmu_notifier_invalidate_range_end(range);
    return n;
}
/**
 * do_mprotect_pkey() (mmap_lock taken here). As in the kernel, the VMAs are changed in address
 * order until one cannot be: a hole gives -ENOMEM and a VMA that may not become writable
 * -EACCES, and the VMAs before it keep their new protection. A range that starts in a hole
 * changes nothing.
 */
export function* do_mprotect(mm, start, len, prot) {
    if (!is_aligned(start, PAGE_SIZE))
        return -EINVAL;
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
        return -EINVAL;
    len = page_align(len);
    const end = start + len;
    if (end < start || end > TASK_SIZE)
        return -ENOMEM;
    if (len === 0)
        return 0;
    yield* mmap_write_lock(mm);
    const newbits = calc_vm_prot_bits(prot);
    // How far the change goes: up to the first hole or the first VMA that refuses it.
    let ret = 0;
    let upto = start;
    for (const vma of vmas_in_range(mm, start, end)) {
        if (vma.vm_start > upto)
            break;
        if (newbits & VM_WRITE && (vma.vm_flags & VM_MAYWRITE) === 0) {
            ret = -EACCES;
            break;
        }
        upto = Math.min(vma.vm_end, end);
    }
    if (ret === 0 && upto < end)
        ret = -ENOMEM;
    if (upto > start) {
        const vmas = (yield* vma_split_range(mm, start, upto));
        if (typeof vmas === 'number')
            ret = vmas;
        else {
            for (const vma of vmas) {
                vma.vm_flags = (vma.vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | newbits;
                yield* change_protection(vma, vma.vm_start, vma.vm_end);
            }
            // Then merge what now agrees with its neighbours, left to right (a merge may free the
            // next VMA of the list, so each is looked up again by address).
            for (let a = start; a < upto;) {
                const vma = vma_lookup(mm, a);
                if (vma === null)
                    break;
                a = vma_merge(mm, vma).vm_end;
            }
        }
    }
    yield* mmap_write_unlock(mm);
    return ret;
}
