/*
 * Migration to and from device memory (mm/migrate_device.c): migrate_vma_setup / _pages /
 * _finalize for a range of a VMA (a driver moving memory to its device, or back on a CPU fault),
 * and migrate_device_range / _pages / _finalize for device pfns a driver knows only by pfn
 * (evicting its memory). The driver allocates and locks the destination pages and copies the
 * data between setup and pages; the core does the page-table and struct-page work.
 *
 * The src and dst arrays hold migrate pfns: pfn * 64 + flags (MIGRATE_PFN_*, the kernel's
 * layout with MIGRATE_PFN_SHIFT 6), as plain numbers (pfns stay below 2^31).
 *
 * Protocol and what each stage does:
 *   setup     checks the arguments (-EINVAL), then collects inside an MMU_NOTIFY_MIGRATE
 *             invalidation whose owner is args.pgmap_owner (a driver skips its own page table
 *             for it): per PTE (one step each: the kernel holds the page-table lock) an empty
 *             anonymous entry is selectable with no source page; a present page (SELECT_SYSTEM;
 *             a coherent page of the owner with SELECT_DEVICE_COHERENT) or a device-private
 *             entry of the owner (SELECT_DEVICE_PRIVATE) is referenced, locked with a trylock
 *             (failure: not selected) and replaced by a migration entry. A THP or a
 *             device-private PMD is collected whole with SELECT_COMPOUND on a PMD-aligned
 *             range, else split first. Then the unmap pass: remaining mappings (other processes
 *             after fork) are replaced by migration entries (try_to_migrate), and a folio with
 *             a reference that is not the migration's own (a pin, a GUP) is restored and not
 *             migrated (migrate_vma_check_page).
 *   pages     per source selected and given a destination: for an empty source, the new page
 *             is inserted in the empty entry (device-private entry, or present entry of a
 *             coherent / system page), inside a MIGRATE invalidation; otherwise the source's
 *             reference count must be exactly the migration's (folio_migrate_mapping), or the
 *             page is not migrated. A compound source with a 4 KiB destination is split.
 *   finalize  every migration entry becomes a mapping of the destination (or of the source
 *             again if it was not migrated), and the pages are unlocked and their extra
 *             references dropped (the source is freed when that was its last).
 *
 * Locking: mmap_lock held by the caller (read) for the VMA variants; folio locks as above;
 * every entry change, lock and reference operation is a step of its own.
 */

import { cur, GFP_USER, lone_point, note, visible, type Sched } from '../kernel/index.js';
import { HPAGE_PMD_NR, PAGE_SIZE, PMD_SIZE, VM_HUGETLB, VM_SPECIAL, VM_WRITE } from './constants.js';
import { bug_on } from './bug_switch.js';
import { EBUSY, EINVAL } from './errno.js';
import { split_folio, split_huge_pmd } from './huge_memory.js';
import { migration_entry_wait } from './memory.js';
import { folio_test_lru, lru_add_drain_all } from './lru.js';
import { mmap_assert_locked } from './mm_struct.js';
import { MMU_NOTIFY_MIGRATE, mmu_notifier_invalidate_range_end, mmu_notifier_invalidate_range_start, mmu_notifier_range_init_owner, type MmuNotifierRange } from './mmu_notifier.js';
import { __folio_trylock, __folio_unlock, folio_lock, folio_unlock } from './page_lock.js';
import {
  __get_page,
  __put_page,
  alloc_pages,
  copy_page_data,
  is_zero_pfn,
  PageKind,
  pfn_to_page,
  put_page,
  type Page,
  type VmFault,
} from './page.js';
import { assert_invalidating, PmdLeaf, pte_alloc_one, pte_note, pte_op, pte_op_fine, PteKind, PteTable, PTE_DIRTY, PTE_WRITE, pmd_index, pte_index, rmap_add, rmap_remove } from './pgtable.js';
import { note_migration_site, remove_migration_ptes, try_to_migrate, drop_migration_sites } from './rmap.js';
import { flush_tlb_range, tlb_defer } from './tlb.js';
import { anon_vma_prepare, vma_is_anonymous, type VmAreaStruct } from './vma.js';

/* ---- migrate pfns ------------------------------------------------------------------------ */

export const MIGRATE_PFN_VALID = 1 << 0;
export const MIGRATE_PFN_MIGRATE = 1 << 1;
export const MIGRATE_PFN_WRITE = 1 << 3;
export const MIGRATE_PFN_COMPOUND = 1 << 4;
const MIGRATE_PFN_SHIFT_MUL = 64;

