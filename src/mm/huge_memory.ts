/*
 * Transparent huge pages (mm/huge_memory.c): PMD-size anonymous folios mapped by one PMD leaf
 * (map order 9), the huge zero page on read faults, reuse or fallback on write faults, and
 * splitting a PMD mapping into 512 PTEs (on partial munmap / mprotect / madvise, COW, swap).
 *
 * Policy: THP is used for anonymous private VMAs with VM_HUGEPAGE (madvise mode, the default)
 * or any eligible VMA in "always" mode, when the whole 2 MiB-aligned range lies in the VMA.
 *
 * Locking: as pgtable.ts (a PMD leaf change is one step; a fault's is the fault's step).
 * Splitting a PMD is bracketed by MMU_NOTIFY_CLEAR over its 2 MiB
 * (as __split_huge_pmd does); the folio stays whole and becomes PTE-mapped (mapcount and
 * refcount grow by 511, one per PTE), so its data and pfns are unchanged.
 */

import { cur, lone_point, type Sched } from '../kernel/index.js';
import { FAULT_FLAG_WRITE, HPAGE_PMD_ORDER, PMD_SIZE, VM_FAULT_SIGBUS, VM_HUGEPAGE, VM_NOHUGEPAGE, VM_SHARED, VM_WRITE } from './constants.js';
import { FAULT_SPLIT_FALLBACK, migration_entry_wait, put_page_step, type MmuGather } from './memory.js';
import type { MmStruct } from './mm_struct.js';
import { MMU_NOTIFY_CLEAR, mmu_notifier_invalidate_range_end, mmu_notifier_invalidate_range_start, mmu_notifier_range_init } from './mmu_notifier.js';
import { __get_page, alloc_pages, HUGE_ZERO_PFN, PageKind, pfn_to_page, ZERO_PFN, type VmFault } from './page.js';
import { assert_invalidating, PmdLeaf, pte_note, pte_op, PteKind, PteTable, PTE_DIRTY, PTE_WRITE, rmap_add, rmap_remove, pmd_index } from './pgtable.js';
import { anon_vma_prepare, vma_is_anonymous, type VmAreaStruct } from './vma.js';

export type ThpMode = 'always' | 'madvise' | 'never';
let thpMode: ThpMode = 'madvise';

/** /sys/kernel/mm/transparent_hugepage/enabled (process-wide; tests set it back). */
export function set_transparent_hugepage(mode: ThpMode): void {
  thpMode = mode;
}
export function transparent_hugepage(): ThpMode {
  return thpMode;
}

/** Can the 2 MiB range at `haddr` of `vma` be a THP? */
export function thp_vma_suitable(vma: VmAreaStruct, haddr: number): boolean {
  const f = vma.vm_flags;
  if (thpMode === 'never' || f & VM_NOHUGEPAGE || f & VM_SHARED || !vma_is_anonymous(vma)) return false;
  if (thpMode === 'madvise' && (f & VM_HUGEPAGE) === 0) return false;
  return haddr >= vma.vm_start && haddr + PMD_SIZE <= vma.vm_end;
}

/**
 * The PMD level of a fault, in the fault's step (`e` is the current PMD slot: empty or a leaf).
 * Returns vm_fault_t, -1 to fall back to the PTE level in the same step (not eligible), or
 * FAULT_SPLIT_FALLBACK when the PMD was just split (the PTE-level fault takes a new point).
 */
