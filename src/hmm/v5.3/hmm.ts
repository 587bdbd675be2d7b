/*
 * HMM mirror as in Linux 5.3: mm/hmm.c plus the inline parts of include/linux/hmm.h, after
 * Jason Gunthorpe's "mm/hmm: Various revisions from a locking/code review" (twelve patches,
 * reference/hmm-design.md §4.1-§4.12) and Christoph Hellwig's "always return EBUSY for invalid
 * ranges" (§4.14).
 *
 * The lifetime rule the series gave it: a registered range holds an mmget (the mm cannot exit
 * while it is registered); a registered range or mirror holds a kref on the hmm; the hmm holds
 * an mmgrab on the mm struct. Whoever needs the address space alive takes mmget_not_zero().
 *
 * Locking and lifetime:
 *   mm->hmm        read and written only under mm->page_table_lock; creation only from
 *                  hmm_mirror_register() with mmap_sem held for write (asserted); an hmm with
 *                  kref 0 still in mm->hmm is treated as absent and overwritten (§4.4).
 *   hmm->kref      the last put unhooks the notifier and frees through mmu_notifier_call_srcu:
 *                  callbacks already inside the SRCU section see live memory, take
 *                  kref_get_unless_zero() and bail out if it fails (§4.1).
 *   hmm->mm        mmgrab at creation, mmdrop in the SRCU callback (§4.3); no hmm_mm_destroy.
 *   ranges_lock    spinlock (irqsave): ranges, notifiers, every range->valid; usable from the
 *                  OOM reaper's non-blocking start and its error unwind (§4.12). Drivers and
 *                  hmm_range_fault() read range->valid without it, so each write of it is a
 *                  step of its own (WRITE_ONCE here).
 *   mirrors_sem    write: add/remove mirror; read: invalidation and the whole hmm_release
 *                  walk, so unregister waits for every ->release to return (§4.11).
 *   no hmm->dead   ranges pin the mm instead (§4.7); unregistered mirrors and ranges are
 *                  poisoned so any further use crashes deterministically (§4.9, §4.10).
 */

import {
  Kref,
  KObj,
  POISON,
  RwSemaphore,
  Spinlock,
  WaitQueueHead,
  WARN_ON,
  down_read,
  down_read_trylock,
  down_write,
  kasan_check,
  kfree,
  kmalloc,
  kref_get,
  kref_get_unless_zero,
  kref_put,
  lockdep_assert_held,
  spin_lock,
  spin_lock_irqsave,
  spin_unlock,
  spin_unlock_irqrestore,
  trace,
  up_read,
  up_write,
  wait_event_timeout,
  wake_up_all,
  READ_ONCE,
  WRITE_ONCE,
  type Sched,
} from '../../kernel/index.js';
import {
  EAGAIN,
  EBUSY,
  EFAULT,
  EINVAL,
  ENOMEM,
  EPERM,
  MmuNotifier,
  __mmu_notifier_register,
  find_vma,
  mmap_assert_write_locked,
  mmdrop,
  mmget_not_zero,
  mmgrab,
  mmput,
  mmu_notifier_call_srcu,
  mmu_notifier_range_blockable,
  mmu_notifier_unregister_no_release,
  type MmStruct,
  type MmuNotifierOps,
  type MmuNotifierRange,
  type VmAreaStruct,
} from '../../mm/index.js';
import { KERNEL_5_3, kernel_release_at_most } from '../../mm/release.js';
import { hmm_dma_map_range, hmm_dma_unmap_range } from '../dma.js';
import { hmm_walk_page_range, HMM_PFN_NONE, type HmmWalkRange } from '../walk.js';

export { HMM_PFN_VALID, HMM_PFN_WRITE, HMM_PFN_DEVICE_PRIVATE, HMM_PFN_ERROR, HMM_PFN_NONE, HMM_PFN_SPECIAL, HMM_PFN_FLAG_MAX, HMM_PFN_VALUE_MAX } from '../walk.js';
export { hmm_device_entry_to_page, hmm_device_entry_to_pfn, hmm_device_entry_from_page, hmm_device_entry_from_pfn, hmm_pfn_to_page, hmm_pfn_to_pfn, hmm_pfn_from_page, hmm_pfn_from_pfn } from '../walk.js';