/** migrate_pfn(pfn): a valid entry for pfn. */
export function migrate_pfn(pfn: number): number {
  return pfn * MIGRATE_PFN_SHIFT_MUL + MIGRATE_PFN_VALID;
}
/** The flag bits of a migrate pfn. */
export function mpfn_flags(m: number): number {
  return m % MIGRATE_PFN_SHIFT_MUL;
}
/** The pfn of a valid migrate pfn. */
export function mpfn_pfn(m: number): number {
  return Math.floor(m / MIGRATE_PFN_SHIFT_MUL);
}
export function mpfn_has(m: number, f: number): boolean {
  return (mpfn_flags(m) & f) !== 0;
}
export function mpfn_set(m: number, f: number): number {
  return m - mpfn_flags(m) + (mpfn_flags(m) | f);
}
export function mpfn_clear(m: number, f: number): number {
  return m - mpfn_flags(m) + (mpfn_flags(m) & ~f);
}
/** migrate_pfn_to_page(): the page of a valid entry, or null. */
export function migrate_pfn_to_page(m: number): Page | null {
  if (!mpfn_has(m, MIGRATE_PFN_VALID)) return null;
  return pfn_to_page(mpfn_pfn(m));
}

/* ---- struct migrate_vma -------------------------------------------------------------------- */

export const MIGRATE_VMA_SELECT_SYSTEM = 1 << 0;
export const MIGRATE_VMA_SELECT_DEVICE_PRIVATE = 1 << 1;
export const MIGRATE_VMA_SELECT_DEVICE_COHERENT = 1 << 2;
export const MIGRATE_VMA_SELECT_COMPOUND = 1 << 3;

/** struct migrate_vma. `src` and `dst` need room for (end - start) / PAGE_SIZE entries. */
export class MigrateVma {
  vma: VmAreaStruct | null = null;
  start = 0;
  end = 0;
  src: number[] = [];
  dst: number[] = [];
  /** Entries collected (set by setup). */
  npages = 0;
  /** Entries selected for migration (set by setup). */
  cpages = 0;
  pgmap_owner: unknown = null;
  flags = 0;
  /** The locked device-private page of a CPU fault (migrate_to_ram), or null. */
  fault_page: Page | null = null;
  /**
   * The CPU fault it serves (migrate_to_ram sets it): if the folio of fault_page is split on
   * the way, the fault's lock and reference move to the new folio of the faulting pfn, and
   * vmf.page with them (the kernel's fault_page is that exact sub-page all along).
   */
  vmf: VmFault | null = null;
  constructor(init: Partial<MigrateVma> = {}) {
    Object.assign(this, init);
  }
}

/* ---- collect ------------------------------------------------------------------------------- */

/** Has the page a mapping (an anon_vma or an address_space), as page->mapping != NULL? */
function has_mapping(page: Page): boolean {
  return page.kind === PageKind.Anon || page.kind === PageKind.DevicePrivate || page.kind === PageKind.DeviceCoherent || page.mapping !== null;
}

function collect_skip(m: MigrateVma, start: number, end: number): void {
  for (let a = start; a < end; a += PAGE_SIZE) {
    m.dst[m.npages] = 0;
    m.src[m.npages++] = 0;
  }
}

function collect_hole(m: MigrateVma, start: number, end: number): void {
  const vma = m.vma!;
  if (!vma_is_anonymous(vma)) return collect_skip(m, start, end);
  if (m.flags & MIGRATE_VMA_SELECT_COMPOUND && start % PMD_SIZE === 0 && end % PMD_SIZE === 0) {
    m.src[m.npages] = MIGRATE_PFN_MIGRATE | MIGRATE_PFN_COMPOUND;
    m.dst[m.npages++] = 0;
    m.cpages++;
    // The rest as empty entries, in case the migration has to split later.
    return collect_skip(m, start + PAGE_SIZE, end);
  }
  for (let a = start; a < end; a += PAGE_SIZE) {
    m.src[m.npages] = MIGRATE_PFN_MIGRATE;
    m.dst[m.npages++] = 0;
    m.cpages++;
  }
}

const AGAIN = 1;
const DONE_PMD = 0;
const WALK_PTES = -1;