export function* huge_pmd_fault(vma: VmAreaStruct, address: number, flags: number, e: PmdLeaf | undefined): Sched<number> {
  const mm = vma.vm_mm;
  const k = pmd_index(address);
  const haddr = k * PMD_SIZE;
  const write = (flags & FAULT_FLAG_WRITE) !== 0;
  if (e === undefined) {
    if (!thp_vma_suitable(vma, haddr)) return -1;
    anon_vma_prepare(vma);
    if (!write) {
      mm.pmd.set(k, new PmdLeaf(PteKind.Zero, 0, HUGE_ZERO_PFN, false));
      return 0;
    }
    const page = alloc_pages(HPAGE_PMD_ORDER, PageKind.Anon);
    rmap_add(page);
    mm.pmd.set(k, new PmdLeaf(PteKind.Present, vma.vm_flags & VM_WRITE ? PTE_WRITE | PTE_DIRTY : 0, page.pfn, false));
    return 0;
  }
  switch (e.kind) {
    case PteKind.Migration:
      yield* migration_entry_wait(mm, address);
      return 0;
    case PteKind.DevicePrivate: {
      const page = pfn_to_page(e.pfn);
      const fn = page?.pgmap?.ops.migrate_to_ram;
      if (!page || !fn) return VM_FAULT_SIGBUS;
      // The reference is taken with the entry read, under the PMD lock.
      __get_page(page);
      const vmf: VmFault = { vma, address: address - (address % 4096), flags, page };
      const r = yield* fn.call(page.pgmap!.ops, vmf);
      yield* put_page_step(page);
      return r;
    }
    case PteKind.Present:
    case PteKind.Zero:
      if (!write) return 0;
      if (e.flags & PTE_WRITE) {
        e.flags |= PTE_DIRTY;
        return 0;
      }
      if (e.kind === PteKind.Present) {
        const page = pfn_to_page(e.pfn);
        if (page !== null && page.kind === PageKind.Anon && page.mapcount === 1 && page.refcount === 1 && page.pincount === 0) {
          e.flags |= PTE_WRITE | PTE_DIRTY; // reuse: an upgrade, no invalidation
          return 0;
        }
      }
      // Shared THP or huge zero page: split and COW the one 4 KiB page (do_huge_pmd_wp_page fallback).
      yield* split_huge_pmd(vma, haddr);
      return FAULT_SPLIT_FALLBACK;
  }
  return -1;
}

/** Replace the leaf at PMD index `k` by a PTE table mapping the same folio (ptl held). */
export function __split_huge_pmd_locked(mm: MmStruct, k: number, e: PmdLeaf): void {
  const haddr = k * PMD_SIZE;
  if (e.kind !== PteKind.Migration) assert_invalidating(mm, haddr, haddr + PMD_SIZE, '__split_huge_pmd');
  const t = new PteTable();
  const kind = e.kind;
  if (kind === PteKind.Zero) {
    t.kind.fill(PteKind.Zero);
    t.val.fill(ZERO_PFN);
  } else {
    t.kind.fill(kind);
    t.flags.fill(e.flags);
    for (let i = 0; i < 512; i++) t.val[i] = e.pfn + i;
    if (kind === PteKind.Present || kind === PteKind.DevicePrivate) {
      const page = pfn_to_page(e.pfn);
      if (page !== null) {
        page.mapcount += 511;
        page.refcount += 511;
      }
    }
  }
  t.nr = 512;
  mm.pmd.set(k, t);
}

/** split_huge_pmd(): split the THP mapping covering `address`, if any (MMU_NOTIFY_CLEAR). */
export function* split_huge_pmd(vma: VmAreaStruct, address: number): Sched {
  const mm = vma.vm_mm;
  const k = pmd_index(address);
  const haddr = k * PMD_SIZE;
  const e0 = mm.pmd.get(k);
  if (!(e0 instanceof PmdLeaf) || e0.hugetlb) return;
  const range = mmu_notifier_range_init(MMU_NOTIFY_CLEAR, 0, vma, mm, haddr, haddr + PMD_SIZE);
  yield* mmu_notifier_invalidate_range_start(range);
  if (cur.record) pte_note('__split_huge_pmd', mm, haddr);
  if (!lone_point()) yield;
  pte_op(mm, haddr);
  const e = mm.pmd.get(k);
  if (e instanceof PmdLeaf && !e.hugetlb) __split_huge_pmd_locked(mm, k, e);
  yield* mmu_notifier_invalidate_range_end(range);
}

/** zap_huge_pmd(): remove a whole PMD leaf into the gather (inside the caller's bracket). */
export function zap_huge_pmd(tlb: MmuGather, vma: VmAreaStruct, k: number, e: PmdLeaf): void {
  const mm = tlb.mm;
  const haddr = k * PMD_SIZE;
  if (e.kind !== PteKind.Migration && e.kind !== PteKind.Swap) assert_invalidating(mm, haddr, haddr + PMD_SIZE, 'zap_huge_pmd');
  if (e.kind === PteKind.Present || e.kind === PteKind.DevicePrivate) {
    const page = pfn_to_page(e.pfn);
    if (page !== null) {
      rmap_remove(page);
      if (e.flags & PTE_DIRTY) page.dirty = true;
      tlb.pages.push(page);
    }
  }
  mm.pmd.delete(k);
  void vma;
}
