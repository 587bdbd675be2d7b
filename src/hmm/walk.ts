/*
 * The part of mm/hmm.c that did not change between 5.2 and 5.3: the driver's pfn encoding
 * (flags[] / values[] tables and pfn_shift, the hmm_device_entry_* helpers of hmm.h) and the
 * page-table walk behind hmm_range_snapshot() / hmm_range_fault() (hmm_vma_walk_*,
 * hmm_pte_need_fault, hmm_vma_do_fault). Each generation's hmm.ts owns the locking around it.
 *
 * The walk reads the CPU page table one 4 KiB page at a time through the mm model's walk API
 * (the caller holds mmap_sem, which keeps the tables but not the entries: the kernel reads each
 * PTE without the page-table lock), so every entry read is a step of its own, and so is every
 * fault.
 */

import { cur, lone_point, note, visible, type Sched } from '../kernel/index.js';
import {
  EAGAIN,
  EBUSY,
  EFAULT,
  FAULT_FLAG_ALLOW_RETRY,
  FAULT_FLAG_REMOTE,
  FAULT_FLAG_WRITE,
  PAGE_SIZE,
  VM_FAULT_ERROR,
  VM_FAULT_RETRY,
  handle_mm_fault,
  migration_entry_wait,
  pfn_to_page,
  walk_entry,
  type Page,
  type VmAreaStruct,
} from '../mm/index.js';

/* enum hmm_pfn_flag_e: indexes into range->flags[]. */
export const HMM_PFN_VALID = 0;
export const HMM_PFN_WRITE = 1;
export const HMM_PFN_DEVICE_PRIVATE = 2;
export const HMM_PFN_FLAG_MAX = 3;
/* enum hmm_pfn_value_e: indexes into range->values[]. */
export const HMM_PFN_ERROR = 0;
export const HMM_PFN_NONE = 1;
export const HMM_PFN_SPECIAL = 2;
export const HMM_PFN_VALUE_MAX = 3;

/** What the walk needs of a struct hmm_range (both generations). */
export interface HmmWalkRange {
  start: number;
  end: number;
  pfns: BigUint64Array;
  flags: readonly bigint[];
  values: readonly bigint[];
  default_flags: bigint;
  pfn_flags_mask: bigint;
  pfn_shift: number;
  valid: boolean;
}

/* ---- hmm.h: device entry encoding ------------------------------------------------------ */

export function hmm_device_entry_to_page(range: HmmWalkRange, entry: bigint): Page | null {
  const v = range.values;
  if (entry === v[HMM_PFN_NONE] || entry === v[HMM_PFN_ERROR] || entry === v[HMM_PFN_SPECIAL]) return null;
  if ((entry & range.flags[HMM_PFN_VALID]!) === 0n) return null;
  return pfn_to_page(Number(entry >> BigInt(range.pfn_shift)));
}

/** The pfn of a device entry, or -1 (the kernel's -1UL) for special values. */
export function hmm_device_entry_to_pfn(range: HmmWalkRange, entry: bigint): number {
  const v = range.values;
  if (entry === v[HMM_PFN_NONE] || entry === v[HMM_PFN_ERROR] || entry === v[HMM_PFN_SPECIAL]) return -1;
  if ((entry & range.flags[HMM_PFN_VALID]!) === 0n) return -1;
  return Number(entry >> BigInt(range.pfn_shift));
}

export function hmm_device_entry_from_pfn(range: HmmWalkRange, pfn: number): bigint {
  return (BigInt(pfn) << BigInt(range.pfn_shift)) | range.flags[HMM_PFN_VALID]!;
}

export function hmm_device_entry_from_page(range: HmmWalkRange, page: Page): bigint {
  return hmm_device_entry_from_pfn(range, page.pfn);
}

/* The pre-5.2 names, kept by 5.2/5.3 for drivers not yet converted. */
export const hmm_pfn_to_page = hmm_device_entry_to_page;
export const hmm_pfn_to_pfn = hmm_device_entry_to_pfn;
export const hmm_pfn_from_page = hmm_device_entry_from_page;
export const hmm_pfn_from_pfn = hmm_device_entry_from_pfn;

/* ---- the walk -------------------------------------------------------------------------- */