/** One PMD leaf (THP, huge zero page, device-private PMD); its own step. */
function* collect_huge_pmd(m: MigrateVma, start: number, end: number): Sched<number> {
  const vma = m.vma!;
  const mm = vma.vm_mm;
  const k = pmd_index(start);
  if (cur.record) pte_note('migrate_vma_collect_huge_pmd', mm, start);
  if (!lone_point()) yield;
  // The slot, and if it holds a leaf the leaf and its folio (references, lock, rmap, dirty).
  pte_op_fine(mm, start);
  const e = mm.pmd.lookup(k);
  if (e === undefined) {
    collect_hole(m, start, end);
    return DONE_PMD;
  }
  if (!(e instanceof PmdLeaf)) return WALK_PTES;
  let write = 0;
  if (e.kind === PteKind.Zero) {
    collect_hole(m, start, end);
    return DONE_PMD;
  }
  if (e.kind === PteKind.Present) {
    if ((m.flags & MIGRATE_VMA_SELECT_SYSTEM) === 0) {
      collect_skip(m, start, end);
      return DONE_PMD;
    }
    if (e.flags & PTE_WRITE) write = MIGRATE_PFN_WRITE;
  } else if (e.kind === PteKind.Migration) {
    yield* migration_entry_wait(mm, start);
    return AGAIN;
  } else if (e.kind === PteKind.DevicePrivate) {
    const dp = pfn_to_page(e.pfn);
    if ((m.flags & MIGRATE_VMA_SELECT_DEVICE_PRIVATE) === 0 || dp === null || dp.pgmap?.owner !== m.pgmap_owner) {
      collect_skip(m, start, end);
      return DONE_PMD;
    }
    if (e.flags & PTE_WRITE) write = MIGRATE_PFN_WRITE;
  } else {
    collect_skip(m, start, end);
    return DONE_PMD;
  }
  const folio = pfn_to_page(e.pfn)!;
  const fault = m.fault_page;
  __get_page(folio);
  if (folio !== fault && !__folio_trylock(folio)) {
    __put_page(folio);
    collect_skip(m, start, end);
    return DONE_PMD;
  }
  if (m.flags & MIGRATE_VMA_SELECT_COMPOUND && start % PMD_SIZE === 0 && end % PMD_SIZE === 0) {
    assert_invalidating(mm, start, start + PMD_SIZE, 'set_pmd_migration_entry');
    m.src[m.npages] = migrate_pfn(folio.pfn) + write + MIGRATE_PFN_MIGRATE + MIGRATE_PFN_COMPOUND;
    m.dst[m.npages++] = 0;
    m.cpages++;
    if (e.flags & PTE_DIRTY) folio.dirty = true;
    note_migration_site(folio, { mm, vma, addr: start, table: e, pfn: e.pfn, was: e.kind });
    e.kind = PteKind.Migration;
    rmap_remove(folio);
    __put_page(folio); // the mapping's reference; the one taken above pins the folio
    collect_skip(m, start + PAGE_SIZE, end);
    return DONE_PMD;
  }
  // Not as a whole: split the folio (its PMD mapping first), then walk the PTEs.
  const r = yield* split_folio(folio);
  if (folio !== fault) yield* folio_unlock(folio);
  else if (r === 0) follow_fault_page(m);
  yield* put_page_point(folio);
  if (r !== 0) {
    collect_skip(m, start, end);
    return DONE_PMD;
  }
  if (mm.pmd.lookup(k) === undefined) {
    collect_hole(m, start, end);
    return DONE_PMD;
  }
  return WALK_PTES;
}

function* put_page_point(page: Page): Sched {
  if (cur.record) note('folio_put', page.label);
  if (!lone_point()) yield;
  put_page(page);
}

/**
 * The PTEs of [start, end) within one PMD; each entry its own step. Each present entry replaced
 * by a migration entry is flushed in the step of its change, as under the page-table lock.
 * Before 6.0 (switch migrate-collect-late-flush) the flush came after the lock was dropped: the
 * replaced translations stay in other CPUs' TLBs until flush_tlb_range, a step of its own after
 * the loop (or before a split, which also runs with the lock dropped).
 */
function* collect_ptes(m: MigrateVma, start: number, end: number): Sched<number> {
  const late = bug_on('migrate-collect-late-flush');
  const deferred = { n: 0 };
  const r = yield* collect_ptes_locked(m, start, end, late ? deferred : null);
  if (deferred.n > 0) yield* flush_tlb_range(m.vma!.vm_mm, start, end);
  return r;
}

