/*
 * User memory access from a model user thread: read and write 8/32/64-bit values at a virtual
 * address of a task, taking CPU page faults the way the hardware and do_user_addr_fault do.
 *
 * Each access is one scheduling point (the instruction), then an atomic look-up of the entry:
 * if it permits the access, the page contents are read or written in that same step (the TLB
 * hit: one visible operation, the hardware's walk and the access); otherwise the arch fault
 * path runs: mmap_read_lock, find_vma, access_error check, handle_mm_fault (its own step),
 * unlock, and the instruction is executed again (a new step). No VMA or an access the VMA
 * forbids ends in SIGSEGV, a VM_FAULT_SIGBUS in SIGBUS; the call then returns -EFAULT and
 * records the signal on the task.
 *
 * Locking: none on the hit path (like a TLB hit); the fault path holds the mmap_lock for read.
 */

import { completed, cur, down_read, finish_now, finished_value, footprint, kasan_check, lone_point, ModelError, note, NOT_FINISHED, observing, up_read, type Sched } from '../kernel/index.js';
import { FAULT_FLAG_USER, FAULT_FLAG_WRITE, PAGE_SIZE, PMD_SIZE, PUD_SIZE, VM_EXEC, VM_FAULT_ERROR, VM_FAULT_SIGBUS, VM_READ, VM_WRITE } from './constants.js';
import { EFAULT, SIGBUS, SIGSEGV } from './errno.js';
import { handle_mm_fault } from './memory.js';
import type { MmStruct } from './mm_struct.js';
import { page_contents, pfn_to_page } from './page.js';
import { frame_load_u32, frame_load_u64, frame_load_u8, frame_store_u32, frame_store_u64, frame_store_u8, type ContentStore } from './page_contents.js';
import { pmd_index, pte_visible, PteKind, PteTable, PTE_DIRTY, PTE_NOACCESS, PTE_SOFT_DIRTY, PTE_WRITE, pud_index } from './pgtable.js';
import type { TaskStruct } from './task.js';
import { find_vma, type VmAreaStruct } from './vma.js';

/** What a store sets in the entry: the hardware dirty bit and the soft-dirty bit. */
const WRITTEN = PTE_DIRTY | PTE_SOFT_DIRTY;

/** follow_user: the entry does not permit the access (take a fault). */
const MISS = -1;
/** follow_user: the entry permits it but maps a pfn without a struct page (raw PFNMAP). */
const NO_PAGE = -2;

/** A written page is no longer MADV_FREE-able; the first store through an entry says so. */
function first_store(pfn: number): void {
  const page = pfn_to_page(pfn);
  if (page !== null) page.lazyfree = false;
}

/**
 * The TLB-hit check: the pfn of the 4 KiB frame mapping `addr` if the entry permits the access
 * (a write sets the dirty and soft-dirty bits), MISS if it does not, NO_PAGE for a permitted
 * raw-PFN entry. The byte in the frame is addr & (PAGE_SIZE - 1).
 */
export function follow_user(mm: MmStruct, addr: number, write: boolean): number {
  pte_visible('user access', mm, addr, 'page');
  const pfn = follow_entry(mm, addr, write);
  // The caller reads or writes the frame's contents in this step: its folio's key.
  if (pfn >= 0 && observing()) {
    const p = pfn_to_page(pfn);
    if (p !== null) footprint('page', p);
    else footprint('memory', null);
  }
  return pfn;
}

function follow_entry(mm: MmStruct, addr: number, write: boolean): number {
  if (mm.pud.size > 0) {
    const ku = pud_index(addr);
    const u = mm.pud.get(ku);
    if (u !== undefined) {
      if (u.kind !== PteKind.Present || u.flags & PTE_NOACCESS || (write && (u.flags & PTE_WRITE) === 0)) return MISS;
      const pfn = u.pfn + Math.floor((addr - ku * PUD_SIZE) / PAGE_SIZE);
      if (write && (u.flags & WRITTEN) !== WRITTEN) {
        u.flags |= WRITTEN;
        first_store(pfn);
      }
      return pfn;
    }
  }
  const k = pmd_index(addr);
  const e = mm.pmd.lookup(k);
  if (e === undefined) return MISS;
  const inPmd = addr - k * PMD_SIZE;
  if (e instanceof PteTable) {
    const i = inPmd >>> 12;
    const kd = e.kind[i]!;
    const f = e.flags[i]!;
    if (f & PTE_NOACCESS || (write && (f & PTE_WRITE) === 0)) return MISS;
    const pfn = e.val[i]!;
    if (kd === PteKind.Present || kd === PteKind.Zero) {
      if (write && (f & WRITTEN) !== WRITTEN) {
        e.flags[i] = f | WRITTEN;
        first_store(pfn);
      }
      return pfn;
    }
    if (kd !== PteKind.Special) return MISS;
    // A special entry may map memory without a struct page: nothing the CPU can reach here.
    if (pfn_to_page(pfn) === null) return NO_PAGE;
    if (write) e.flags[i] = f | WRITTEN;
    return pfn;
  }
  if ((e.kind !== PteKind.Present && e.kind !== PteKind.Zero) || e.flags & PTE_NOACCESS || (write && (e.flags & PTE_WRITE) === 0)) return MISS;
  const pfn = e.pfn + (inPmd >>> 12);
  if (write && (e.flags & WRITTEN) !== WRITTEN) {
    e.flags |= WRITTEN;
    first_store(pfn);
  }
  return pfn;
}

