/*
 * lib/test_hmm.c's migration and exclusive-access commands in the model: MIGRATE_TO_DEV
 * (system memory into the device's memory), MIGRATE_TO_SYS (back), EXCLUSIVE (atomic access
 * through device-exclusive entries) and CHECK_EXCLUSIVE, all on design v6.
 *
 * The protocol each migration follows, as every GPU-SVM driver does (mm/migrate_device.c):
 *   migrate_vma_setup   the core collects and unmaps the pages (migration entries, locked);
 *   alloc_and_copy      the driver allocates locked destination pages and copies the data;
 *   migrate_vma_pages   the core moves the struct-page state (or gives up per page);
 *   finalize_and_map    (to device) the driver programs its page table with the new pages;
 *   migrate_vma_finalize the core maps the destinations (or the sources again) and unlocks.
 * A range is handled one VMA and at most PTRS_PER_PTE pages at a time, with MIGRATE_VMA_SELECT_
 * COMPOUND so that a PMD-aligned THP (or an empty PMD-sized hole) moves as one device folio.
 *
 * Locking: the mmap_lock (read) across the walk, with an mm user reference (mmget_not_zero;
 * -EINVAL without one); dmirror->mutex around every device page-table update and the final
 * bounce read. The device's own MMU_NOTIFY_MIGRATE invalidations are ignored by its notifier
 * (dmirror.ts), so its old entries stay until finalize_and_map overwrites them: the device
 * checker (device.ts) holds them as "migrating" and decides when the migration entries go.
 */

import { mutex_lock, mutex_unlock, WARN_ON, type Sched } from '../../kernel/index.js';
import {
  clear_page_range,
  copy_page_data,
  device_exclusive_done,
  EFAULT,
  EINVAL,
  ENOMEM,
  EPERM,
  make_device_exclusive,
  MIGRATE_PFN_COMPOUND,
  MIGRATE_PFN_MIGRATE,
  MIGRATE_PFN_VALID,
  MIGRATE_PFN_WRITE,
  MIGRATE_VMA_SELECT_COMPOUND,
  MIGRATE_VMA_SELECT_SYSTEM,
  migrate_pfn,
  migrate_pfn_to_page,
  migrate_vma_finalize,
  migrate_vma_pages,
  migrate_vma_setup,
  MigrateVma,
  mmap_read_lock,
  mmap_read_unlock,
  mmget_not_zero,
  mmput,
  mpfn_has,
  mpfn_pfn,
  PAGE_SIZE,
  PageKind,
  PTRS_PER_PTE,
  vma_lookup,
  VM_READ,
  type MmStruct,
  type Page,
} from '../../mm/index.js';
import { device_lookup, device_map } from '../device.js';
import { dmirror_bounce_fini, dmirror_bounce_init, dmirror_do_read } from './bounce.js';
import { BACKING_PAGE, dmirror_devmem_alloc_page, dmirror_devmem_fault_alloc_and_copy, dmirror_is_private_zone, dmirror_select_device, dmirror_take_fail_alloc, type DevmemMirror } from './devmem.js';
import type { HmmDmirrorCmd } from './uapi.js';
import type { UserAccess } from './uaccess.js';

/** A mirror as the migration commands see it: device memory, and the mm it mirrors. */
export interface MigratingMirror extends DevmemMirror {
  readonly notifier: { mm: MmStruct | null };
}

function is_zone_device_page(page: Page): boolean {
  return page.kind === PageKind.DevicePrivate || page.kind === PageKind.DeviceCoherent;
}

/** Copy source sub-page `si` of `spage` into sub-page `di` of `rpage`, or zero it with no source. */
function copy_or_clear(rpage: Page, di: number, spage: Page | null, spfn: number): void {
  if (spage !== null) copy_page_data(rpage, di * PAGE_SIZE, spage, (spfn - spage.pfn) * PAGE_SIZE, PAGE_SIZE);
  else clear_page_range(rpage, di * PAGE_SIZE, PAGE_SIZE);
}