function* collect_ptes_locked(m: MigrateVma, start: number, end: number, deferred: { n: number } | null): Sched<number> {
  const vma = m.vma!;
  const mm = vma.vm_mm;
  const k = pmd_index(start);
  // The late flush of what the loop replaced so far, once the lock is dropped for a split.
  function* flush_deferred(): Sched {
    if (deferred === null || deferred.n === 0) return;
    deferred.n = 0;
    yield* flush_tlb_range(mm, start, end);
  }
  for (let addr = start; addr < end; ) {
    if (cur.record) pte_note('migrate_vma_collect_pmd', mm, addr);
    if (!lone_point()) yield;
    // One entry and the folio it maps (reference, trylock, pin check, rmap, dirty bit); a
    // large folio is split in steps of its own, and the deferred TLB entry records itself.
    pte_op_fine(mm, addr);
    const t = mm.pmd.lookup(k);
    if (!(t instanceof PteTable)) return AGAIN; // the PMD changed under us: start it again
    const i = pte_index(addr);
    const kind = t.kind[i]! as PteKind;
    let mpfn = 0;
    let page: Page | null = null;
    if (kind === PteKind.None) {
      if (vma_is_anonymous(vma)) {
        mpfn = MIGRATE_PFN_MIGRATE;
        m.cpages++;
      }
    } else if (kind === PteKind.DevicePrivate) {
      page = pfn_to_page(t.val[i]!);
      if (page !== null && (m.flags & MIGRATE_VMA_SELECT_DEVICE_PRIVATE) !== 0 && page.pgmap?.owner === m.pgmap_owner) {
        if (page.order > 0) {
          yield* flush_deferred();
          if ((yield* collect_split(m, page)) !== 0) {
            collect_skip(m, addr, end);
            return DONE_PMD;
          }
          continue; // the same entry again, now of an order-0 folio
        }
        mpfn = migrate_pfn(t.val[i]!) + MIGRATE_PFN_MIGRATE + (t.flags[i]! & PTE_WRITE ? MIGRATE_PFN_WRITE : 0);
      } else page = null;
    } else if (kind === PteKind.Present || kind === PteKind.Zero || kind === PteKind.Special) {
      const pfn = t.val[i]!;
      if (is_zero_pfn(pfn) && (m.flags & MIGRATE_VMA_SELECT_SYSTEM) !== 0) {
        mpfn = MIGRATE_PFN_MIGRATE;
        m.cpages++;
      } else if (kind === PteKind.Present) {
        page = pfn_to_page(pfn);
        const device = page !== null && (page.kind === PageKind.DeviceCoherent || page.kind === PageKind.DevicePrivate);
        if (page !== null && !device && (m.flags & MIGRATE_VMA_SELECT_SYSTEM) === 0) page = null;
        else if (page !== null && page.kind === PageKind.DeviceCoherent && ((m.flags & MIGRATE_VMA_SELECT_DEVICE_COHERENT) === 0 || page.pgmap?.owner !== m.pgmap_owner)) page = null;
        if (page !== null && page.order > 0) {
          yield* flush_deferred();
          if ((yield* collect_split(m, page)) !== 0) {
            collect_skip(m, addr, end);
            return DONE_PMD;
          }
          continue;
        }
        if (page !== null) mpfn = migrate_pfn(pfn) + MIGRATE_PFN_MIGRATE + (t.flags[i]! & PTE_WRITE ? MIGRATE_PFN_WRITE : 0);
      }
    }
    if (page !== null) {
      if (!has_mapping(page)) mpfn = 0;
      else {
        // Reference and lock under the page-table lock, then the migration entry.
        __get_page(page);
        if (page === m.fault_page || __folio_trylock(page)) {
          if (page.pincount > 0) {
            // folio_try_share_anon_rmap: a page that may be pinned keeps its entry.
            if (page !== m.fault_page) __folio_unlock(page);
            __put_page(page);
            mpfn = 0;
          } else {
            assert_invalidating(mm, addr, addr + PAGE_SIZE, 'migrate_vma_collect_pmd');
            m.cpages++;
            // The PTE's dirty bit moves to the folio (before 6.0 it was dropped: a failed
            // migration then restores a clean entry over data the slot does not hold).
            if (t.flags[i]! & PTE_DIRTY && !bug_on('migrate-collect-lost-dirty')) page.dirty = true;
            // A present entry leaves the CPUs' TLBs in this step, unless its flush comes late.
            if (deferred !== null && kind === PteKind.Present) {
              tlb_defer(mm, addr, t.val[i]!);
              deferred.n++;
            }
            note_migration_site(page, { mm, vma, addr, table: t, pfn: t.val[i]!, was: kind });
            t.kind[i] = PteKind.Migration;
            t.flags[i] = mpfn_has(mpfn, MIGRATE_PFN_WRITE) ? PTE_WRITE : 0;
            rmap_remove(page);
            __put_page(page); // the mapping's; the reference taken above pins the page
          }
        } else {
          __put_page(page);
          mpfn = 0;
        }
      }
    }
    m.dst[m.npages] = 0;
    m.src[m.npages++] = mpfn;
    addr += PAGE_SIZE;
  }
  return DONE_PMD;
}

/** migrate_vma_split_folio(): split a large folio met by the PTE walk (outside the ptl). */
function* collect_split(m: MigrateVma, folio: Page): Sched<number> {
  const fault = m.fault_page;
  if (folio !== fault) {
    yield* get_page_point(folio);
    yield* folio_lock(folio);
  }
  const r = yield* split_folio(folio);
  if (folio !== fault) {
    yield* folio_unlock(folio);
    yield* put_page_point(folio);
  } else if (r === 0) follow_fault_page(m);
  return r;
}

/**
 * After a split of the fault's folio: the fault holds the lock and a reference of the folio
 * that now contains the faulting pfn (part of the split's step, as the kernel hands them over
 * before anyone can see the new folios).
 */
function follow_fault_page(m: MigrateVma): void {
  const old = m.fault_page;
  if (old === null || m.vmf === null) return;
  const nf = pfn_to_page(m.vmf.pfn ?? old.pfn);
  if (nf === null || nf === old) return;
  nf.locked = true;
  nf.refcount++;
  old.refcount--;
  __folio_unlock(old);
  m.fault_page = nf;
  m.vmf.page = nf;
}

function* get_page_point(page: Page): Sched {
  if (cur.record) note('folio_get', page.label);
  if (!lone_point()) yield;
  visible('get_page', page);
  __get_page(page);
}

