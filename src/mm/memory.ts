/*
 * mm/memory.c in the model: the page-fault handler (handle_mm_fault and the PTE-level paths:
 * anonymous, file / shmem, COW, swap-in, migration wait, device-private and device-exclusive
 * entries), tearing mappings down (zap / unmap_page_range with an mmu_gather), and the driver
 * helpers that install entries (vm_insert_page, remap_pfn_range, vmf_insert_pfn).
 *
 * Locking: the fault path runs with the mmap_lock held (read). Every entry change is a step of
 * its own (see pgtable.ts): a fault takes a scheduling point, then reads the entry and changes
 * it in that step, as the kernel does under the page-table lock. Where the kernel can sleep in
 * the middle of a fault (notifier callbacks of a COW, swap I/O, waiting for migration,
 * migrate_to_ram) there are more scheduling points, after which the entry is re-checked
 * (pte_same) and the fault retried if it changed. Zapping takes a point before each entry it
 * clears, and the mmu_gather drops each page's reference in a step of its own. Every removal or downgrade of a
 * mapping happens between mmu_notifier_invalidate_range_start and _end (CLEAR for COW and
 * zap_page_range_single, UNMAP for munmap/exit, EXCLUSIVE for restoring a device-exclusive
 * entry), and pages leave through the mmu_gather only after the end.
 */

import { folio_add_lru } from './lru.js';
import { completed, cur, footprint, footprint_any_state, kasan_check, lone_point, note, observing, spin_lock, spin_unlock, wait_event, yield_now, type Sched } from '../kernel/index.js';
import {
  FAULT_FLAG_ALLOW_RETRY,
  FAULT_FLAG_TRIED,
  FAULT_FLAG_WRITE,
  PAGE_SIZE,
  PMD_SIZE,
  PUD_SIZE,
  HPAGE_PUD_ORDER,
  VM_FAULT_FALLBACK,
  VM_DONTDUMP,
  VM_DONTEXPAND,
  VM_FAULT_NOPAGE,
  VM_FAULT_OOM,
  VM_FAULT_RETRY,
  VM_FAULT_SIGBUS,
  VM_FAULT_SIGSEGV,
  VM_HUGETLB,
  VM_IO,
  VM_MIXEDMAP,
  VM_PFNMAP,
  VM_SHARED,
  VM_WRITE,
} from './constants.js';
import { EBUSY, EFAULT, EINVAL } from './errno.js';
import { filemap_get_page } from './filemap.js';
import { huge_pmd_fault, split_huge_pmd, thp_vma_suitable, zap_huge_pmd } from './huge_memory.js';
import { hugetlb_fault, unmap_hugepage_range } from './hugetlb.js';
import { mmap_assert_locked, mmap_read_unlock, type MmStruct } from './mm_struct.js';
import { __folio_trylock, folio_lock, folio_unlock, folio_wait_locked } from './page_lock.js';
import {
  MMU_NOTIFY_CLEAR,
  MMU_NOTIFY_EXCLUSIVE,
  mmu_notifier_invalidate_range_end,
  mmu_notifier_invalidate_range_start,
  mmu_notifier_range_init,
  mmu_notifier_range_init_owner,
} from './mmu_notifier.js';
import { __get_page, __put_page, alloc_page, copy_subpage, PageKind, pfn_to_page, put_page, restore_subpage, ZERO_PFN, type Page, type VmFault } from './page.js';
import { assert_invalidating, PmdLeaf, PudLeaf, pud_index, pte_alloc, pte_note, pte_op, pte_op_fine, pte_peek, pte_read_op, pmd_nr_read, PteKind, PteTable, PTE_DEVMAP, PTE_DIRTY, PTE_WRITE, rmap_add, rmap_remove, pmd_index, pte_index } from './pgtable.js';
import { swap_free, swap_readahead, swap_slot_data } from './swap.js';
import { bug_on } from './bug_switch.js';
import { device_private_fault_unreferenced } from './device_private_fault_old.js';
import { anon_vma_prepare, vma_is_anonymous, type VmAreaStruct } from './vma.js';

/* ---- mmu_gather ------------------------------------------------------------------------ */

/** struct mmu_gather: pages unmapped under an invalidation, released after its end. */
export class MmuGather {
  readonly pages: Page[] = [];
  constructor(readonly mm: MmStruct) {}
}

export function tlb_gather_mmu(mm: MmStruct): MmuGather {
  return new MmuGather(mm);
}

/**
 * tlb_finish_mmu(): flush and drop the gathered references, one page per step (a page may be
 * freed by its drop, which a device still mapping it would observe).
 */
export function* tlb_finish_mmu(tlb: MmuGather): Sched {
  const p = tlb.pages;
  for (let i = 0; i < p.length; i++) {
    const page = p[i]!;
    if (cur.record) note('put_page', page.label);
    if (!lone_point()) yield;
    put_page(page);
  }
  p.length = 0;
}

/* ---- zap ------------------------------------------------------------------------------- */

/**
 * Clear entries [i0, i1) of one PTE table (addresses from `base`); pages go to the gather.
 * Each entry cleared is a step of its own (the CPU and hmm_range_fault read entries without
 * the page-table lock), re-read after its scheduling point.
 */
