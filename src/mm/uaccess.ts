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

import { cur, kasan_check, note, type Sched } from '../kernel/index.js';
import { FAULT_FLAG_USER, FAULT_FLAG_WRITE, PAGE_SIZE, PMD_SIZE, PUD_SIZE, VM_EXEC, VM_FAULT_ERROR, VM_FAULT_SIGBUS, VM_READ, VM_WRITE } from './constants.js';
import { EFAULT, SIGBUS, SIGSEGV } from './errno.js';
import { handle_mm_fault } from './memory.js';
import { mmap_read_lock, mmap_read_unlock, type MmStruct } from './mm_struct.js';
import { page_read_u32, page_read_u64, page_read_u8, page_write_u32, page_write_u64, page_write_u8, physmem, pfn_to_page, type Page } from './page.js';
import { PmdLeaf, PteKind, PteTable, PTE_DIRTY, PTE_NOACCESS, PTE_WRITE } from './pgtable.js';
import type { TaskStruct } from './task.js';
import { find_vma } from './vma.js';

/** Byte offset in the folio returned by the last follow_user(). */
let uaOff = 0;
/** Set by follow_user when the entry exists but has no struct page (raw PFNMAP). */
let uaNoPage = false;

/**
 * The TLB-hit check: the folio mapping `addr` if the entry permits the access (setting the
 * dirty bit for a write), else null. Sets uaOff.
 */
export function follow_user(mm: MmStruct, addr: number, write: boolean): Page | null {
  uaNoPage = false;
  if (mm.pud.size > 0) {
    const u = mm.pud.get(Math.floor(addr / PUD_SIZE));
    if (u !== undefined) {
      if (u.kind !== PteKind.Present || u.flags & PTE_NOACCESS || (write && (u.flags & PTE_WRITE) === 0)) return null;
      if (write) u.flags |= PTE_DIRTY;
      uaOff = addr % PUD_SIZE;
      return pfn_to_page(u.pfn);
    }
  }
  const e = mm.pmd.get(Math.floor(addr / PMD_SIZE));
  if (e === undefined) return null;
  if (e instanceof PteTable) {
    const i = (addr % PMD_SIZE) >>> 12;
    const k = e.kind[i]!;
    const f = e.flags[i]!;
    if (k !== PteKind.Present && k !== PteKind.Zero && k !== PteKind.Special) return null;
    if (f & PTE_NOACCESS || (write && (f & PTE_WRITE) === 0)) return null;
    const v = e.val[i]!;
    const page = physmem().pages[v] ?? pfn_to_page(v);
    if (page == null) {
      uaNoPage = true;
      return null;
    }
    if (write && (f & PTE_DIRTY) === 0) {
      e.flags[i] = f | PTE_DIRTY;
      page.lazyfree = false;
    }
    uaOff = (v - page.pfn) * PAGE_SIZE + (addr % PAGE_SIZE);
    return page;
  }
  if ((e.kind !== PteKind.Present && e.kind !== PteKind.Zero) || e.flags & PTE_NOACCESS || (write && (e.flags & PTE_WRITE) === 0)) return null;
  const page = pfn_to_page(e.pfn);
  if (page === null) return null;
  if (write) {
    e.flags |= PTE_DIRTY;
    page.lazyfree = false;
  }
  uaOff = addr % PMD_SIZE;
  return page;
}

/** The arch page-fault handler for a user access. 0 if resolved (retry), else the signal. */
function* do_user_addr_fault(task: TaskStruct, mm: MmStruct, addr: number, write: boolean): Sched<number> {
  yield* mmap_read_lock(mm);
  const vma = find_vma(mm, addr);
  let sig = 0;
  if (vma === null || vma.vm_start > addr) sig = SIGSEGV;
  else if (write ? (vma.vm_flags & VM_WRITE) === 0 : (vma.vm_flags & (VM_READ | VM_WRITE | VM_EXEC)) === 0) sig = SIGSEGV;
  else {
    const r = yield* handle_mm_fault(vma, addr, FAULT_FLAG_USER | (write ? FAULT_FLAG_WRITE : 0));
    if (r & VM_FAULT_ERROR) sig = r & VM_FAULT_SIGBUS ? SIGBUS : SIGSEGV;
    else if (uaNoPage) sig = SIGBUS;
  }
  yield* mmap_read_unlock(mm);
  if (sig !== 0) {
    task.last_signal = sig;
    task.last_fault_addr = addr;
  }
  return sig;
}

/** Resolve `addr` for an access of `size` bytes; returns the folio (uaOff set) or null after a signal. */
function* user_access(task: TaskStruct, addr: number, size: number, write: boolean): Sched<Page | null> {
  if (cur.record) note(write ? 'user store' : 'user load', `0x${addr.toString(16)}`);
  yield;
  const mm = task.mm;
  if (mm === null) throw new Error(`user access by exited task ${task.comm}`);
  kasan_check(mm, write ? 'user store' : 'user load');
  if (addr % size !== 0) throw new RangeError(`unaligned ${size}-byte user access at 0x${addr.toString(16)}`);
  for (;;) {
    const p = follow_user(mm, addr, write);
    if (p !== null) return p;
    const sig = yield* do_user_addr_fault(task, mm, addr, write);
    if (sig !== 0) return null;
  }
}

/* Each returns the value, or -EFAULT after a signal (task.last_signal says which). */

export function* user_read_u8(task: TaskStruct, addr: number): Sched<number> {
  const p = yield* user_access(task, addr, 1, false);
  return p === null ? -EFAULT : page_read_u8(p, uaOff);
}
export function* user_read_u32(task: TaskStruct, addr: number): Sched<number> {
  const p = yield* user_access(task, addr, 4, false);
  return p === null ? -EFAULT : page_read_u32(p, uaOff);
}
/** 64-bit read: a bigint, or the number -EFAULT after a signal. */
export function* user_read_u64(task: TaskStruct, addr: number): Sched<bigint | number> {
  const p = yield* user_access(task, addr, 8, false);
  return p === null ? -EFAULT : page_read_u64(p, uaOff);
}

/* Writes return 0 or -EFAULT. */

export function* user_write_u8(task: TaskStruct, addr: number, v: number): Sched<number> {
  const p = yield* user_access(task, addr, 1, true);
  if (p === null) return -EFAULT;
  page_write_u8(p, uaOff, v);
  return 0;
}
export function* user_write_u32(task: TaskStruct, addr: number, v: number): Sched<number> {
  const p = yield* user_access(task, addr, 4, true);
  if (p === null) return -EFAULT;
  page_write_u32(p, uaOff, v);
  return 0;
}
export function* user_write_u64(task: TaskStruct, addr: number, v: bigint): Sched<number> {
  const p = yield* user_access(task, addr, 8, true);
  if (p === null) return -EFAULT;
  page_write_u64(p, uaOff, v);
  return 0;
}