function* migrate_vma_collect(m: MigrateVma): Sched {
  const vma = m.vma!;
  const range = mmu_notifier_range_init_owner(MMU_NOTIFY_MIGRATE, 0, vma, vma.vm_mm, m.start, m.end, m.pgmap_owner);
  yield* mmu_notifier_invalidate_range_start(range);
  for (let a = m.start; a < m.end; ) {
    const next = Math.min(m.end, (pmd_index(a) + 1) * PMD_SIZE);
    const mm = vma.vm_mm;
    // Which walk: a read of the slot alone (each walk reads again in its own steps).
    const e = mm.pmd.lookup(pmd_index(a));
    let r: number = WALK_PTES;
    if (e === undefined || e instanceof PmdLeaf) r = yield* collect_huge_pmd(m, a, next);
    if (r === AGAIN) continue;
    if (r === WALK_PTES) {
      if (mm.pmd.lookup(pmd_index(a)) === undefined) pte_alloc_one(mm, a);
      const n0 = m.npages;
      const c0 = m.cpages;
      const rr = yield* collect_ptes(m, a, next);
      if (rr === AGAIN) {
        // Start this PMD again from its first entry (what was collected there is kept).
        const done = m.npages - n0;
        a += done * PAGE_SIZE;
        void c0;
        continue;
      }
    }
    a = next;
  }
  yield* mmu_notifier_invalidate_range_end(range);
  m.end = m.start + m.npages * PAGE_SIZE;
}

/* ---- unmap --------------------------------------------------------------------------------- */

/** migrate_vma_check_page(): no reference beyond the mappings and the migration's own. */
function migrate_vma_check_page(page: Page, fault: Page | null): boolean {
  let extra = 1 + (page === fault ? 1 : 0);
  // ZONE_DEVICE folios are allowed one more (the kernel's rule kept from their old refcounting).
  if (page.kind === PageKind.DevicePrivate || page.kind === PageKind.DeviceCoherent) extra++;
  if (page.mapping !== null) extra += 1;
  if (page.pincount > 0) return false;
  return page.refcount - extra <= page.mapcount;
}

/** migrate_device_unmap(): the unmap pass; returns the number of entries still migrating. */
function* migrate_device_unmap(src: number[], npages: number, fault: Page | null): Sched<number> {
  let restore = 0;
  let unmapped = 0;
  let allow_drain = true;
  for (let i = 0; i < npages; ) {
    // Most entries of a device range are empty (a chunk has 65,536 pages): skipped at once.
    if (src[i] === 0) {
      i++;
      continue;
    }
    const page = migrate_pfn_to_page(src[i]!);
    let nr = 1;
    if (page === null) {
      if (mpfn_has(src[i]!, MIGRATE_PFN_MIGRATE)) unmapped++;
      i += nr;
      continue;
    }
    nr = 1 << page.order;
    if (nr > 1) src[i] = mpfn_set(src[i]!, MIGRATE_PFN_COMPOUND);
    // A system folio still in a CPU's lru_add batch: drain every CPU's batch, once per batch
    // of the migration, with every folio collected so far still locked.
    if (page.kind !== PageKind.DevicePrivate && page.kind !== PageKind.DeviceCoherent && !folio_test_lru(page) && allow_drain) {
      yield* lru_add_drain_all();
      allow_drain = false;
    }
    if (page.mapcount > 0) yield* try_to_migrate(page);
    // The reference check reads counts other threads change: a step of its own.
    if (cur.record) note('migrate_vma_check_page', page.label);
    if (!lone_point()) yield;
    visible('folio refcount', page);
    if (page.mapcount > 0 || !migrate_vma_check_page(page, fault)) {
      src[i] = mpfn_clear(src[i]!, MIGRATE_PFN_MIGRATE);
      restore++;
    } else unmapped++;
    i += nr;
  }
  for (let i = 0; i < npages && restore; i++) {
    const page = migrate_pfn_to_page(src[i]!);
    if (page === null || mpfn_has(src[i]!, MIGRATE_PFN_MIGRATE)) continue;
    yield* remove_migration_ptes(page, page);
    src[i] = 0;
    if (page !== fault) yield* folio_unlock(page);
    yield* put_page_point(page);
    restore--;
  }
  return unmapped;
}

/* ---- setup --------------------------------------------------------------------------------- */

/**
 * migrate_vma_setup(args): 0, or -EINVAL for bad arguments (no VMA, hugetlb or special VMA,
 * an empty range or one outside the VMA, missing arrays, a fault page that is not a locked
 * device-private page). The caller holds the mmap_lock.
 */
export function* migrate_vma_setup(args: MigrateVma): Sched<number> {
  const nr_pages = Math.floor((args.end - args.start) / PAGE_SIZE);
  args.start -= args.start % PAGE_SIZE;
  args.end -= args.end % PAGE_SIZE;
  const vma = args.vma;
  if (vma === null || vma.vm_flags & VM_HUGETLB || vma.vm_flags & VM_SPECIAL) return -EINVAL;
  if (nr_pages <= 0) return -EINVAL;
  if (args.start < vma.vm_start || args.start >= vma.vm_end) return -EINVAL;
  if (args.end <= vma.vm_start || args.end > vma.vm_end) return -EINVAL;
  if (!args.src || !args.dst) return -EINVAL;
  if (args.fault_page !== null && (args.fault_page.kind !== PageKind.DevicePrivate || !args.fault_page.locked)) return -EINVAL;
  mmap_assert_locked(vma.vm_mm, 'migrate_vma_setup');
  for (let i = 0; i < nr_pages; i++) args.src[i] = 0;
  args.cpages = 0;
  args.npages = 0;
  yield* migrate_vma_collect(args);
  if (args.cpages) args.cpages = yield* migrate_device_unmap(args.src, args.npages, args.fault_page);
  return 0;
}