export interface WalkResult {
  ret: number;
  /** hmm_vma_walk.last: entries below it hold outputs. */
  last: number;
}

/**
 * hmm_pte_need_fault(): what the request (per-entry input masked, plus default flags) asks for,
 * compared with what the CPU entry grants. Returns 0 (nothing), 1 (fault) or 2 (write fault).
 */
function need_fault(range: HmmWalkRange, orig: bigint, cpu_flags: bigint): number {
  const f = range.flags;
  const req = (orig & range.pfn_flags_mask) | range.default_flags;
  if ((req & f[HMM_PFN_VALID]!) === 0n) return 0;
  if ((cpu_flags & f[HMM_PFN_DEVICE_PRIVATE]!) !== 0n && f[HMM_PFN_DEVICE_PRIVATE]! !== 0n) {
    // Device memory: only fault it back if the caller asked for device-private pages.
    if ((req & f[HMM_PFN_DEVICE_PRIVATE]!) !== 0n) return (req & f[HMM_PFN_WRITE]!) !== 0n ? 2 : 1;
    return 0;
  }
  if ((req & f[HMM_PFN_WRITE]!) !== 0n && (cpu_flags & f[HMM_PFN_WRITE]!) === 0n) return 2;
  return (cpu_flags & f[HMM_PFN_VALID]!) === 0n ? 1 : 0;
}

/**
 * Walk [start, end) of `vma` (one VMA), filling range->pfns. With `fault`, pages the request
 * needs are faulted with handle_mm_fault(); a successful fault returns -EBUSY so the caller
 * walks again from `last` (as hmm_vma_do_fault does). `block` false adds
 * FAULT_FLAG_ALLOW_RETRY (a VM_FAULT_RETRY becomes -EAGAIN).
 */
export function* hmm_walk_range(range: HmmWalkRange, vma: VmAreaStruct, start: number, end: number, fault: boolean, block: boolean): Sched<WalkResult> {
  const f = range.flags;
  const v = range.values;
  const mm = vma.vm_mm;
  const shift = BigInt(range.pfn_shift);
  for (let addr = start; addr < end; addr += PAGE_SIZE) {
    const i = (addr - range.start) / PAGE_SIZE;
    const orig = range.pfns[i]!;
    range.pfns[i] = v[HMM_PFN_NONE]!;
    // A lockless read of the entry: its own step.
    if (cur.record) note('hmm walk', `0x${addr.toString(16)}`);
    if (!lone_point()) yield;
    visible('pte read', mm);
    const e = walk_entry(mm, addr);
    let cpu_flags = 0n;
    switch (e.kind) {
      case 'present':
      case 'zero':
        cpu_flags = f[HMM_PFN_VALID]! | (e.writable ? f[HMM_PFN_WRITE]! : 0n);
        break;
      case 'device-private':
        cpu_flags = f[HMM_PFN_VALID]! | f[HMM_PFN_DEVICE_PRIVATE]! | (e.writable ? f[HMM_PFN_WRITE]! : 0n);
        break;
      case 'special':
        range.pfns[i] = v[HMM_PFN_SPECIAL]!;
        return { ret: -EFAULT, last: addr };
      case 'migration':
        if (fault && need_fault(range, orig, 0n) !== 0) {
          yield* migration_entry_wait(mm, addr);
          return { ret: -EBUSY, last: addr };
        }
        continue;
      default:
        // none, swap, device-exclusive: not valid now.
        break;
    }
    const nf = fault ? need_fault(range, orig, cpu_flags) : 0;
    if (nf !== 0) {
      let flags = FAULT_FLAG_REMOTE | (nf === 2 ? FAULT_FLAG_WRITE : 0);
      if (!block) flags |= FAULT_FLAG_ALLOW_RETRY;
      const r = yield* handle_mm_fault(vma, addr, flags);
      if (r & VM_FAULT_RETRY) return { ret: -EAGAIN, last: addr };
      if (r & VM_FAULT_ERROR) {
        range.pfns[i] = v[HMM_PFN_ERROR]!;
        return { ret: -EFAULT, last: addr };
      }
      return { ret: -EBUSY, last: addr };
    }
    if (cpu_flags !== 0n) range.pfns[i] = (BigInt(e.pfn) << shift) | cpu_flags;
  }
  return { ret: 0, last: end };
}
