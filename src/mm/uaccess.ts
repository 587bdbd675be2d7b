/*
 * User memory access from a model user thread: read and write 8/32/64-bit values at a virtual
 * address of a task, taking CPU page faults the way the hardware and do_user_addr_fault do.
 *
 * Each access is one scheduling point (the instruction), then an atomic look-up of the entry:
 * if it permits the access, the page contents are read or written in that same step (the TLB
 * hit); otherwise the arch fault path runs: mmap_read_lock, find_vma, access_error check,
 * handle_mm_fault, unlock, retry. No VMA or an access the VMA forbids ends in SIGSEGV, a
 * VM_FAULT_SIGBUS in SIGBUS; the call then returns -EFAULT and records the signal on the task.
 *
 * Locking: none on the hit path (like a TLB hit); the fault path holds the mmap_lock for read.
 */

import { completed, cur, down_read, kasan_check, lone_point, note, up_read, type Sched } from '../kernel/index.js';
import { FAULT_FLAG_USER, FAULT_FLAG_WRITE, PAGE_SIZE, PMD_SIZE, PUD_SIZE, VM_EXEC, VM_FAULT_ERROR, VM_FAULT_SIGBUS, VM_READ, VM_WRITE } from './constants.js';
import { EFAULT, SIGBUS, SIGSEGV } from './errno.js';
import { handle_mm_fault } from './memory.js';
import type { MmStruct } from './mm_struct.js';
import { page_read_u32, page_read_u64, page_read_u8, page_write_u32, page_write_u64, page_write_u8, physmem, pfn_to_page, type Page } from './page.js';
import { PteKind, PteTable, PTE_DIRTY, PTE_NOACCESS, PTE_SOFT_DIRTY, PTE_WRITE } from './pgtable.js';
import type { TaskStruct } from './task.js';
import { find_vma } from './vma.js';

/** What a store sets in the entry: the hardware dirty bit and the soft-dirty bit. */
const WRITTEN = PTE_DIRTY | PTE_SOFT_DIRTY;

/** Byte offset in the folio returned by the last follow_user(). */
let uaOff = 0;
/** Set by follow_user when the entry exists but has no struct page (raw PFNMAP). */
let uaNoPage = false;

/**
 * The TLB-hit check: the folio mapping `addr` if the entry permits the access (setting the
 * dirty and soft-dirty bits for a write), else null. Sets uaOff.
 */
export function follow_user(mm: MmStruct, addr: number, write: boolean): Page | null {
  uaNoPage = false;
  if (mm.pud.size > 0) {
    const ku = Math.floor(addr / PUD_SIZE);
    const u = mm.pud.get(ku);
    if (u !== undefined) {
      if (u.kind !== PteKind.Present || u.flags & PTE_NOACCESS || (write && (u.flags & PTE_WRITE) === 0)) return null;
      if (write) u.flags |= PTE_DIRTY | PTE_SOFT_DIRTY;
      uaOff = addr - ku * PUD_SIZE;
      return pfn_to_page(u.pfn);
    }
  }
  const k = Math.floor(addr / PMD_SIZE);
  const e = mm.pmd.get(k);
  if (e === undefined) return null;
  const inPmd = addr - k * PMD_SIZE;
  if (e instanceof PteTable) {
    const i = inPmd >>> 12;
    const kd = e.kind[i]!;
    const f = e.flags[i]!;
    if (kd !== PteKind.Present && kd !== PteKind.Zero && kd !== PteKind.Special) return null;
    if (f & PTE_NOACCESS || (write && (f & PTE_WRITE) === 0)) return null;
    const v = e.val[i]!;
    const page = physmem().pages[v] ?? pfn_to_page(v);
    if (page == null) {
      uaNoPage = true;
      return null;
    }
    if (write && (f & WRITTEN) !== WRITTEN) {
      e.flags[i] = f | WRITTEN;
      page.lazyfree = false;
    }
    uaOff = (v - page.pfn) * PAGE_SIZE + (inPmd & (PAGE_SIZE - 1));
    return page;
  }
  if ((e.kind !== PteKind.Present && e.kind !== PteKind.Zero) || e.flags & PTE_NOACCESS || (write && (e.flags & PTE_WRITE) === 0)) return null;
  const page = physmem().pages[e.pfn] ?? pfn_to_page(e.pfn);
  if (page == null) return null;
  if (write && (e.flags & WRITTEN) !== WRITTEN) {
    e.flags |= WRITTEN;
    page.lazyfree = false;
  }
  uaOff = inPmd;
  return page;
}

/** What an access does with the page once the entry permits it. */
type Access<T, V> = (p: Page, off: number, v: V) => T;

/**
 * The arch page-fault path of a user access that missed: mmap_read_lock, find_vma, the
 * access_error check, handle_mm_fault, unlock; repeated until the entry permits the access,
 * which is then performed (`op`). Returns its result, or `efault` after a signal (recorded on
 * the task).
 */