/* ---- pages ---------------------------------------------------------------------------------- */

/** migrate_vma_insert_page(): map the new page where there was nothing (or the zero page). */
function* migrate_vma_insert_page(m: MigrateVma, addr: number, di: number, si: number): Sched {
  const page = migrate_pfn_to_page(m.dst[di]!)!;
  const vma = m.vma!;
  const mm = vma.vm_mm;
  const abort = () => {
    m.src[si] = mpfn_clear(m.src[si]!, MIGRATE_PFN_MIGRATE);
  };
  if (!vma_is_anonymous(vma)) return abort();
  const device = page.kind === PageKind.DevicePrivate;
  if (page.kind !== PageKind.DevicePrivate && page.kind !== PageKind.DeviceCoherent && page.kind !== PageKind.Anon) return abort();
  const writable = (vma.vm_flags & VM_WRITE) !== 0;
  const k = pmd_index(addr);
  if (mpfn_has(m.dst[di]!, MIGRATE_PFN_COMPOUND)) {
    // migrate_vma_insert_huge_pmd_page(): a whole PMD for a THP-sized destination.
    if (cur.record) pte_note('migrate_vma_insert_huge_pmd_page', mm, addr);
    if (!lone_point()) yield;
    // The slot and the new folio; the VMA's anon_vma, if this step creates it, is coarse.
    if (vma.anon_vma !== null) pte_op_fine(mm, addr);
    else pte_op(mm, addr);
    const e = mm.pmd.lookup(k);
    if (addr % PMD_SIZE !== 0 || addr < vma.vm_start || addr + PMD_SIZE > vma.vm_end || (e !== undefined && !(e instanceof PmdLeaf && e.kind === PteKind.Zero)) || (e === undefined ? false : e instanceof PteTable)) {
      for (let j = 0; j < HPAGE_PMD_NR && si + j < m.npages; j++) m.src[si + j] = mpfn_clear(m.src[si + j]!, MIGRATE_PFN_MIGRATE);
      return;
    }
    if (e !== undefined) assert_invalidating(mm, addr, addr + PMD_SIZE, 'migrate_vma_insert_huge_pmd_page');
    anon_vma_prepare(vma);
    page.kind = device ? PageKind.DevicePrivate : page.kind;
    __get_page(page);
    rmap_add(page);
    mm.pmd.set(k, new PmdLeaf(device ? PteKind.DevicePrivate : PteKind.Present, writable ? PTE_WRITE | (device ? 0 : PTE_DIRTY) : 0, page.pfn, false));
    return;
  }
  const e = mm.pmd.lookup(k);
  if (e instanceof PmdLeaf) {
    if (e.kind !== PteKind.Zero) return abort();
    yield* split_huge_pmd(vma, addr);
  }
  if (cur.record) pte_note('migrate_vma_insert_page', mm, addr);
  if (!lone_point()) yield;
  // One entry (a new table is a recorded change of the slot) and the new folio; the VMA's
  // anon_vma, if this step creates it, is coarse.
  if (vma.anon_vma !== null) pte_op_fine(mm, addr);
  else pte_op(mm, addr);
  const t = pte_alloc_one(mm, addr);
  if (t === null) return abort();
  const i = pte_index(addr);
  const kind = t.kind[i]! as PteKind;
  if (kind === PteKind.Zero || (kind === PteKind.Present && is_zero_pfn(t.val[i]!))) {
    assert_invalidating(mm, addr, addr + PAGE_SIZE, 'migrate_vma_insert_page');
  } else if (kind !== PteKind.None) return abort();
  anon_vma_prepare(vma);
  __get_page(page);
  rmap_add(page);
  if (kind === PteKind.None) t.nr++;
  t.kind[i] = device ? PteKind.DevicePrivate : PteKind.Present;
  t.flags[i] = writable ? PTE_WRITE | (device ? 0 : PTE_DIRTY) : 0;
  t.val[i] = page.pfn;
  m.src[si] = MIGRATE_PFN_MIGRATE;
}

/**
 * A compound source with a 4 KiB destination: split its PMD migration entry into PTE migration
 * entries and the folio into 4 KiB pages (migrate_vma_split_unmapped_folio); the source entries
 * become one per page.
 */