export const DESIGN = 'v5.3';
/** HMM_RANGE_DEFAULT_TIMEOUT, in milliseconds. */
export const HMM_RANGE_DEFAULT_TIMEOUT = 1000;
export const HMM_UPDATE_INVALIDATE = 0;

/** struct hmm_update: what ->sync_cpu_device_pagetables() is told. */
export interface HmmUpdate {
  start: number;
  end: number;
  event: number;
  blockable: boolean;
}

/** struct hmm_mirror_ops. */
export interface HmmMirrorOps {
  /** The mm is being torn down: stop device access. Must not unregister the mirror. Optional. */
  release?(mirror: HmmMirror): Sched;
  /** Update the device page table for [start, end); 0, or -EAGAIN if !blockable and it would sleep. */
  sync_cpu_device_pagetables(mirror: HmmMirror, update: HmmUpdate): Sched<number>;
}

/** list_head state of an entry: linked, self-linked (list_del_init) or poisoned (list_del). */
const LINKED = 'linked';
type ListLink = typeof LINKED | null | typeof POISON;

/** struct hmm (5.3: no dead, no mutex; an rcu head for the deferred free). */
export class Hmm extends KObj {
  readonly mm: MmStruct;
  readonly kref: Kref;
  readonly ranges_lock: Spinlock;
  readonly ranges: HmmRange[] = [];
  readonly mirrors: HmmMirror[] = [];
  readonly mmu_notifier: MmuNotifier;
  readonly mirrors_sem: RwSemaphore;
  readonly wq: WaitQueueHead;
  /** rcu_head: queued once, by hmm_free. */
  rcu_queued = false;
  notifiers = 0;
  constructor(mm: MmStruct) {
    super('hmm');
    this.mm = mm;
    this.kref = new Kref(this);
    this.ranges_lock = new Spinlock('hmm->ranges_lock', this);
    this.mirrors_sem = new RwSemaphore('hmm->mirrors_sem', this);
    this.wq = new WaitQueueHead('wq', this);
    this.mmu_notifier = new MmuNotifier(NO_OPS, this);
  }
}

/** struct hmm_mirror: embedded in the driver's per-mm structure (pass it as `container`). */
export class HmmMirror extends KObj {
  hmm: Hmm | null = null;
  list: ListLink = null;
  constructor(
    public ops: HmmMirrorOps | null,
    /** The driver structure embedding the mirror: a use after the driver freed it is KASAN. */
    readonly container: KObj | null = null,
  ) {
    super('hmm_mirror');
  }
}

/** struct hmm_range (5.3 layout). */
export class HmmRange extends KObj implements HmmWalkRange {
  hmm: Hmm | null = null;
  vma: VmAreaStruct | null = null;
  list: ListLink = null;
  start = 0;
  end = 0;
  pfns: BigUint64Array = new BigUint64Array(0);
  flags: readonly bigint[] = [];
  values: readonly bigint[] = [];
  default_flags = 0n;
  pfn_flags_mask = 0n;
  page_shift = 12;
  pfn_shift = 0;
  valid = false;
  constructor() {
    super('hmm_range');
  }
}

const NO_OPS: MmuNotifierOps = {};

function obj(m: HmmMirror): KObj {
  return m.container ?? m;
}

/** list_del(): unlink and poison the entry; a second list_del dereferences the poison. */
function list_del<T extends { list: ListLink }>(list: T[], e: T, where: string): void {
  if (e.list === POISON) kasan_check(POISON, where, 'Write');
  const i = list.indexOf(e);
  if (i >= 0) list.splice(i, 1);
  e.list = POISON;
}

function list_del_init<T extends { list: ListLink }>(list: T[], e: T): void {
  const i = list.indexOf(e);
  if (i >= 0) list.splice(i, 1);
  e.list = null;
}

/* ---- struct hmm lifetime -------------------------------------------------------------- */