/**
 * dmirror_migrate_alloc_and_copy(): a device page (or PMD-sized device folio for a compound
 * source) for every source selected, its backing page marked as this mirror's, the data copied
 * (zeros for an empty source). A failed large allocation (or FAIL_ALLOC, once) falls back to
 * one 4 KiB device page per source page; the core then splits the source.
 */
function* dmirror_migrate_alloc_and_copy(args: MigrateVma, dmirror: MigratingMirror): Sched {
  const src = args.src;
  const dst = args.dst;
  for (let i = 0, addr = args.start; addr < args.end; ) {
    const s = src[i]!;
    const is_large = mpfn_has(s, MIGRATE_PFN_COMPOUND);
    const write = mpfn_has(s, MIGRATE_PFN_WRITE) ? MIGRATE_PFN_WRITE : 0;
    const next = () => {
      i++;
      addr += PAGE_SIZE;
    };
    if (!mpfn_has(s, MIGRATE_PFN_MIGRATE)) {
      next();
      continue;
    }
    // An empty source (pte_none or the zero page) has no page: the device page starts zeroed.
    const spage = migrate_pfn_to_page(s);
    if (WARN_ON(spage !== null && is_zone_device_page(spage), `page already in device spage pfn: 0x${mpfn_pfn(s).toString(16)}`)) {
      next();
      continue;
    }
    let dpage: Page | null;
    if (dmirror_take_fail_alloc(dmirror)) {
      dpage = null;
    } else dpage = yield* dmirror_devmem_alloc_page(dmirror, is_large);
    if (dpage === null) {
      if (!is_large) {
        next();
        continue;
      }
      const spfn = mpfn_pfn(s);
      const nr = spage === null ? PTRS_PER_PTE : 1 << spage.order;
      for (let j = 0; j < nr && addr < args.end; j++) {
        const small = yield* dmirror_devmem_alloc_page(dmirror, false);
        if (WARN_ON(small === null, 'dmirror: no device page for a 4 KiB fallback')) {
          next();
          continue;
        }
        const rpage = BACKING_PAGE(small!);
        rpage.zone_device_data = dmirror;
        dst[i] = migrate_pfn(small!.pfn) + write;
        copy_or_clear(rpage, 0, spage, spfn + j);
        next();
      }
      continue;
    }
    const rpage = BACKING_PAGE(dpage);
    // The backing page tells a later CPU fault which mirror the device page belongs to.
    rpage.zone_device_data = dmirror;
    dst[i] = migrate_pfn(dpage.pfn) + write;
    if (is_large) {
      dst[i] = dst[i]! + MIGRATE_PFN_COMPOUND;
      if (dpage.order > 0) {
        const n = 1 << dpage.order;
        if (spage !== null) copy_page_data(rpage, 0, spage, 0, n * PAGE_SIZE);
        else clear_page_range(rpage, 0, n * PAGE_SIZE);
        i += n;
        addr += n * PAGE_SIZE;
        continue;
      }
    }
    copy_or_clear(rpage, 0, spage, mpfn_pfn(s));
    next();
  }
}

/**
 * dmirror_migrate_finalize_and_map(): program the device page table with the data pages of
 * every migrated destination (the backing pages for device-private memory, standing for the
 * device folio the CPU will map; the coherent page itself otherwise), under the mutex.
 */