/**
 * The TLB-hit check without its side effects (no dirty bits, not an operation): would an
 * access of `addr` hit? Lets a lone thread's bulk loop decide before it counts its steps.
 */
export function user_tlb_peek(mm: MmStruct, addr: number, write: boolean): boolean {
  if (mm.pud.size > 0) {
    const u = mm.pud.get(pud_index(addr));
    if (u !== undefined) return u.kind === PteKind.Present && (u.flags & PTE_NOACCESS) === 0 && (!write || (u.flags & PTE_WRITE) !== 0);
  }
  // A read of the slot and of the one entry (dep_keys 'pte peek'); a leaf's changes write the slot.
  const e = mm.pmd.lookup(pmd_index(addr));
  if (e === undefined) return false;
  if (e instanceof PteTable) {
    if (observing()) footprint('pte peek', mm, addr);
    const i = (addr - pmd_index(addr) * PMD_SIZE) >>> 12;
    const kd = e.kind[i]!;
    const f = e.flags[i]!;
    if (f & PTE_NOACCESS || (write && (f & PTE_WRITE) === 0)) return false;
    return kd === PteKind.Present || kd === PteKind.Zero || (kd === PteKind.Special && pfn_to_page(e.val[i]!) !== null);
  }
  return (e.kind === PteKind.Present || e.kind === PteKind.Zero) && (e.flags & PTE_NOACCESS) === 0 && (!write || (e.flags & PTE_WRITE) !== 0);
}

/** What an access does with the frame once the entry permits it (off: byte in the frame). */
type Access<T, V> = (s: ContentStore, pfn: number, off: number, v: V) => T;

/** The access_error() check: SIGSEGV for no VMA or an access the VMA forbids, else 0. */
function access_signal(vma: VmAreaStruct | null, addr: number, write: boolean): number {
  if (vma === null || vma.vm_start > addr) return SIGSEGV;
  return (write ? (vma.vm_flags & VM_WRITE) === 0 : (vma.vm_flags & (VM_READ | VM_WRITE | VM_EXEC)) === 0) ? SIGSEGV : 0;
}

/** The signal for a handle_mm_fault result (0 when the access should be retried). */
function fault_signal(r: number): number {
  return r & VM_FAULT_ERROR ? (r & VM_FAULT_SIGBUS ? SIGBUS : SIGSEGV) : 0;
}

/** Retry marker of after_fault: the entry still does not permit the access. */
const RETRY: unique symbol = Symbol('retry');

/**
 * After the fault handler and the unlock: retry the access (atomically with the check, as the
 * CPU re-executes the instruction), or deliver the signal. Returns the access's result,
 * `efault` after a signal (recorded on the task), or RETRY to fault again.
 */
function after_fault<T, V>(task: TaskStruct, mm: MmStruct, addr: number, write: boolean, op: Access<T, V>, v: V, efault: T, sig: number): T | typeof RETRY {
  if (sig === 0) {
    const pfn = follow_user(mm, addr, write);
    if (pfn >= 0) return op(page_contents(), pfn, addr & (PAGE_SIZE - 1), v);
    if (pfn === MISS) return RETRY;
    sig = SIGBUS;
  }
  task.last_signal = sig;
  task.last_fault_addr = addr;
  return efault;
}