/** hmm_get_or_create(): with mmap_sem held for write, creators are serialised. */
function* hmm_get_or_create(mm: MmStruct): Sched<Hmm | null> {
  mmap_assert_write_locked(mm, 'hmm_get_or_create');
  // The notifier core under this hmm is 5.3's (no lockdep map, no non_block sections).
  kernel_release_at_most(KERNEL_5_3);
  // mm->hmm is read and written under page_table_lock.
  yield* spin_lock(mm.page_table_lock);
  const old = mm.hmm as Hmm | null;
  if (old !== null && (yield* kref_get_unless_zero(old.kref))) {
    yield* spin_unlock(mm.page_table_lock);
    return old;
  }
  yield* spin_unlock(mm.page_table_lock);

  const hmm = kmalloc(new Hmm(mm));
  hmm.mmu_notifier.ops = hmm_mmu_notifier_ops;
  if ((yield* __mmu_notifier_register(hmm.mmu_notifier, mm)) !== 0) {
    kfree(hmm, 'hmm_get_or_create');
    return null;
  }
  yield* mmgrab(mm);
  // mmap_sem is held for write: mm->hmm is NULL or an hmm with kref 0, safe to overwrite.
  yield* spin_lock(mm.page_table_lock);
  yield* WRITE_ONCE(mm, 'hmm', hmm as object | null);
  yield* spin_unlock(mm.page_table_lock);
  trace(() => `hmm_get_or_create: ${hmm.__label} installed on ${mm.__label}`);
  return hmm;
}

/** The SRCU callback: after every callback that could see the hmm has returned. */
function* hmm_free_rcu(hmm: Hmm): Sched {
  yield* mmdrop(hmm.mm);
  kfree(hmm, 'hmm_free_rcu');
}

/** hmm_free(): the kref release; the memory goes only after an SRCU grace period. */
function* hmm_free(hmm: Hmm): Sched {
  const mm = hmm.mm;
  yield* spin_lock(mm.page_table_lock);
  if (mm.hmm === hmm) yield* WRITE_ONCE(mm, 'hmm', null);
  yield* spin_unlock(mm.page_table_lock);
  yield* mmu_notifier_unregister_no_release(hmm.mmu_notifier, mm);
  hmm.rcu_queued = true;
  yield* mmu_notifier_call_srcu(() => hmm_free_rcu(hmm));
}

function* hmm_put(hmm: Hmm): Sched {
  yield* kref_put(hmm.kref, () => hmm_free(hmm));
}

/* ---- the mmu notifier ----------------------------------------------------------------- */

/** The hmm embedding a notifier (container_of): valid memory inside the SRCU section. */
function hmm_of(mn: MmuNotifier): Hmm {
  return mn.container as Hmm;
}

/** ->release at exit_mmap: no range can exist (each holds an mmget); tell every mirror. */
function* hmm_release(mn: MmuNotifier, _mm: MmStruct): Sched {
  const hmm = hmm_of(mn);
  // A dying hmm (kref already 0) has nothing left to release.
  if (!(yield* kref_get_unless_zero(hmm.kref))) return;
  WARN_ON(hmm.ranges.length !== 0, 'hmm_release: ranges still registered (each should hold an mmget)');
  yield* down_read(hmm.mirrors_sem);
  for (const mirror of hmm.mirrors.slice()) {
    // Unregistering the mirror from inside ->release would deadlock on mirrors_sem: the driver's rule.
    kasan_check(obj(mirror), 'hmm_release');
    if (mirror.ops?.release !== undefined) yield* mirror.ops.release(mirror);
  }
  yield* up_read(hmm.mirrors_sem);
  yield* hmm_put(hmm);
}

/** notifiers--, and at zero every range is valid again and waiters wake (ranges_lock held). */
function* notifiers_decrement(hmm: Hmm): Sched {
  lockdep_assert_held(hmm.ranges_lock, 'notifiers_decrement');
  hmm.notifiers--;
  if (hmm.notifiers === 0) {
    for (const range of hmm.ranges.slice()) if (!range.valid) yield* WRITE_ONCE(range, 'valid', true);
    yield* wake_up_all(hmm.wq);
  }
}