export function* zap_pte_range(tlb: MmuGather, t: PteTable, base: number, i0: number, i1: number, what = 'zap_pte_range'): Sched {
  const mm = tlb.mm;
  const kind = t.kind;
  const flags = t.flags;
  const val = t.val;
  for (let i = i0; i < i1; i++) {
    // The look-ahead reads the entry in the step before its own (dep_keys.ts).
    pte_peek(mm, base + i * PAGE_SIZE);
    if (kind[i] === PteKind.None) continue;
    const addr = base + i * PAGE_SIZE;
    if (cur.record) pte_note('zap pte', mm, addr);
    if (!lone_point()) yield;
    // One entry, the folio it maps (rmap, dirty bit, into the gather), or its swap slot.
    pte_op_fine(mm, addr);
    const k = kind[i]!;
    if (k === PteKind.None) continue;
    if (k !== PteKind.Swap && k !== PteKind.Migration) assert_invalidating(mm, addr, addr + PAGE_SIZE, what);
    if (k === PteKind.Present) {
      const v = val[i]!;
      const page = pfn_to_page(v);
      if (page != null) {
        if (observing()) footprint('page', page);
        rmap_remove(page);
        if ((flags[i]! & PTE_DIRTY) !== 0) page.dirty = true;
        tlb.pages.push(page);
      }
    } else if (k === PteKind.Swap) {
      swap_free(val[i]!);
    } else if (k === PteKind.DevicePrivate || k === PteKind.DeviceExclusive) {
      const page = pfn_to_page(val[i]!);
      if (page !== null) {
        rmap_remove(page);
        tlb.pages.push(page);
      }
    }
    kind[i] = PteKind.None;
    flags[i] = 0;
    val[i] = 0;
    t.nr--;
  }
}

/** PMD indexes of [start, end) that have something in mm.pmd, in address order. */
export function pmd_keys_in(mm: MmStruct, start: number, end: number): number[] {
  const k0 = pmd_index(start);
  const k1 = Math.ceil(end / PMD_SIZE);
  const out: number[] = [];
  // Which way the slots are looked up does not change the result: the short way reads each
  // slot of the range (fine), the long one every slot (coarse).
  if (k1 - k0 <= mm.pmd.rawSize * 4) {
    for (let k = k0; k < k1; k++) if (mm.pmd.has(k)) out.push(k);
  } else {
    for (const k of mm.pmd.keys()) if (k >= k0 && k < k1) out.push(k);
    out.sort((a, b) => a - b);
  }
  return out;
}

/**
 * unmap_page_range(): remove every entry of [start, end) of `vma` into `tlb`. Must run inside an
 * invalidation covering the range. A THP only partly covered is split first (its own nested
 * MMU_NOTIFY_CLEAR bracket, as __split_huge_pmd does).
 */
export function* unmap_page_range(tlb: MmuGather, vma: VmAreaStruct, start: number, end: number): Sched {
  const mm = tlb.mm;
  if (vma.vm_flags & VM_HUGETLB) {
    yield* unmap_hugepage_range(tlb, vma, start, end);
    return;
  }
  if (mm.pud.size > 0) yield* zap_pud_range(tlb, vma, start, end);
  for (const k of pmd_keys_in(mm, start, end)) {
    const ps = k * PMD_SIZE;
    const pe = ps + PMD_SIZE;
    let e = mm.pmd.lookup(k);
    if (e instanceof PmdLeaf) {
      if (start <= ps && pe <= end) {
        if (cur.record) pte_note('zap huge pmd', mm, ps);
        if (!lone_point()) yield;
        pte_op(mm, ps);
        const now = mm.pmd.get(k);
        if (now instanceof PmdLeaf) zap_huge_pmd(tlb, vma, k, now);
        continue;
      }
      yield* split_huge_pmd(vma, Math.max(ps, start));
      e = mm.pmd.lookup(k);
    }
    if (e instanceof PteTable) {
      const s = Math.max(ps, start);
      const en = Math.min(pe, end);
      yield* zap_pte_range(tlb, e, ps, (s - ps) / PAGE_SIZE, (en - ps) / PAGE_SIZE);
      // Only a zap of the whole PMD reads the table's entry count (dep_keys.ts: it conflicts
      // with every entry change under the slot).
      if (s === ps && en === pe) {
        pmd_nr_read(mm, ps);
        if (e.nr === 0 && mm.pmd.lookup(k) === e) mm.pmd.delete(k);
      }
    }
  }
}

/**
 * zap_huge_pud() for the devmap PUD leaves (device-dax) of [start, end) of a non-hugetlb VMA;
 * one only partly covered is split first, which for DAX removes it whole (__split_huge_pud).
 */
function* zap_pud_range(tlb: MmuGather, vma: VmAreaStruct, start: number, end: number): Sched {
  const mm = tlb.mm;
  for (let ku = pud_index(start); ku * PUD_SIZE < end; ku++) {
    const u0 = mm.pud.get(ku);
    if (u0 === undefined || u0.hugetlb) continue;
    const ps = ku * PUD_SIZE;
    if (start > ps || ps + PUD_SIZE > end) {
      yield* split_huge_pud(vma, Math.max(ps, start));
      continue;
    }
    if (cur.record) pte_note('zap huge pud', mm, ps);
    if (!lone_point()) yield;
    pte_op(mm, ps);
    const u = mm.pud.get(ku);
    if (u === undefined || u.hugetlb) continue;
    assert_invalidating(mm, ps, ps + PUD_SIZE, 'zap_huge_pud');
    mm.pud.delete(ku);
    const page = pfn_to_page(u.pfn);
    if (page !== null) {
      rmap_remove(page);
      if ((u.flags & PTE_DIRTY) !== 0) page.dirty = true;
      tlb.pages.push(page);
    }
  }
}