/**
 * The arch page-fault path of a user access that missed: mmap_read_lock, find_vma, the
 * access_error check, handle_mm_fault, unlock; repeated until the entry permits the access,
 * which is then performed (`op`). Returns its result, or `efault` after a signal.
 * `pending` is a handle_mm_fault already started by user_fault_lone (lock held).
 */
function* user_fault<T, V>(task: TaskStruct, mm: MmStruct, addr: number, write: boolean, op: Access<T, V>, v: V, efault: T, pending: Sched<number> | null = null): Sched<T> {
  for (;;) {
    let sig: number;
    if (pending !== null) {
      sig = fault_signal(yield* pending);
      pending = null;
    } else {
      yield* down_read(kasan_check(mm, 'do_user_addr_fault').mmap_lock);
      const vma = find_vma(mm, addr);
      sig = access_signal(vma, addr, write);
      if (sig === 0) sig = fault_signal(yield* handle_mm_fault(vma!, addr, FAULT_FLAG_USER | (write ? FAULT_FLAG_WRITE : 0)));
    }
    yield* up_read(kasan_check(mm, 'do_user_addr_fault').mmap_lock);
    // The instruction runs again: a new step, other threads may have run since the unlock.
    if (sig === 0) {
      if (cur.record) note(write ? 'user store' : 'user load', `0x${addr.toString(16)}`);
      yield;
    }
    const r = after_fault(task, mm, addr, write, op, v, efault, sig);
    if (r !== RETRY) return r;
  }
}

/**
 * The same fault path for a lone thread (whose access point user_tlb_hit has taken), without a
 * generator while each step finishes at once: the mmap_lock is free, so down_read and up_read
 * take no point, and handle_mm_fault's common cases need none. A handle_mm_fault that does
 * need one continues in user_fault (lock held), as does a retry.
 */
function user_fault_lone<T, V>(task: TaskStruct, mm: MmStruct, addr: number, write: boolean, op: Access<T, V>, v: V, efault: T): Sched<T> {
  const lock = kasan_check(mm, 'do_user_addr_fault').mmap_lock;
  // Two more points (lock, unlock) must fit the step budget, or the points must be taken.
  if (lock.writer !== null || lock.writersWaiting !== 0 || cur.steps + 5 >= cur.options.stepBudget) return user_fault(task, mm, addr, write, op, v, efault);
  finish_now(down_read(lock), 'user_fault_lone: down_read of a free mmap_lock');
  const vma = find_vma(mm, addr);
  let sig = access_signal(vma, addr, write);
  if (sig === 0) {
    const f = handle_mm_fault(vma!, addr, FAULT_FLAG_USER | (write ? FAULT_FLAG_WRITE : 0));
    const r = finished_value(f);
    if (r === NOT_FINISHED) return user_fault(task, mm, addr, write, op, v, efault, f);
    sig = fault_signal(r);
  }
  finish_now(up_read(lock), 'user_fault_lone: up_read'); // the budget was checked above
  // The instruction runs again, a step of its own (budget checked above).
  if (sig === 0 && !lone_point()) throw new ModelError('user_fault_lone: the retry point was not free');
  const r = after_fault(task, mm, addr, write, op, v, efault, sig);
  return r === RETRY ? user_fault(task, mm, addr, write, op, v, efault) : completed(r);
}

function task_mm_checked(task: TaskStruct, addr: number, size: number, write: boolean): MmStruct {
  const mm = task.mm;
  if (mm === null) throw new Error(`user access by exited task ${task.comm}`);
  kasan_check(mm, write ? 'user store' : 'user load');
  if ((addr & (size - 1)) !== 0) throw new RangeError(`unaligned ${size}-byte user access at 0x${addr.toString(16)}`);
  return mm;
}

/*
 * Each access is one scheduling point (the instruction), then the TLB-hit check, then (on a
 * miss) the fault path. While the execution has a single thread the point is skipped
 * (lone_point: no other thread could run there; the step is still counted), and a TLB hit then
 * completes without creating a generator: user_tlb_hit returns the pfn and the exported
 * accessor performs the load or store itself. Anything else goes through user_access_slow.
 */

/** user_tlb_hit: the scheduling point could not be skipped. */
const NEED_POINT = -3;
/** The pfn of a lone thread's TLB hit, else NEED_POINT or (point taken) MISS or NO_PAGE. */
function user_tlb_hit(task: TaskStruct, addr: number, size: number, write: boolean): number {
  if (cur.record) note(write ? 'user store' : 'user load', `0x${addr.toString(16)}`);
  if (!lone_point()) return NEED_POINT;
  return follow_user(task_mm_checked(task, addr, size, write), addr, write);
}