function* hmm_invalidate_range_start(mn: MmuNotifier, nrange: MmuNotifierRange): Sched<number> {
  const hmm = hmm_of(mn);
  if (!(yield* kref_get_unless_zero(hmm.kref))) return 0;
  const update: HmmUpdate = { start: nrange.start, end: nrange.end, event: HMM_UPDATE_INVALIDATE, blockable: mmu_notifier_range_blockable(nrange) };
  let ret = 0;

  yield* spin_lock_irqsave(hmm.ranges_lock);
  hmm.notifiers++;
  for (const range of hmm.ranges.slice()) {
    // An update that ends exactly at range.start still counts as overlapping, as in the release.
    if (range.end <= update.start || range.start > update.end) continue;
    yield* WRITE_ONCE(range, 'valid', false);
  }
  yield* spin_unlock_irqrestore(hmm.ranges_lock);

  out: {
    if (update.blockable) yield* down_read(hmm.mirrors_sem);
    else if (!(yield* down_read_trylock(hmm.mirrors_sem))) {
      ret = -EAGAIN;
      break out;
    }
    for (const mirror of hmm.mirrors.slice()) {
      kasan_check(obj(mirror), 'hmm_invalidate_range_start');
      const rc = yield* mirror.ops!.sync_cpu_device_pagetables(mirror, update);
      if (rc !== 0) {
        if (WARN_ON(update.blockable || rc !== -EAGAIN, `${mirror.__label}: sync_cpu_device_pagetables returned ${rc}`)) continue;
        ret = -EAGAIN;
        break;
      }
    }
    yield* up_read(hmm.mirrors_sem);
  }
  if (ret !== 0) {
    // The core will not call ->invalidate_range_end: undo our part of the counter now.
    yield* spin_lock_irqsave(hmm.ranges_lock);
    yield* notifiers_decrement(hmm);
    yield* spin_unlock_irqrestore(hmm.ranges_lock);
  }
  yield* hmm_put(hmm);
  return ret;
}

function* hmm_invalidate_range_end(mn: MmuNotifier, _nrange: MmuNotifierRange): Sched {
  const hmm = hmm_of(mn);
  if (!(yield* kref_get_unless_zero(hmm.kref))) return;
  yield* spin_lock_irqsave(hmm.ranges_lock);
  yield* notifiers_decrement(hmm);
  yield* spin_unlock_irqrestore(hmm.ranges_lock);
  yield* hmm_put(hmm);
}

const hmm_mmu_notifier_ops: MmuNotifierOps = {
  release: hmm_release,
  invalidate_range_start: hmm_invalidate_range_start,
  invalidate_range_end: hmm_invalidate_range_end,
};

/* ---- mirrors -------------------------------------------------------------------------- */

/** hmm_mirror_register(): mmap_sem held for write (asserted). 0, -EINVAL or -ENOMEM. */
export function* hmm_mirror_register(mirror: HmmMirror | null, mm: MmStruct | null): Sched<number> {
  if (mm !== null) mmap_assert_write_locked(mm, 'hmm_mirror_register');
  if (mm === null || mirror === null || mirror.ops === null) return -EINVAL;
  mirror.hmm = yield* hmm_get_or_create(mm);
  if (mirror.hmm === null) return -ENOMEM;
  const hmm = mirror.hmm;
  yield* down_write(hmm.mirrors_sem);
  hmm.mirrors.unshift(mirror);
  mirror.list = LINKED;
  yield* up_write(hmm.mirrors_sem);
  return 0;
}

/**
 * hmm_mirror_unregister(): no guard; calling it twice (or concurrently, or from ->release) is
 * a driver bug. 5.3 poisons the list entry but leaves mirror->hmm pointing at the hmm, so a
 * second call reaches the hmm again: while another reference keeps it, it takes mirrors_sem
 * and list_del() hits the poison; once the last reference is gone and the SRCU-deferred free
 * ran, taking mirrors_sem is a use-after-free.
 */
export function* hmm_mirror_unregister(mirror: HmmMirror): Sched {
  const hmm = kasan_check(mirror.hmm, 'hmm_mirror_unregister');
  yield* down_write(hmm.mirrors_sem);
  list_del(hmm.mirrors, mirror, 'list_del(&mirror->list)');
  yield* up_write(hmm.mirrors_sem);
  yield* hmm_put(hmm);
}

/* ---- ranges --------------------------------------------------------------------------- */

/**
 * hmm_range_register(range, mirror, start, end, page_shift): 0, -EINVAL (alignment) or
 * -EFAULT (the mm is already exiting). The range holds an mmget until it is unregistered.
 */