/**
 * split_huge_pud() of a devmap leaf: DAX has no smaller table to split into, so the leaf is
 * cleared (in its own MMU_NOTIFY_CLEAR bracket over the whole PUD) and faults back in later.
 */
export function* split_huge_pud(vma: VmAreaStruct, addr: number): Sched {
  const mm = vma.vm_mm;
  const ku = pud_index(addr);
  const ps = ku * PUD_SIZE;
  const range = mmu_notifier_range_init(MMU_NOTIFY_CLEAR, 0, vma, mm, ps, ps + PUD_SIZE);
  yield* mmu_notifier_invalidate_range_start(range);
  if (cur.record) pte_note('split huge pud', mm, ps);
  if (!lone_point()) yield;
  pte_op(mm, ps);
  const u = mm.pud.get(ku);
  let page: Page | null = null;
  if (u !== undefined && !u.hugetlb) {
    assert_invalidating(mm, ps, ps + PUD_SIZE, '__split_huge_pud');
    mm.pud.delete(ku);
    page = pfn_to_page(u.pfn);
    if (page !== null) rmap_remove(page);
  }
  yield* mmu_notifier_invalidate_range_end(range);
  if (page !== null) yield* put_page_step(page);
}

/** zap_page_range_single(): MADV_DONTNEED and friends (MMU_NOTIFY_CLEAR). */
export function* zap_page_range_single(vma: VmAreaStruct, start: number, end: number): Sched {
  const mm = vma.vm_mm;
  const range = mmu_notifier_range_init(MMU_NOTIFY_CLEAR, 0, vma, mm, start, end);
  const tlb = tlb_gather_mmu(mm);
  yield* mmu_notifier_invalidate_range_start(range);
  yield* unmap_page_range(tlb, vma, start, end);
  yield* mmu_notifier_invalidate_range_end(range);
  yield* tlb_finish_mmu(tlb);
}

/* ---- the fault handler ------------------------------------------------------------------- */

/**
 * handle_mm_fault(): resolve a fault at `address` of `vma` (mmap_lock held for read). Returns
 * vm_fault_t bits: 0 when the entry is (or may now be) resolved and the caller should retry its
 * access, VM_FAULT_SIGSEGV / VM_FAULT_SIGBUS / VM_FAULT_OOM on error, VM_FAULT_RETRY (only
 * with FAULT_FLAG_ALLOW_RETRY) when it had to wait and released mmap_lock to do so.
 * FAULT_FLAG_WRITE asks for a writable entry; FAULT_FLAG_REMOTE marks a fault on behalf of
 * another mm (GUP, HMM), which skips nothing else in this model.
 *
 * Whether the VMA permits the access is the caller's check, as in the kernel: the arch fault
 * handler's access_error() (uaccess.ts), GUP's check_vma_flags() (gup.ts), populate (mmap.ts),
 * hmm_range_fault's own tests. handle_mm_fault itself does not refuse a write fault on a VMA
 * without VM_WRITE: it does the work of one (a fresh page for an empty entry, COW broken or
 * the page reused, the page dirtied) and installs the entry without write permission, which
 * only VM_WRITE grants (maybe_mkwrite); it returns success, so a caller that then expects a
 * writable entry asks again for ever (hmm-history §7).
 */
export function handle_mm_fault(vma: VmAreaStruct, address: number, flags: number): Sched<number> {
  kasan_check(vma, 'handle_mm_fault');
  const mm = kasan_check(vma.vm_mm, 'handle_mm_fault');
  mmap_assert_locked(mm, 'handle_mm_fault');
  if (address < vma.vm_start || address >= vma.vm_end) return completed(VM_FAULT_SIGSEGV);
  const write = (flags & FAULT_FLAG_WRITE) !== 0;
  const vf = vma.vm_flags;
  // The fault reads and changes the entry in a step of its own (under the ptl in the kernel).
  if (cur.record) pte_note('handle_mm_fault', mm, address);
  if (!lone_point()) return handle_mm_fault_after_point(vma, mm, address, flags, write);
  // The common case first: a lone thread's never-touched anonymous 4 KiB page completes
  // without a generator.
  if ((vf & VM_HUGETLB) === 0) {
    const k = pmd_index(address);
    const e = mm.pmd.lookup(k);
    if (e instanceof PteTable) {
      const i = (address - k * PMD_SIZE) >>> 12;
      if (e.kind[i] === PteKind.None && vma_is_anonymous(vma)) {
        anon_fault_op(vma, mm, address, write);
        return completed(do_anonymous_page(vma, e, i, write));
      }
    }
  }
  return __handle_mm_fault(vma, mm, address, flags, write);
}

function* handle_mm_fault_after_point(vma: VmAreaStruct, mm: MmStruct, address: number, flags: number, write: boolean): Sched<number> {
  yield;
  return yield* __handle_mm_fault(vma, mm, address, flags, write);
}

/**
 * The PUD level of a fault in a VMA with a huge_fault op (device-dax), in the fault's step:
 * an empty PUD the VMA covers whole asks the op for a PUD mapping (create_huge_pud); a write to
 * a read-only devmap leaf asks it again (wp_huge_pud); VM_FAULT_FALLBACK goes on at the PMD level.
 */