/** Everything but a lone thread's TLB hit: `r` is what user_tlb_hit returned. */
function user_access_slow<T, V>(r: number, task: TaskStruct, addr: number, size: number, write: boolean, op: Access<T, V>, v: V, efault: T): Sched<T> {
  if (r === NEED_POINT) return user_access_after_point(task, addr, size, write, op, v, efault);
  if (r === NO_PAGE) return completed(sigbus(task, addr, efault));
  return user_fault_lone(task, task.mm!, addr, write, op, v, efault); // checked by user_tlb_hit
}

function sigbus<T>(task: TaskStruct, addr: number, efault: T): T {
  task.last_signal = SIGBUS;
  task.last_fault_addr = addr;
  return efault;
}

/** The access after its scheduling point, when another thread could have run first. */
function* user_access_after_point<T, V>(task: TaskStruct, addr: number, size: number, write: boolean, op: Access<T, V>, v: V, efault: T): Sched<T> {
  yield;
  const mm = task_mm_checked(task, addr, size, write);
  const pfn = follow_user(mm, addr, write);
  if (pfn >= 0) return op(page_contents(), pfn, addr & (PAGE_SIZE - 1), v);
  if (pfn === NO_PAGE) return sigbus(task, addr, efault);
  return yield* user_fault(task, mm, addr, write, op, v, efault);
}

const load_u8: Access<number, null> = frame_load_u8;
const load_u32: Access<number, null> = frame_load_u32;
const load_u64: Access<bigint, null> = frame_load_u64;
const store_u8: Access<number, number> = (s, pfn, off, v) => (frame_store_u8(s, pfn, off, v), 0);
const store_u32: Access<number, number> = (s, pfn, off, v) => (frame_store_u32(s, pfn, off, v), 0);
const store_u64: Access<number, bigint> = (s, pfn, off, v) => (frame_store_u64(s, pfn, off, v), 0);

/** A store's result (0) as a finished Sched, shared: it never changes. */
const STORED = completed(0);

/* Reads return the value, or -EFAULT after a signal (task.last_signal says which). */

export function user_read_u8(task: TaskStruct, addr: number): Sched<number> {
  const r = user_tlb_hit(task, addr, 1, false);
  if (r >= 0) return completed(frame_load_u8(page_contents(), r, addr & (PAGE_SIZE - 1)));
  return user_access_slow(r, task, addr, 1, false, load_u8, null, -EFAULT);
}
export function user_read_u32(task: TaskStruct, addr: number): Sched<number> {
  const r = user_tlb_hit(task, addr, 4, false);
  if (r >= 0) return completed(frame_load_u32(page_contents(), r, addr & (PAGE_SIZE - 1)));
  return user_access_slow(r, task, addr, 4, false, load_u32, null, -EFAULT);
}
/** 64-bit read: a bigint, or the number -EFAULT after a signal. */
export function user_read_u64(task: TaskStruct, addr: number): Sched<bigint | number> {
  const r = user_tlb_hit(task, addr, 8, false);
  if (r >= 0) return completed(frame_load_u64(page_contents(), r, addr & (PAGE_SIZE - 1)));
  return user_access_slow<bigint | number, null>(r, task, addr, 8, false, load_u64, null, -EFAULT);
}

/* Writes return 0 or -EFAULT. */

export function user_write_u8(task: TaskStruct, addr: number, v: number): Sched<number> {
  const r = user_tlb_hit(task, addr, 1, true);
  if (r < 0) return user_access_slow(r, task, addr, 1, true, store_u8, v, -EFAULT);
  frame_store_u8(page_contents(), r, addr & (PAGE_SIZE - 1), v);
  return STORED;
}
export function user_write_u32(task: TaskStruct, addr: number, v: number): Sched<number> {
  const r = user_tlb_hit(task, addr, 4, true);
  if (r < 0) return user_access_slow(r, task, addr, 4, true, store_u32, v, -EFAULT);
  frame_store_u32(page_contents(), r, addr & (PAGE_SIZE - 1), v);
  return STORED;
}
export function user_write_u64(task: TaskStruct, addr: number, v: bigint): Sched<number> {
  const r = user_tlb_hit(task, addr, 8, true);
  if (r < 0) return user_access_slow(r, task, addr, 8, true, store_u64, v, -EFAULT);
  frame_store_u64(page_contents(), r, addr & (PAGE_SIZE - 1), v);
  return STORED;
}