function* split_unmapped_folio(m: MigrateVma, idx: number, folio: Page): Sched<number> {
  // Every new 4 KiB page is locked and pinned by the migration, as the head was.
  const r = yield* split_folio(folio, true);
  if (r !== 0) return r;
  const flags = mpfn_flags(m.src[idx]!) & ~MIGRATE_PFN_COMPOUND;
  const pfn = mpfn_pfn(m.src[idx]!);
  m.src[idx] = pfn * MIGRATE_PFN_SHIFT_MUL + flags;
  for (let i = 1; i < HPAGE_PMD_NR; i++) m.src[idx + i] = (pfn + i) * MIGRATE_PFN_SHIFT_MUL + flags;
  return 0;
}

function* migrate_device_pages_inner(src: number[], dst: number[], npages: number, m: MigrateVma | null): Sched {
  let range: MmuNotifierRange | null = null;
  for (let i = 0; i < npages; ) {
    // An empty entry on both sides has nothing to move (see migrate_device_unmap).
    if (src[i] === 0 && dst[i] === 0) {
      i++;
      continue;
    }
    const newpage = migrate_pfn_to_page(dst[i]!);
    const page = migrate_pfn_to_page(src[i]!);
    let nr = 1;
    if (newpage === null) {
      src[i] = mpfn_clear(src[i]!, MIGRATE_PFN_MIGRATE);
      i += nr;
      continue;
    }
    if (page === null) {
      if (!mpfn_has(src[i]!, MIGRATE_PFN_MIGRATE) || m === null) {
        i += nr;
        continue;
      }
      const addr = m.start + i * PAGE_SIZE;
      if (range === null) {
        range = mmu_notifier_range_init_owner(MMU_NOTIFY_MIGRATE, 0, m.vma, m.vma!.vm_mm, addr, m.end, m.pgmap_owner);
        yield* mmu_notifier_invalidate_range_start(range);
      }
      if (mpfn_has(src[i]!, MIGRATE_PFN_COMPOUND) && !mpfn_has(dst[i]!, MIGRATE_PFN_COMPOUND)) {
        nr = HPAGE_PMD_NR;
        src[i] = mpfn_clear(src[i]!, MIGRATE_PFN_COMPOUND);
      }
      for (let j = 0; j < nr && i + j < npages; j++) {
        src[i + j] = mpfn_set(src[i + j]!, MIGRATE_PFN_MIGRATE);
        if (migrate_pfn_to_page(dst[i + j]!) === null) {
          src[i + j] = mpfn_clear(src[i + j]!, MIGRATE_PFN_MIGRATE);
          continue;
        }
        yield* migrate_vma_insert_page(m, addr + j * PAGE_SIZE, i + j, i + j);
      }
      i += nr;
      continue;
    }
    if (mpfn_has(src[i]!, MIGRATE_PFN_MIGRATE) && mpfn_has(src[i]!, MIGRATE_PFN_COMPOUND) && !mpfn_has(dst[i]!, MIGRATE_PFN_COMPOUND)) {
      if (m === null || (yield* split_unmapped_folio(m, i, page)) !== 0) {
        src[i] = mpfn_clear(src[i]!, MIGRATE_PFN_MIGRATE | MIGRATE_PFN_COMPOUND);
        i += 1 << page.order;
        continue;
      }
      nr = HPAGE_PMD_NR;
    } else if (mpfn_has(src[i]!, MIGRATE_PFN_MIGRATE) && mpfn_has(dst[i]!, MIGRATE_PFN_COMPOUND) && !mpfn_has(src[i]!, MIGRATE_PFN_COMPOUND)) {
      src[i] = mpfn_clear(src[i]!, MIGRATE_PFN_MIGRATE);
    }
    if (newpage.kind === PageKind.DevicePrivate || newpage.kind === PageKind.DeviceCoherent) {
      // Only anonymous memory moves into device memory (page_mapping(): a swap-cache page
      // has one, the swap space's).
      if (page.mapping !== null || page.swap_slot !== 0) {
        src[i] = mpfn_clear(src[i]!, MIGRATE_PFN_MIGRATE);
        i += nr;
        continue;
      }
    }
    const extra = m !== null && m.fault_page === page ? 1 : 0;
    for (let j = 0; j < nr && i + j < npages; j++) {
      const s = migrate_pfn_to_page(src[i + j]!);
      const d = migrate_pfn_to_page(dst[i + j]!);
      if (s === null || d === null || !mpfn_has(src[i + j]!, MIGRATE_PFN_MIGRATE)) continue;
      // folio_migrate_mapping(): freeze the count at what migration expects, or give up.
      if (cur.record) note('folio_migrate_mapping', s.label);
      if (!lone_point()) yield;
      visible('folio refcount', s);
      if (s.refcount !== 1 + extra || s.mapcount !== 0 || s.pincount > 0) src[i + j] = mpfn_clear(src[i + j]!, MIGRATE_PFN_MIGRATE);
      else {
        // folio_migrate_flags(): the new folio is what the old one was.
        d.dirty = s.dirty;
        if (d.kind === PageKind.Anon || d.kind === PageKind.Kernel) d.kind = PageKind.Anon;
        // The swap cache's entry moves to the new page with the mapping.
        d.swap_slot = s.swap_slot;
        s.swap_slot = 0;
      }
    }
    i += nr;
  }
  if (range !== null) yield* mmu_notifier_invalidate_range_end(range);
}