function handle_pud_fault(vma: VmAreaStruct, mm: MmStruct, address: number, flags: number, write: boolean): Sched<number> {
  const ku = pud_index(address);
  const ps = ku * PUD_SIZE;
  const u = mm.pud.get(ku);
  const vmf: VmFault = { vma, address: address - (address % PAGE_SIZE), flags, page: null };
  if (u === undefined) {
    if (ps < vma.vm_start || ps + PUD_SIZE > vma.vm_end) return completed(VM_FAULT_FALLBACK);
    return vma.vm_ops!.huge_fault!(vmf, HPAGE_PUD_ORDER);
  }
  if (u.hugetlb) return completed(VM_FAULT_FALLBACK);
  if (write && (u.flags & PTE_WRITE) === 0) return vma.vm_ops!.huge_fault!(vmf, HPAGE_PUD_ORDER);
  if (write) u.flags |= PTE_DIRTY;
  return completed(0);
}

/**
 * vmf_insert_pfn_pud() of a devmap folio (device-dax): under the PUD lock (mm->page_table_lock),
 * a devmap PUD leaf of `page`, or the existing leaf of the same pfn made writable (`write`).
 * Taking the lock and changing the entry are steps of their own; the leaf holds the mapping's
 * reference and rmap count (see PTE_DEVMAP).
 */
export function* vmf_insert_pfn_pud(vmf: VmFault, page: Page, write: boolean): Sched<number> {
  const mm = vmf.vma.vm_mm;
  const ku = pud_index(vmf.address);
  yield* spin_lock(mm.page_table_lock);
  if (cur.record) pte_note('insert_pfn_pud', mm, ku * PUD_SIZE);
  if (!lone_point()) yield;
  pte_op(mm, ku * PUD_SIZE);
  const u = mm.pud.get(ku);
  if (u === undefined) {
    __get_page(page);
    rmap_add(page);
    mm.pud.set(ku, new PudLeaf(PteKind.Present, PTE_DEVMAP | (write ? PTE_WRITE | PTE_DIRTY : 0), page.pfn, false));
  } else if (write && !u.hugetlb && u.kind === PteKind.Present && u.pfn === page.pfn) {
    u.flags |= PTE_WRITE | PTE_DIRTY;
  }
  yield* spin_unlock(mm.page_table_lock);
  return VM_FAULT_NOPAGE;
}

/** huge_pmd_fault split the PMD and the fault goes on at the PTE level, after a new point. */
export const FAULT_SPLIT_FALLBACK = -2;

/** The fault right after its scheduling point. */
function* __handle_mm_fault(vma: VmAreaStruct, mm: MmStruct, address: number, flags: number, write: boolean): Sched<number> {
  if ((vma.vm_flags & VM_HUGETLB) === 0 && vma.vm_ops?.huge_fault === undefined && vma_is_anonymous(vma)) {
    const e0 = mm.pmd.lookup(pmd_index(address));
    if (e0 instanceof PteTable) entry_fault_op(vma, mm, address, write, e0, pte_index(address));
    else pte_op(mm, address);
  } else pte_op(mm, address);
  if (vma.vm_flags & VM_HUGETLB) return yield* hugetlb_fault(vma, address, flags);
  if (vma.vm_ops?.huge_fault !== undefined) {
    const r = yield* handle_pud_fault(vma, mm, address, flags, write);
    if (r !== VM_FAULT_FALLBACK) return r;
  }
  const k = pmd_index(address);
  let e = mm.pmd.lookup(k);
  if (e instanceof PmdLeaf || (e === undefined && thp_vma_suitable(vma, k * PMD_SIZE))) {
    const r = yield* huge_pmd_fault(vma, address, flags, e);
    if (r >= 0) return r;
    if (r === FAULT_SPLIT_FALLBACK) {
      // The split was steps of its own: the PTE-level fault takes a new point.
      if (cur.record) pte_note('handle_pte_fault', mm, address);
      if (!lone_point()) yield;
      pte_op(mm, address);
    }
    e = mm.pmd.lookup(k);
  }
  if (e === undefined) mm.pmd.set(k, (e = new PteTable()));
  if (!(e instanceof PteTable)) return 0; // raced with a new huge PMD: retry
  const i = (address - k * PMD_SIZE) >>> 12;
  if (e.kind[i] === PteKind.None && vma_is_anonymous(vma)) return do_anonymous_page(vma, e, i, write);
  return yield* handle_pte_fault(vma, e, address, flags);
}

function* handle_pte_fault(vma: VmAreaStruct, t: PteTable, address: number, flags: number): Sched<number> {
  const i = pte_index(address);
  const k = t.kind[i]!;
  const write = (flags & FAULT_FLAG_WRITE) !== 0;
  switch (k) {
    case PteKind.None:
      if (vma_is_anonymous(vma)) return do_anonymous_page(vma, t, i, write);
      return yield* do_fault(vma, t, i, address, flags);
    case PteKind.Present:
    case PteKind.Zero:
      if (write && (t.flags[i]! & PTE_WRITE) === 0) return yield* do_wp_page(vma, t, i, address);
      if (write) t.flags[i]! |= PTE_DIRTY;
      return 0;
    case PteKind.Special:
      return write && (t.flags[i]! & PTE_WRITE) === 0 ? VM_FAULT_SIGBUS : 0;
    case PteKind.Swap:
      return yield* do_swap_page(vma, t, i, address, write, flags);
    case PteKind.Migration:
      yield* migration_entry_wait(vma.vm_mm, address);
      return 0;
    case PteKind.DevicePrivate:
      return yield* do_device_private_fault(vma, t.val[i]!, address, flags);
    case PteKind.DeviceExclusive:
      return yield* remove_device_exclusive_entry(vma, t, i, address);
  }
  return VM_FAULT_SIGBUS;
}

