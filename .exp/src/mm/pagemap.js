/*
 * /proc/<pid>/pagemap (fs/proc/task_mmu.c): one 64-bit entry per virtual page of a process.
 *
 *   bit 63 PM_PRESENT        the page is present in RAM (or device-coherent memory)
 *   bit 62 PM_SWAP           the entry is a swap-like entry: swapped out, migrating,
 *                            device-private or device-exclusive
 *   bit 61 PM_FILE           a page of the page cache (or a shared anonymous page)
 *   bit 56 PM_MMAP_EXCLUSIVE the page is mapped exactly once
 *   bit 55 PM_SOFT_DIRTY     the soft-dirty bit
 *   bits 0-54                the pfn of a present page; for a swap-like entry the swap type
 *                            (5 bits) and offset (the slot, or the pfn it refers to)
 * The reader is privileged (hmm-tests runs as root), so pfns are shown.
 *
 * Locking: the kernel walks with the mmap_lock held for read; so does pagemap_read, and each
 * entry it reads is a step of its own (another thread may change it meanwhile).
 */
import { cur, lone_point } from '../kernel/index.js';
import { PAGE_SIZE } from './constants.js';
import { mmap_read_lock, mmap_read_unlock } from './mm_struct.js';
import { pte_note, pte_op, peek_entry } from './pgtable.js';
import { find_vma } from './vma.js';
export const PM_PRESENT = 1n << 63n;
export const PM_SWAP = 1n << 62n;
export const PM_FILE = 1n << 61n;
export const PM_MMAP_EXCLUSIVE = 1n << 56n;
export const PM_SOFT_DIRTY = 1n << 55n;
const PM_PFRAME_MASK = (1n << 55n) - 1n;
/* Swap types the kernel gives its special entries (the top of MAX_SWAPFILES). */
const SWP_DEVICE_EXCLUSIVE = 27n;
const SWP_DEVICE_WRITE = 28n;
const SWP_DEVICE_READ = 29n;
const SWP_MIGRATION_READ = 30n;
const SWP_MIGRATION_WRITE = 31n;
function swap_frame(type, offset) {
    return ((BigInt(offset) << 5n) | type) & PM_PFRAME_MASK;
}
/** The pagemap entry of one virtual page, as the kernel's pte/pmd walkers build it. */
export function pagemap_entry(mm, addr) {
    const e = peek_entry(mm, addr);
    switch (e.kind) {
        case 'none':
            return 0n;
        case 'present':
        case 'zero':
        case 'special': {
            let v = PM_PRESENT | (BigInt(e.pfn) & PM_PFRAME_MASK);
            if (e.page !== null && e.page.mapping !== null)
                v |= PM_FILE;
            if (e.page !== null && e.kind === 'present' && e.page.mapcount === 1)
                v |= PM_MMAP_EXCLUSIVE;
            return v;
        }
        case 'swap':
            return PM_SWAP | swap_frame(0n, e.pfn);
        case 'migration':
            return PM_SWAP | swap_frame(e.writable ? SWP_MIGRATION_WRITE : SWP_MIGRATION_READ, e.pfn);
        case 'device-private':
            return PM_SWAP | swap_frame(e.writable ? SWP_DEVICE_WRITE : SWP_DEVICE_READ, e.pfn) | (e.page !== null && e.page.mapcount === 1 ? PM_MMAP_EXCLUSIVE : 0n);
        case 'device-exclusive':
            return PM_SWAP | swap_frame(SWP_DEVICE_EXCLUSIVE, e.pfn) | (e.page !== null && e.page.mapcount === 1 ? PM_MMAP_EXCLUSIVE : 0n);
    }
    return 0n;
}
/**
 * pagemap_read(): the entries of `count` pages from `vaddr` (a pread of /proc/<pid>/pagemap at
 * offset vaddr / PAGE_SIZE * 8). Pages outside any VMA read as 0, as the kernel's hole walker
 * reports them.
 */
export function* pagemap_read(mm, vaddr, count) {
    yield* mmap_read_lock(mm);
    const out = [];
    for (let n = 0; n < count; n++) {
        const a = vaddr - (vaddr % PAGE_SIZE) + n * PAGE_SIZE;
        if (cur.record)
            pte_note('pagemap_read', mm, a);
        if (!lone_point())
            yield;
        pte_op(mm, a);
        const vma = find_vma(mm, a);
        out.push(vma === null || vma.vm_start > a ? 0n : pagemap_entry(mm, a));
    }
    yield* mmap_read_unlock(mm);
    return out;
}