function* dmirror_migrate_finalize_and_map(args: MigrateVma, dmirror: MigratingMirror): Sched<number> {
  const priv = dmirror_is_private_zone(dmirror.mdevice);
  yield* mutex_lock(dmirror.mutex);
  for (let i = 0; i < args.npages; i++) {
    const s = args.src[i]!;
    const d = args.dst[i]!;
    if (!mpfn_has(s, MIGRATE_PFN_MIGRATE)) continue;
    const dpage = migrate_pfn_to_page(d);
    if (dpage === null) continue;
    const nr = mpfn_has(d, MIGRATE_PFN_COMPOUND) ? 1 << dpage.order : 1;
    WARN_ON(args.npages < i + nr, 'dmirror_migrate_finalize_and_map: folio past the end of the range');
    const rpage = BACKING_PAGE(dpage);
    WARN_ON(1 << rpage.order !== 1 << dpage.order, 'dmirror_migrate_finalize_and_map: backing folio of another size');
    const write = mpfn_has(d, MIGRATE_PFN_WRITE);
    for (let j = 0; j < nr; j++) {
      const addr = args.start + (i + j) * PAGE_SIZE;
      yield* device_map(dmirror.pt, addr, rpage.pfn + j, write, priv ? { device_page: dpage } : {});
    }
  }
  yield* mutex_unlock(dmirror.mutex);
  return 0;
}

/** The vma_lookup / VM_READ check and the chunk end of one step of the walk; null: -EINVAL. */
function walk_step(mm: MmStruct, addr: number, end: number): { vma: NonNullable<ReturnType<typeof vma_lookup>>; next: number } | null {
  const vma = vma_lookup(mm, addr);
  if (vma === null || (vma.vm_flags & VM_READ) === 0) return null;
  let next = Math.min(end, addr + PTRS_PER_PTE * PAGE_SIZE);
  if (next > vma.vm_end) next = vma.vm_end;
  return { vma, next };
}

/** The non-faulting bounce read that ends MIGRATE_TO_DEV and EXCLUSIVE (-ENOENT: not all on the device). */
function* dmirror_read_back(dmirror: MigratingMirror, cmd: HmmDmirrorCmd, ua: UserAccess): Sched<number> {
  const start = cmd.addr;
  const size = cmd.npages * PAGE_SIZE;
  const bounce = dmirror_bounce_init(start, size);
  if (bounce === null) return -ENOMEM;
  yield* mutex_lock(dmirror.mutex);
  let ret = dmirror_do_read(dmirror.pt, start, start + size, bounce);
  yield* mutex_unlock(dmirror.mutex);
  if (ret === 0 && (yield* ua.copy_to_user(cmd.ptr, bounce.ptr)) !== 0) ret = -EFAULT;
  cmd.cpages = bounce.cpages;
  dmirror_bounce_fini(bounce);
  return ret;
}

/** dmirror_migrate_to_device(): MIGRATE_TO_DEV. */
export function* dmirror_migrate_to_device(dmirror: MigratingMirror, cmd: HmmDmirrorCmd, ua: UserAccess): Sched<number> {
  const mm = dmirror.notifier.mm!;
  const start = cmd.addr;
  const end = start + cmd.npages * PAGE_SIZE;
  if (end < start) return -EINVAL;
  if (!(yield* mmget_not_zero(mm))) return -EINVAL;
  const src = new Array<number>(PTRS_PER_PTE).fill(0);
  const dst = new Array<number>(PTRS_PER_PTE).fill(0);
  let ret = 0;
  yield* mmap_read_lock(mm);
  for (let addr = start, next: number; addr < end; addr = next) {
    const w = walk_step(mm, addr, end);
    if (w === null) {
      ret = -EINVAL;
      break;
    }
    next = w.next;
    const args = new MigrateVma({ vma: w.vma, src, dst, start: addr, end: next, pgmap_owner: dmirror.mdevice, flags: MIGRATE_VMA_SELECT_SYSTEM | MIGRATE_VMA_SELECT_COMPOUND });
    ret = yield* migrate_vma_setup(args);
    if (ret) break;
    yield* dmirror_migrate_alloc_and_copy(args, dmirror);
    yield* migrate_vma_pages(args);
    yield* dmirror_migrate_finalize_and_map(args, dmirror);
    yield* migrate_vma_finalize(args);
  }
  yield* mmap_read_unlock(mm);
  yield* mmput(mm);
  if (ret) return ret;
  // What made it into device memory, read back without faulting.
  return yield* dmirror_read_back(dmirror, cmd, ua);
}