function set_pte(t: PteTable, i: number, kind: PteKind, flags: number, val: number): void {
  if (t.kind[i] === PteKind.None) t.nr++;
  t.kind[i] = kind;
  t.flags[i] = flags;
  t.val[i] = val;
}

/**
 * The visible operation of a step that is do_anonymous_page of an empty entry: fine (the entry,
 * the new folio, the allocator; dep_keys.ts) once the VMA has its anon_vma, coarse when this
 * step would create it (VMA state other steps read).
 */
function anon_fault_op(vma: VmAreaStruct, mm: MmStruct, address: number, write: boolean): void {
  if (vma.anon_vma !== null || (!write && (vma.vm_flags & VM_SHARED) === 0)) pte_op_fine(mm, address);
  else pte_op(mm, address);
}

/**
 * The visible operation of a fault step on an anonymous VMA whose PTE table exists, by what the
 * entry holds when the step begins: fine (dep_keys.ts) where the step reads or changes only that
 * entry, its folio and what the hooks record, coarse otherwise.
 *  - nothing: do_anonymous_page (anon_fault_op);
 *  - present, and the access allowed: nothing changes (a read) or the dirty bit is set;
 *  - a migration entry: read, then migration_entry_wait sleeps (a step of its own);
 *  - a device-private entry: do_device_private_fault's trylock and reference of the folio,
 *    then the driver's migrate_to_ram up to its first scheduling point, which records what it
 *    touches (or counts as touching anything: do_device_private_fault);
 *  - anything else (copy-on-write, swap-in, a device-exclusive entry): coarse.
 */
function entry_fault_op(vma: VmAreaStruct, mm: MmStruct, address: number, write: boolean, t: PteTable, i: number): void {
  switch (t.kind[i]) {
    case PteKind.None:
      anon_fault_op(vma, mm, address, write);
      return;
    case PteKind.Present:
      if (!write) pte_read_op(mm, address);
      else if (t.flags[i]! & PTE_WRITE) pte_op_fine(mm, address);
      else pte_op(mm, address);
      return;
    case PteKind.Migration:
      pte_read_op(mm, address);
      return;
    case PteKind.DevicePrivate:
      pte_op_fine(mm, address);
      return;
    default:
      pte_op(mm, address);
  }
}

/** do_anonymous_page(): zero page on read, a fresh zeroed page on write. */
function do_anonymous_page(vma: VmAreaStruct, t: PteTable, i: number, write: boolean): number {
  if (!write && (vma.vm_flags & VM_SHARED) === 0) {
    set_pte(t, i, PteKind.Zero, 0, ZERO_PFN);
    return 0;
  }
  if ((vma.vm_flags & VM_SHARED) === 0) anon_vma_prepare(vma);
  const page = alloc_page(PageKind.Anon);
  folio_add_lru(page);
  rmap_add(page);
  set_pte(t, i, PteKind.Present, vma.vm_flags & VM_WRITE ? PTE_WRITE | (write ? PTE_DIRTY : 0) : 0, page.pfn);
  return 0;
}

/** do_fault(): file-backed (page cache, shmem) and driver-backed (vm_ops.fault) VMAs. */
function* do_fault(vma: VmAreaStruct, t: PteTable, i: number, address: number, flags: number): Sched<number> {
  const write = (flags & FAULT_FLAG_WRITE) !== 0;
  const shared = (vma.vm_flags & VM_SHARED) !== 0;
  let page: Page | null;
  if (vma.vm_ops?.fault) {
    const vmf: VmFault = { vma, address: address - (address % PAGE_SIZE), flags, page: null, result_page: null };
    const r = yield* vma.vm_ops.fault(vmf);
    if (r & VM_FAULT_NOPAGE) return r & ~VM_FAULT_NOPAGE;
    if (r !== 0) return r;
    page = vmf.result_page ?? null;
    if (page === null) return VM_FAULT_SIGBUS;
    // The handler ran steps of its own: installing the entry is a new one.
    if (cur.record) pte_note('finish_fault', vma.vm_mm, address);
    if (!lone_point()) yield;
    pte_op(vma.vm_mm, address);
    if (vma.vm_mm.pmd.get(pmd_index(address)) !== t || t.kind[i] !== PteKind.None) {
      yield* put_page_step(page);
      return 0;
    }
    // The handler's reference becomes the mapping's reference.
    rmap_add(page);
    set_pte(t, i, PteKind.Present, shared && vma.vm_flags & VM_WRITE ? PTE_WRITE | (write ? PTE_DIRTY : 0) : 0, page.pfn);
    return 0;
  }
  const file = vma.vm_file;
  if (file === null) return VM_FAULT_SIGBUS;
  const pgoff = vma.vm_pgoff + (address - vma.vm_start - ((address - vma.vm_start) % PAGE_SIZE)) / PAGE_SIZE;
  if ((flags & FAULT_FLAG_ALLOW_RETRY) !== 0 && (flags & FAULT_FLAG_TRIED) === 0 && filemap_get_page(file.f_mapping, pgoff, false) === null) {
    // filemap_fault on a page not in the cache: start the read, and rather than wait for it
    // holding mmap_lock, drop the lock, wait, and have the caller retry (VM_FAULT_RETRY).
    if (filemap_get_page(file.f_mapping, pgoff, true) === null) return VM_FAULT_SIGBUS; // beyond EOF
    yield* mmap_read_unlock(vma.vm_mm);
    if (cur.record) note('filemap read', `pgoff ${pgoff} (mmap_lock dropped)`);
    yield;
    return VM_FAULT_RETRY;
  }
  page = filemap_get_page(file.f_mapping, pgoff, true);
  if (page === null) return VM_FAULT_SIGBUS; // beyond EOF
  if (write && !shared) {
    // do_cow_fault: a private copy of the file page.
    anon_vma_prepare(vma);
    const np = alloc_page(PageKind.Anon);
    copy_subpage(np, 0, page, 0);
    rmap_add(np);
    set_pte(t, i, PteKind.Present, maybe_mkwrite(vma, PTE_DIRTY), np.pfn);
    return 0;
  }
  __get_page(page);
  rmap_add(page);
  const writable = shared && (vma.vm_flags & VM_WRITE) !== 0;
  if (write) page.dirty = true;
  set_pte(t, i, PteKind.Present, writable ? PTE_WRITE | (write ? PTE_DIRTY : 0) : 0, page.pfn);
  return 0;
}