export function* hmm_range_register(range: HmmRange, mirror: HmmMirror, start: number, end: number, page_shift: number): Sched<number> {
  const size = 2 ** page_shift;
  const hmm = kasan_check(mirror.hmm, 'hmm_range_register');
  range.valid = false;
  range.hmm = null;
  if (start % size !== 0 || end % size !== 0) return -EINVAL;
  if (start >= end) return -EINVAL;
  range.page_shift = page_shift;
  range.start = start;
  range.end = end;

  // The mmget is what keeps exit_mmap (and so hmm_release) away while the range exists.
  if (!(yield* mmget_not_zero(hmm.mm))) return -EFAULT;

  yield* spin_lock_irqsave(hmm.ranges_lock);
  range.hmm = hmm;
  yield* kref_get(hmm.kref);
  hmm.ranges.unshift(range);
  range.list = LINKED;
  if (hmm.notifiers === 0) yield* WRITE_ONCE(range, 'valid', true);
  yield* spin_unlock_irqrestore(hmm.ranges_lock);
  return 0;
}

/** hmm_range_unregister(): the range is poisoned afterwards (start/end/pfns stay). */
export function* hmm_range_unregister(range: HmmRange): Sched {
  const hmm = range.hmm;
  yield* spin_lock_irqsave(kasan_check(hmm, 'hmm_range_unregister', 'Write').ranges_lock);
  list_del_init(hmm!.ranges, range);
  yield* spin_unlock_irqrestore(hmm!.ranges_lock);
  // Give back the mmget and the kref that registration took.
  yield* mmput(hmm!.mm);
  yield* hmm_put(hmm!);
  range.valid = false;
  range.hmm = POISON;
}

/** hmm_range_wait_until_valid() (inline): true iff valid before the timeout. */
export function* hmm_range_wait_until_valid(range: HmmRange, timeout: number): Sched<boolean> {
  const hmm = kasan_check(range.hmm, 'hmm_range_wait_until_valid');
  return (yield* wait_event_timeout(hmm.wq, () => range.valid, timeout, [[range, 'valid']])) !== 0;
}

/**
 * hmm_range_valid(): meaningful only under the lock the driver's sync callback takes. An
 * unlocked read of range->valid in the kernel: its own step (`yield* hmm_range_valid(range)`).
 */
export function* hmm_range_valid(range: HmmRange): Sched<boolean> {
  return yield* READ_ONCE(range, 'valid');
}

function vma_checks(range: HmmRange, hmm: Hmm, start: number): VmAreaStruct | number {
  const vma = find_vma(hmm.mm, start);
  // find_vma() gives the first VMA ending after `start`; whether it also begins at or before
  // `start` is not checked (the walk then meets a hole with no VMA: hmm_walk_page_range).
  if (vma === null || vma.vm_flags & (0x4000 | 0x400 | 0x10000000)) return -EFAULT;
  if (range.page_shift !== 12) return -EINVAL;
  if (!(vma.vm_flags & 0x1)) {
    hmm_pfns_clear(range, 0, range.start, range.end);
    return -EPERM;
  }
  return vma;
}

function hmm_pfns_clear(range: HmmRange, i: number, addr: number, end: number): void {
  for (; addr < end; addr += 4096, i++) range.pfns[i] = range.values[HMM_PFN_NONE]!;
}

/**
 * hmm_range_snapshot(): fill range->pfns without faulting (mmap_sem held, asserted). Returns
 * pages filled, or -EBUSY (range invalid), -EFAULT, -EINVAL, -EPERM.
 */
export function* hmm_range_snapshot(range: HmmRange): Sched<number> {
  const hmm = kasan_check(range.hmm, 'hmm_range_snapshot');
  lockdep_assert_held(hmm.mm.mmap_lock, 'hmm_range_snapshot');
  let start = range.start;
  let last = start;
  do {
    if (!(yield* READ_ONCE(range, 'valid'))) return -EBUSY;
    const vma = vma_checks(range, hmm, start);
    if (typeof vma === 'number') return vma;
    range.vma = vma;
    const end = Math.min(range.end, vma.vm_end);
    const r = yield* hmm_walk_page_range(range, vma.vm_mm, vma, start, end, false, false);
    last = r.last;
    start = end;
  } while (start < range.end);
  return (last - range.start) / 4096;
}

/**
 * hmm_range_fault(range, block): mmap_sem held (asserted) and never released here; -EBUSY when
 * the range is or becomes invalid; -EAGAIN only if !block and the fault dropped mmap_sem.
 */