/** dmirror_successful_migrated_pages(): sources with VALID and MIGRATE after migrate_vma_pages. */
function dmirror_successful_migrated_pages(args: MigrateVma): number {
  let n = 0;
  for (let i = 0; i < args.npages; i++) {
    const s = args.src[i]!;
    if (mpfn_has(s, MIGRATE_PFN_VALID) && mpfn_has(s, MIGRATE_PFN_MIGRATE)) n++;
  }
  return n;
}

/** dmirror_migrate_to_system(): MIGRATE_TO_SYS. */
export function* dmirror_migrate_to_system(dmirror: MigratingMirror, cmd: HmmDmirrorCmd): Sched<number> {
  const mm = dmirror.notifier.mm!;
  const start = cmd.addr;
  const end = start + cmd.npages * PAGE_SIZE;
  if (end < start) return -EINVAL;
  if (!(yield* mmget_not_zero(mm))) return -EINVAL;
  const src = new Array<number>(PTRS_PER_PTE).fill(0);
  const dst = new Array<number>(PTRS_PER_PTE).fill(0);
  cmd.cpages = 0;
  let ret = 0;
  yield* mmap_read_lock(mm);
  for (let addr = start, next: number; addr < end; addr = next) {
    const w = walk_step(mm, addr, end);
    if (w === null) {
      ret = -EINVAL;
      break;
    }
    next = w.next;
    const args = new MigrateVma({ vma: w.vma, src, dst, start: addr, end: next, pgmap_owner: dmirror.mdevice, flags: dmirror_select_device(dmirror) | MIGRATE_VMA_SELECT_COMPOUND });
    ret = yield* migrate_vma_setup(args);
    if (ret) break;
    if ((yield* dmirror_devmem_fault_alloc_and_copy(args, dmirror)) !== 0) {
      yield* migrate_vma_finalize(args);
      ret = -ENOMEM;
      break;
    }
    yield* migrate_vma_pages(args);
    cmd.cpages += dmirror_successful_migrated_pages(args);
    yield* migrate_vma_finalize(args);
  }
  yield* mmap_read_unlock(mm);
  yield* mmput(mm);
  return ret;
}

/** dmirror_atomic_map(): program one page for atomic access (the ATOMIC tag). */
function* dmirror_atomic_map(addr: number, pfn: number, dmirror: MigratingMirror): Sched<number> {
  yield* mutex_lock(dmirror.mutex);
  yield* device_map(dmirror.pt, addr, pfn, false, { atomic: true });
  yield* mutex_unlock(dmirror.mutex);
  return 0;
}

/** dmirror_exclusive(): EXCLUSIVE, page by page (make_device_exclusive with no owner). */
export function* dmirror_exclusive(dmirror: MigratingMirror, cmd: HmmDmirrorCmd, ua: UserAccess): Sched<number> {
  const mm = dmirror.notifier.mm!;
  const start = cmd.addr;
  const end = start + cmd.npages * PAGE_SIZE;
  if (end < start) return -EINVAL;
  if (!(yield* mmget_not_zero(mm))) return -EINVAL;
  let ret = 0;
  yield* mmap_read_lock(mm);
  for (let addr = start; !ret && addr < end; addr += PAGE_SIZE) {
    const r = yield* make_device_exclusive(mm, addr, null);
    if (typeof r === 'number') {
      ret = r;
      break;
    }
    ret = yield* dmirror_atomic_map(addr, r.pfn, dmirror);
    yield* device_exclusive_done(r.folio);
  }
  yield* mmap_read_unlock(mm);
  yield* mmput(mm);
  if (ret) return ret;
  return yield* dmirror_read_back(dmirror, cmd, ua);
}

/** dmirror_check_atomic(): CHECK_EXCLUSIVE, -EPERM while any page of the range is still ATOMIC. */
export function dmirror_check_atomic(dmirror: MigratingMirror, start: number, end: number): number {
  for (let addr = start; addr < end; addr += PAGE_SIZE) {
    const e = device_lookup(dmirror.pt, addr);
    if (e !== undefined && e.atomic) return -EPERM;
  }
  return 0;
}