/**
 * The write bit of an entry a write fault installs: only a VMA with VM_WRITE grants it
 * (maybe_mkwrite); `flags` are the entry's other bits.
 */
function maybe_mkwrite(vma: VmAreaStruct, flags: number): number {
  return vma.vm_flags & VM_WRITE ? flags | PTE_WRITE : flags;
}

/**
 * do_wp_page(): write fault on a present read-only entry. A shared writable VMA's page becomes
 * writable in place; otherwise the page is reused (we are its only user) or copied (COW), and
 * the new entry is writable only if the VMA has VM_WRITE.
 */
function* do_wp_page(vma: VmAreaStruct, t: PteTable, i: number, address: number): Sched<number> {
  const k = t.kind[i]!;
  const old = k === PteKind.Zero ? null : pfn_to_page(t.val[i]!);
  if (old !== null && (vma.vm_flags & (VM_SHARED | VM_WRITE)) === (VM_SHARED | VM_WRITE)) {
    // wp_page_shared: the page cache page becomes writable (an upgrade, no invalidation).
    t.flags[i]! |= PTE_WRITE | PTE_DIRTY;
    old.dirty = true;
    return 0;
  }
  if (old !== null && old.kind === PageKind.Anon && old.mapcount === 1 && old.refcount === 1 && old.pincount === 0) {
    // wp_page_reuse: we are the only user.
    t.flags[i] = maybe_mkwrite(vma, t.flags[i]! | PTE_DIRTY);
    return 0;
  }
  return yield* wp_page_copy(vma, t, i, address, old);
}

/** wp_page_copy(): break COW (or replace the zero page) under an MMU_NOTIFY_CLEAR bracket. */
function* wp_page_copy(vma: VmAreaStruct, t: PteTable, i: number, address: number, old: Page | null): Sched<number> {
  const mm = vma.vm_mm;
  const haddr = address - (address % PAGE_SIZE);
  const oldKind = t.kind[i]!;
  const oldVal = t.val[i]!;
  anon_vma_prepare(vma);
  const np = alloc_page(PageKind.Anon);
  if (old !== null) copy_subpage(np, 0, old, oldVal - old.pfn);
  const range = mmu_notifier_range_init(MMU_NOTIFY_CLEAR, 0, vma, mm, haddr, haddr + PAGE_SIZE);
  yield* mmu_notifier_invalidate_range_start(range);
  let ret = 0;
  if (cur.record) pte_note('wp_page_copy', mm, haddr);
  if (!lone_point()) yield;
  pte_op(mm, haddr);
  // pte_same: someone else may have changed the entry while the notifiers ran.
  if (mm.pmd.get(pmd_index(address)) === t && t.kind[i] === oldKind && t.val[i] === oldVal && (t.flags[i]! & PTE_WRITE) === 0) {
    assert_invalidating(mm, haddr, haddr + PAGE_SIZE, 'wp_page_copy');
    rmap_add(np);
    set_pte(t, i, PteKind.Present, maybe_mkwrite(vma, PTE_DIRTY), np.pfn);
    if (old !== null) rmap_remove(old);
  } else {
    // The new page was never seen by anyone.
    __put_page(np);
    old = null;
  }
  yield* mmu_notifier_invalidate_range_end(range);
  if (old !== null) yield* put_page_step(old);
  return ret;
}

/**
 * do_swap_page(): read the slot into a new private page (a read fault keeps it in the swap
 * cache, clean; a write fault frees the slot). A fault that may retry
 * (FAULT_FLAG_ALLOW_RETRY, not yet FAULT_FLAG_TRIED) does not wait for the read with mmap_lock
 * held: it drops it, waits, and returns VM_FAULT_RETRY (lock_page_or_retry); the caller faults
 * again with mmap_lock retaken and finds the slot read.
 */