function* user_fault<T, V>(task: TaskStruct, mm: MmStruct, addr: number, write: boolean, op: Access<T, V>, v: V, efault: T): Sched<T> {
  for (;;) {
    yield* down_read(kasan_check(mm, 'do_user_addr_fault').mmap_lock);
    const vma = find_vma(mm, addr);
    let sig = 0;
    if (vma === null || vma.vm_start > addr) sig = SIGSEGV;
    else if (write ? (vma.vm_flags & VM_WRITE) === 0 : (vma.vm_flags & (VM_READ | VM_WRITE | VM_EXEC)) === 0) sig = SIGSEGV;
    else {
      const r = yield* handle_mm_fault(vma, addr, FAULT_FLAG_USER | (write ? FAULT_FLAG_WRITE : 0));
      if (r & VM_FAULT_ERROR) sig = r & VM_FAULT_SIGBUS ? SIGBUS : SIGSEGV;
    }
    yield* up_read(kasan_check(mm, 'do_user_addr_fault').mmap_lock);
    if (sig === 0) {
      // Retry the access (atomically with the check, as the CPU re-executes the instruction).
      const p = follow_user(mm, addr, write);
      if (p !== null) return op(p, uaOff, v);
      if (!uaNoPage) continue;
      sig = SIGBUS;
    }
    task.last_signal = sig;
    task.last_fault_addr = addr;
    return efault;
  }
}

function task_mm_checked(task: TaskStruct, addr: number, size: number, write: boolean): MmStruct {
  const mm = task.mm;
  if (mm === null) throw new Error(`user access by exited task ${task.comm}`);
  kasan_check(mm, write ? 'user store' : 'user load');
  if (addr % size !== 0) throw new RangeError(`unaligned ${size}-byte user access at 0x${addr.toString(16)}`);
  return mm;
}

/*
 * Each access is one scheduling point, then the TLB-hit check, then (on a miss) the fault path.
 * While the execution has a single thread the point is skipped (lone_point: no other thread
 * could run there; the step is still counted), and a TLB hit then completes without creating a
 * generator at all (the common case of a test filling a buffer).
 */

function user_access<T, V>(task: TaskStruct, addr: number, size: number, write: boolean, op: Access<T, V>, v: V, efault: T): Sched<T> {
  if (cur.record) note(write ? 'user store' : 'user load', `0x${addr.toString(16)}`);
  if (!lone_point()) return user_access_after_point(task, addr, size, write, op, v, efault);
  const mm = task_mm_checked(task, addr, size, write);
  const p = follow_user(mm, addr, write);
  if (p !== null) return completed(op(p, uaOff, v));
  return user_fault(task, mm, addr, write, op, v, efault);
}

/** The access after its scheduling point, when another thread could have run first. */
function* user_access_after_point<T, V>(task: TaskStruct, addr: number, size: number, write: boolean, op: Access<T, V>, v: V, efault: T): Sched<T> {
  yield;
  const mm = task_mm_checked(task, addr, size, write);
  const p = follow_user(mm, addr, write);
  if (p !== null) return op(p, uaOff, v);
  return yield* user_fault(task, mm, addr, write, op, v, efault);
}

const load_u8: Access<number, null> = (p, off) => page_read_u8(p, off);
const load_u32: Access<number, null> = (p, off) => page_read_u32(p, off);
const load_u64: Access<bigint, null> = (p, off) => page_read_u64(p, off);
const store_u8: Access<number, number> = (p, off, v) => (page_write_u8(p, off, v), 0);
const store_u32: Access<number, number> = (p, off, v) => (page_write_u32(p, off, v), 0);
const store_u64: Access<number, bigint> = (p, off, v) => (page_write_u64(p, off, v), 0);

/* Reads return the value, or -EFAULT after a signal (task.last_signal says which). */

export function user_read_u8(task: TaskStruct, addr: number): Sched<number> {
  return user_access(task, addr, 1, false, load_u8, null, -EFAULT);
}
export function user_read_u32(task: TaskStruct, addr: number): Sched<number> {
  return user_access(task, addr, 4, false, load_u32, null, -EFAULT);
}
/** 64-bit read: a bigint, or the number -EFAULT after a signal. */
export function user_read_u64(task: TaskStruct, addr: number): Sched<bigint | number> {
  return user_access<bigint | number, null>(task, addr, 8, false, load_u64, null, -EFAULT);
}

/* Writes return 0 or -EFAULT. */

export function user_write_u8(task: TaskStruct, addr: number, v: number): Sched<number> {
  return user_access(task, addr, 1, true, store_u8, v, -EFAULT);
}
export function user_write_u32(task: TaskStruct, addr: number, v: number): Sched<number> {
  return user_access(task, addr, 4, true, store_u32, v, -EFAULT);
}
export function user_write_u64(task: TaskStruct, addr: number, v: bigint): Sched<number> {
  return user_access(task, addr, 8, true, store_u64, v, -EFAULT);
}