export function* hmm_range_fault(range: HmmRange, block: boolean): Sched<number> {
  const hmm = kasan_check(range.hmm, 'hmm_range_fault');
  lockdep_assert_held(hmm.mm.mmap_lock, 'hmm_range_fault');
  let start = range.start;
  let last = start;
  do {
    if (!(yield* READ_ONCE(range, 'valid'))) return -EBUSY;
    const vma = vma_checks(range, hmm, start);
    if (typeof vma === 'number') return vma;
    range.vma = vma;
    const end = Math.min(range.end, vma.vm_end);
    let ret: number;
    do {
      const r = yield* hmm_walk_page_range(range, vma.vm_mm, vma, start, end, true, !block);
      ret = r.ret;
      last = r.last;
      start = last;
    } while (ret === -EBUSY && (yield* READ_ONCE(range, 'valid')));
    if (ret !== 0) {
      hmm_pfns_clear(range, (last - range.start) / 4096, last, range.end);
      return ret;
    }
    start = end;
  } while (start < range.end);
  return (last - range.start) / 4096;
}

/** hmm_range_dma_map(range, device, daddrs, block): fault, then DMA-map every valid page. */
export function* hmm_range_dma_map(range: HmmRange, _device: unknown, daddrs: number[], block: boolean): Sched<number> {
  return yield* hmm_dma_map_range(hmm_range_fault, range, daddrs, block);
}

/** hmm_range_dma_unmap(range, device, daddrs, dirty): the unused vma argument is gone in 5.3. */
export function* hmm_range_dma_unmap(range: HmmRange, _device: unknown, daddrs: number[] | null, dirty: boolean): Sched<number> {
  return yield* hmm_dma_unmap_range(range, daddrs, dirty);
}

/*
 * ---- the legacy helpers, as 5.3 shipped them ----
 * 5.3 moved hmm_vma_fault()/hmm_vma_range_done() out of hmm.h into nouveau_svm.c, as
 * nouveau_range_fault()/nouveau_range_done(), the only user; a 5.3 driver of the old API
 * copies them. They are modelled as the release had them, bugs included:
 *   - a timeout waiting for the range to become valid returns -EBUSY with the range still
 *     registered: the range, its hmm reference and its mmget leak (the process's memory is
 *     never torn down);
 *   - when registration fails, mmap_sem is released through range->hmm, which registration
 *     left NULL: a NULL pointer dereference (an exiting mm makes it -EFAULT).
 * Called with mmap_sem held for read; it is released on every error, kept on success
 * (finish with nouveau_range_done() under the driver lock).
 */

/** nouveau_range_done(): valid? then unregister. */
export function* nouveau_range_done(range: HmmRange): Sched<boolean> {
  const ret = yield* hmm_range_valid(range);
  yield* hmm_range_unregister(range);
  return ret;
}

/** nouveau_range_fault(mirror, range): 0 with the range registered, or an error with mmap_sem released. */
export function* nouveau_range_fault(mirror: HmmMirror, range: HmmRange): Sched<number> {
  range.default_flags = 0n;
  range.pfn_flags_mask = 0xffff_ffff_ffff_ffffn;
  let ret = yield* hmm_range_register(range, mirror, range.start, range.end, 12);
  if (ret !== 0) {
    yield* up_read(kasan_check(range.hmm, 'nouveau_range_fault').mm.mmap_lock);
    return ret;
  }
  if (!(yield* hmm_range_wait_until_valid(range, HMM_RANGE_DEFAULT_TIMEOUT))) {
    // Timed out: the range is left registered.
    yield* up_read(kasan_check(range.hmm, 'nouveau_range_fault').mm.mmap_lock);
    return -EBUSY;
  }
  ret = yield* hmm_range_fault(range, true);
  if (ret <= 0) {
    if (ret === 0) ret = -EBUSY;
    yield* up_read(kasan_check(range.hmm, 'nouveau_range_fault').mm.mmap_lock);
    yield* hmm_range_unregister(range);
    return ret;
  }
  return 0;
}

/** For tests: the state of an hmm. */
export function hmm_debug(hmm: Hmm): { refs: number; notifiers: number; mirrors: number; ranges: number } {
  return { refs: hmm.kref.refcount, notifiers: hmm.notifiers, mirrors: hmm.mirrors.length, ranges: hmm.ranges.length };
}