function* do_swap_page(vma: VmAreaStruct, t: PteTable, i: number, address: number, write: boolean, flags: number): Sched<number> {
  const slot = t.val[i]!;
  const mm = vma.vm_mm;
  if (swap_readahead(slot) && (flags & FAULT_FLAG_ALLOW_RETRY) !== 0 && (flags & FAULT_FLAG_TRIED) === 0) {
    yield* mmap_read_unlock(mm);
    if (cur.record) note('swap_readpage', `slot ${slot} (mmap_lock dropped)`);
    yield;
    return VM_FAULT_RETRY;
  }
  // swap_readpage may sleep on I/O.
  if (cur.record) note('swap_readpage', `slot ${slot}`);
  yield;
  pte_op(vma.vm_mm, address);
  if (vma.vm_mm.pmd.get(pmd_index(address)) !== t || t.kind[i] !== PteKind.Swap || t.val[i] !== slot) return 0;
  const page = alloc_page(PageKind.Anon);
  restore_subpage(page, 0, swap_slot_data(slot));
  rmap_add(page);
  if (write) {
    // A write fault frees the slot (folio_free_swap): the page is the only copy, dirty.
    swap_free(slot);
    page.dirty = true;
  } else {
    // A read fault leaves the page in the swap cache, clean: the entry's reference of the
    // slot becomes the cache's.
    page.swap_slot = slot;
  }
  set_pte(t, i, PteKind.Present, vma.vm_flags & VM_WRITE ? PTE_WRITE | (write ? PTE_DIRTY : 0) : 0, page.pfn);
  return 0;
}

/** migration_entry_wait(): sleep until the migration entry at `address` is gone. */
export function* migration_entry_wait(mm: MmStruct, address: number): Sched {
  yield* wait_event(mm.migration_wq, () => {
    const e = mm.pmd.get(pmd_index(address));
    if (e instanceof PmdLeaf) return e.kind !== PteKind.Migration;
    if (e instanceof PteTable) return e.kind[pte_index(address)] !== PteKind.Migration;
    return true;
  });
}

/**
 * CPU fault on a device-private entry (do_swap_page): under the page-table lock, trylock the
 * page and take a reference, then the device's migrate_to_ram brings it back; unlock and put
 * after it. If someone else holds the page's lock (a migration in progress), sleep until it
 * is released and let the access fault again.
 */
export function* do_device_private_fault(vma: VmAreaStruct, pfn: number, address: number, flags: number, pte = true): Sched<number> {
  // The path before 6.1 (hmm-history §14), whole: ./device_private_fault_old.ts.
  if (bug_on('private-fault-no-ref')) {
    // The old path: coarse, whatever the step's operation said (entry_fault_op).
    if (observing()) footprint('memory', null);
    return yield* device_private_fault_unreferenced(vma, pfn, address, flags, pte);
  }
  const page = pfn_to_page(pfn);
  if (page === null || page.pgmap === null) return VM_FAULT_SIGBUS;
  const ops = kasan_check(page.pgmap, 'do_swap_page').ops;
  const fn = ops.migrate_to_ram;
  if (!fn) return VM_FAULT_SIGBUS;
  // migrate_to_ram's code up to its first scheduling point is part of this step: what it
  // touches is recorded by the driver (DevPagemapOps.footprints), or may be anything.
  if (ops.footprints !== true && observing()) footprint_any_state();
  if (!__folio_trylock(page)) {
    // 6.15 to 6.19 (switch hmm-private-trylock-no-wait, hmm-history §17): back at once, and the
    // caller faults again; hmm_range_fault does so in a loop with no resched point.
    if (!bug_on('hmm-private-trylock-no-wait')) yield* folio_wait_locked(page);
    return 0;
  }
  __get_page(page);
  const vmf: VmFault = { vma, address: address - (address % PAGE_SIZE), flags, page, pfn, pte };
  const r = yield* fn.call(page.pgmap.ops, vmf);
  // A split on the way may have handed the lock and reference to the folio of `pfn`.
  const held = vmf.page ?? page;
  yield* folio_unlock(held);
  yield* put_page_step(held);
  // The driver could not move the page (someone else holds a reference, or its migration
  // failed): the access faults again. The CPU returns to user space, where it can be
  // rescheduled; the model lets the holder run first (see yield_now) rather than call a
  // refault that waits for another CPU a livelock.
  if (r === 0 && still_device_private(vma.vm_mm, address, pfn)) yield* yield_now();
  return r;
}

/** Whether the CPU entry at `address` is still a device-private entry of `pfn`'s folio. */
export function still_device_private(mm: MmStruct, address: number, pfn: number): boolean {
  // A read of the slot and of the one entry.
  if (observing()) footprint('pte peek', mm, address);
  const e = mm.pmd.lookup(pmd_index(address));
  if (e instanceof PmdLeaf) return e.kind === PteKind.DevicePrivate;
  if (e instanceof PteTable) return e.kind[pte_index(address)] === PteKind.DevicePrivate && e.val[pte_index(address)] === pfn;
  return false;
}

/**
 * remove_device_exclusive_entry(): give the page back to the CPU. A reference (none if the page
 * is already being freed: the entry is gone) and the folio lock are taken first, outside the
 * page-table lock; then an MMU_NOTIFY_EXCLUSIVE invalidation (no owner: every device lets go),
 * and the entry is restored if it is still the same.
 */