/** migrate_vma_pages(): migrate the struct-page information of every selected page. */
export function* migrate_vma_pages(m: MigrateVma): Sched {
  yield* migrate_device_pages_inner(m.src, m.dst, m.npages, m);
}

/** migrate_device_pages(): the same for migrate_device_range() sources. */
export function* migrate_device_pages(src: number[], dst: number[], npages: number): Sched {
  yield* migrate_device_pages_inner(src, dst, npages, null);
}

/* ---- finalize ------------------------------------------------------------------------------- */

function* migrate_device_finalize_inner(src: number[], dst: number[], npages: number, fault: Page | null): Sched {
  for (let i = 0; i < npages; i++) {
    // An empty entry on both sides has nothing to finish (see migrate_device_unmap).
    if (src[i] === 0 && dst[i] === 0) continue;
    let d = migrate_pfn_to_page(dst[i]!);
    const s = migrate_pfn_to_page(src[i]!);
    if (s === null) {
      if (d !== null) {
        yield* folio_unlock(d);
        yield* put_page_point(d);
      }
      continue;
    }
    if (!mpfn_has(src[i]!, MIGRATE_PFN_MIGRATE) || d === null) {
      if (d !== null) {
        yield* folio_unlock(d);
        yield* put_page_point(d);
      }
      d = s;
    }
    yield* remove_migration_ptes(s, d);
    if (s !== fault) yield* folio_unlock(s);
    yield* put_page_point(s);
    if (d !== s) {
      yield* folio_unlock(d);
      yield* put_page_point(d);
    }
  }
}

/** migrate_vma_finalize(): map the new pages (or the old ones again) and drop the extra references. */
export function* migrate_vma_finalize(m: MigrateVma): Sched {
  yield* migrate_device_finalize_inner(m.src, m.dst, m.npages, m.fault_page);
}

/** migrate_device_finalize(): the same for migrate_device_range() sources. */
export function* migrate_device_finalize(src: number[], dst: number[], npages: number): Sched {
  yield* migrate_device_finalize_inner(src, dst, npages, null);
}

/* ---- by pfn ---------------------------------------------------------------------------------- */

/**
 * migrate_device_range(src, start, npages): select the device pfns [start, start + npages) that
 * are in use (a reference and the lock taken, each a step) and unmap them wherever they are
 * mapped. A large folio takes its head's entry (COMPOUND), its tail entries are 0.
 */
export function* migrate_device_range(src: number[], start: number, npages: number): Sched<number> {
  for (let i = 0, pfn = start; i < npages; i++, pfn++) {
    src[i] = 0;
    const page = pfn_to_page(pfn);
    if (page === null || page.pfn !== pfn) continue;
    // folio_get_nontail_page(): only a folio with references can be taken.
    if (cur.record) note('folio_try_get', page.label);
    if (!lone_point()) yield;
    visible('get_page', page);
    if (page.freed || page.refcount === 0) continue;
    __get_page(page);
    if (cur.record) note('folio_trylock', page.label);
    if (!lone_point()) yield;
    visible('folio_lock', page);
    if (!__folio_trylock(page)) {
      yield* put_page_point(page);
      continue;
    }
    src[i] = migrate_pfn(pfn) + MIGRATE_PFN_MIGRATE;
    const nr = 1 << page.order;
    if (nr > 1) {
      src[i] = mpfn_set(src[i]!, MIGRATE_PFN_COMPOUND);
      for (let j = 1; j < nr && i + j < npages; j++) src[i + j] = 0;
      i += nr - 1;
      pfn += nr - 1;
    }
  }
  yield* migrate_device_unmap(src, npages, null);
  return 0;
}

/**
 * migrate_device_coherent_folio(): move one device-coherent page back to system memory (a
 * long-term pin may not keep it). The caller's reference goes to the new page on success and is
 * dropped on failure; -EBUSY if it could not be moved.
 */
export function* migrate_device_coherent_folio(page: Page): Sched<number> {
  yield* folio_lock(page);
  const src = [migrate_pfn(page.pfn) + MIGRATE_PFN_MIGRATE];
  const dst = [0];
  yield* migrate_device_unmap(src, 1, null);
  if (!mpfn_has(src[0]!, MIGRATE_PFN_MIGRATE)) return -EBUSY;
  const d = alloc_pages(0, PageKind.Anon, GFP_USER);
  yield* folio_lock(d);
  dst[0] = migrate_pfn(d.pfn);
  yield* migrate_device_pages(src, dst, 1);
  if (mpfn_has(src[0]!, MIGRATE_PFN_MIGRATE)) copy_page_data(d, 0, page, 0, PAGE_SIZE);
  yield* migrate_device_finalize(src, dst, 1);
  return mpfn_has(src[0]!, MIGRATE_PFN_MIGRATE) ? 0 : -EBUSY;
}

/** Forget what a migration recorded for a source it never unmapped (driver error paths). */
export function migrate_forget(page: Page): void {
  drop_migration_sites(page);
}