function* remove_device_exclusive_entry(vma: VmAreaStruct, t: PteTable, i: number, address: number): Sched<number> {
  const mm = vma.vm_mm;
  const haddr = address - (address % PAGE_SIZE);
  const val = t.val[i]!;
  const page = pfn_to_page(val);
  // Before 6.3 (bug switch exclusive-no-ref) no reference was taken: the lock alone.
  const ref = !bug_on('exclusive-no-ref');
  if (page === null || (ref && (page.freed || page.refcount === 0))) return 0;
  if (ref) __get_page(page); // folio_try_get, under the fault's step
  yield* folio_lock(page);
  const range = mmu_notifier_range_init_owner(MMU_NOTIFY_EXCLUSIVE, 0, vma, mm, haddr, haddr + PAGE_SIZE, null);
  yield* mmu_notifier_invalidate_range_start(range);
  if (cur.record) pte_note('restore_exclusive_pte', mm, haddr);
  if (!lone_point()) yield;
  pte_op(mm, haddr);
  if (mm.pmd.get(pmd_index(address)) === t && t.kind[i] === PteKind.DeviceExclusive && t.val[i] === val) {
    assert_invalidating(mm, haddr, haddr + PAGE_SIZE, 'restore_exclusive_pte');
    t.kind[i] = PteKind.Present; // same page, same rmap and reference
  }
  yield* folio_unlock(page);
  if (ref) yield* put_page_step(page);
  yield* mmu_notifier_invalidate_range_end(range);
  return 0;
}

/* ---- entries installed by drivers ------------------------------------------------------ */

/** vm_insert_page(): map a driver's page into a VM_MIXEDMAP VMA (mmap handler); one step. */
export function* vm_insert_page(vma: VmAreaStruct, addr: number, page: Page): Sched<number> {
  if (addr < vma.vm_start || addr >= vma.vm_end) return -EFAULT;
  if (vma.vm_flags & VM_PFNMAP) return -EINVAL;
  vma.vm_flags |= VM_MIXEDMAP;
  if (cur.record) pte_note('vm_insert_page', vma.vm_mm, addr);
  if (!lone_point()) yield;
  pte_op(vma.vm_mm, addr);
  const t = pte_alloc(vma.vm_mm, addr);
  if (t === null) return -EBUSY;
  const i = pte_index(addr);
  if (t.kind[i] !== PteKind.None) return -EBUSY;
  __get_page(page);
  rmap_add(page);
  set_pte(t, i, PteKind.Present, vma.vm_flags & VM_SHARED && vma.vm_flags & VM_WRITE ? PTE_WRITE : 0, page.pfn + 0);
  return 0;
}

/** remap_pfn_range(): special entries (no struct page use) over [addr, addr+size), one step each. */
export function* remap_pfn_range(vma: VmAreaStruct, addr: number, pfn: number, size: number, writable: boolean): Sched<number> {
  vma.vm_flags |= VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP;
  for (let a = addr; a < addr + size; a += PAGE_SIZE, pfn++) {
    if (cur.record) pte_note('remap_pfn_range', vma.vm_mm, a);
    if (!lone_point()) yield;
    pte_op(vma.vm_mm, a);
    const t = pte_alloc(vma.vm_mm, a);
    if (t === null) return -EBUSY;
    set_pte(t, pte_index(a), PteKind.Special, writable ? PTE_WRITE : 0, pfn);
  }
  return 0;
}

/**
 * vmf_insert_pfn(): one special entry from a fault handler; returns VM_FAULT_NOPAGE. It is the
 * fault's own entry change, in the fault's step (the handler must not have done another
 * visible operation before it).
 */
export function vmf_insert_pfn(vma: VmAreaStruct, addr: number, pfn: number): number {
  pte_op(vma.vm_mm, addr);
  const t = pte_alloc(vma.vm_mm, addr);
  if (t === null) return VM_FAULT_OOM;
  const i = pte_index(addr);
  if (t.kind[i] === PteKind.None) set_pte(t, i, PteKind.Special, vma.vm_flags & VM_WRITE ? PTE_WRITE : 0, pfn);
  return VM_FAULT_NOPAGE;
}

/**
 * vmf_insert_mixed() of a devmap pfn (DAX): a devmap entry of the ZONE_DEVICE `page`, writable
 * with `mkwrite` (vmf_insert_mixed_mkwrite). The fault's own entry change, in the step of the
 * fault (whose entry operation that step already is); the entry holds the mapping's reference and rmap count (see PTE_DEVMAP).
 */
export function vmf_insert_mixed(vma: VmAreaStruct, addr: number, page: Page, mkwrite: boolean): number {
  const t = pte_alloc(vma.vm_mm, addr);
  if (t === null) return VM_FAULT_OOM;
  const i = pte_index(addr);
  if (t.kind[i] !== PteKind.None) return VM_FAULT_NOPAGE;
  __get_page(page);
  rmap_add(page);
  set_pte(t, i, PteKind.Present, PTE_DEVMAP | (mkwrite ? PTE_WRITE | PTE_DIRTY : 0), page.pfn);
  return VM_FAULT_NOPAGE;
}

export { set_pte as __set_pte };

/** put_page() as a step of its own (after its scheduling point). */
export function* put_page_step(page: Page): Sched {
  if (cur.record) note('put_page', page.label);
  if (!lone_point()) yield;
  put_page(page);
}

