/*
 * The part of mm/hmm.c that did not change between 5.2 and 5.3: the driver's pfn encoding
 * (flags[] / values[] tables and pfn_shift, the hmm_device_entry_* helpers of hmm.h) and the
 * page-table walk behind hmm_range_snapshot() / hmm_range_fault() (hmm_vma_walk_*,
 * hmm_pte_need_fault, hmm_vma_do_fault). Each generation's hmm.ts owns the locking around it.
 *
 * The walk reads the CPU page table one 4 KiB page at a time through the mm model's walk API
 * (the caller holds mmap_sem, which keeps the tables but not the entries: the kernel reads each
 * PTE without the page-table lock), so every entry read is a step of its own, and so is every
 * fault. It behaves as 5.2 and 5.3 did, bugs included (see hmm_walk_page_range).
 */
import { cur, lone_point, note } from '../kernel/index.js';
import { EAGAIN, EBUSY, EFAULT, FAULT_FLAG_ALLOW_RETRY, FAULT_FLAG_REMOTE, FAULT_FLAG_WRITE, PAGE_SIZE, PMD_SIZE, VM_FAULT_ERROR, VM_FAULT_RETRY, handle_mm_fault, pfn_to_page, walk_entry, pte_read_op, } from '../mm/index.js';
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
/* ---- hmm.h: device entry encoding ------------------------------------------------------ */
export function hmm_device_entry_to_page(range, entry) {
    const v = range.values;
    if (entry === v[HMM_PFN_NONE] || entry === v[HMM_PFN_ERROR] || entry === v[HMM_PFN_SPECIAL])
        return null;
    if ((entry & range.flags[HMM_PFN_VALID]) === 0n)
        return null;
    return pfn_to_page(Number(entry >> BigInt(range.pfn_shift)));
}
/** The pfn of a device entry, or -1 (the kernel's -1UL) for special values. */
export function hmm_device_entry_to_pfn(range, entry) {
    const v = range.values;
    if (entry === v[HMM_PFN_NONE] || entry === v[HMM_PFN_ERROR] || entry === v[HMM_PFN_SPECIAL])
        return -1;
    if ((entry & range.flags[HMM_PFN_VALID]) === 0n)
        return -1;
    return Number(entry >> BigInt(range.pfn_shift));
}
export function hmm_device_entry_from_pfn(range, pfn) {
    return (BigInt(pfn) << BigInt(range.pfn_shift)) | range.flags[HMM_PFN_VALID];
}
export function hmm_device_entry_from_page(range, page) {
    return hmm_device_entry_from_pfn(range, page.pfn);
}
/* The pre-5.2 names, kept by 5.2/5.3 for drivers not yet converted. */
export const hmm_pfn_to_page = hmm_device_entry_to_page;
export const hmm_pfn_to_pfn = hmm_device_entry_to_pfn;
export const hmm_pfn_from_page = hmm_device_entry_from_page;
export const hmm_pfn_from_pfn = hmm_device_entry_from_pfn;
/**
 * hmm_pte_need_fault(): what the request (per-entry input masked, plus default flags) asks for,
 * compared with what the CPU entry grants. Returns 0 (nothing), 1 (fault) or 2 (write fault).
 */
function need_fault(range, orig, cpu_flags) {
    const f = range.flags;
    const req = (orig & range.pfn_flags_mask) | range.default_flags;
    if ((req & f[HMM_PFN_VALID]) === 0n)
        return 0;
    if ((cpu_flags & f[HMM_PFN_DEVICE_PRIVATE]) !== 0n && f[HMM_PFN_DEVICE_PRIVATE] !== 0n) {
        // Device memory: only fault it back if the caller asked for device-private pages.
        if ((req & f[HMM_PFN_DEVICE_PRIVATE]) !== 0n)
            return (req & f[HMM_PFN_WRITE]) !== 0n ? 2 : 1;
        return 0;
    }
    if ((req & f[HMM_PFN_WRITE]) !== 0n && (cpu_flags & f[HMM_PFN_WRITE]) === 0n)
        return 2;
    return (cpu_flags & f[HMM_PFN_VALID]) === 0n ? 1 : 0;
}
/**
 * walk_page_range() with 5.2/5.3's HMM callbacks over [start, end), as those releases walked:
 *  - The caller found `vma` with find_vma(start) and did not check that it begins at or before
 *    `start` (fixed in 5.4): the part of [start, end) before vma.vm_start is a hole walked with
 *    no VMA. A snapshot reports NONE there; a fault request calls handle_mm_fault() with a NULL
 *    VMA, which oopses (the 5.4 fix "hmm_range_fault() NULL pointer bug").
 *  - A swap entry or a migration entry is reported NONE with success: the PTE handler never
 *    asked whether the caller needs a fault for them (fixed in 5.4, "fix hmm_range_fault()'s
 *    handling of swapped out pages"), so a migration entry is never waited for either.
 *  - The zero page is a special PTE (x86: pte_special), reported HMM_PFN_SPECIAL with -EFAULT
 *    when no fault is needed (fixed in 5.5); the huge zero page (a PMD) is a plain read-only page.
 *  - A write fault is asked of a VMA without VM_WRITE too (5.4 fails it with -EPERM, "mm/hmm:
 *    hmm_range_fault() infinite loop"): handle_mm_fault resolves it without write permission,
 *    and the walk restarts to find the entry read-only again; a default_flags request loops
 *    for ever, a per-entry one was overwritten with NONE by the first pass and succeeds with
 *    the read-only entry.
 *  - When a page needs a fault, every page from it to the end of the PMD range walked is faulted
 *    with that first page's write flag (hmm_vma_walk_hole_()), needed or not, then the walk
 *    restarts at the first one (-EBUSY).
 *  - The fault passes FAULT_FLAG_ALLOW_RETRY when `allowRetry` (5.2: always; 5.3: when the
 *    caller did not ask to block): handle_mm_fault() may then drop mmap_sem and return
 *    VM_FAULT_RETRY, which becomes -EAGAIN with mmap_sem released.
 * Every entry read is a step of its own (the kernel reads PTEs without the page-table lock).
 */
export function* hmm_walk_page_range(range, mm, vma, start, end, fault, allowRetry) {
    if (start < vma.vm_start) {
        const holeEnd = Math.min(end, vma.vm_start);
        const r = yield* walk_segment(range, mm, null, start, holeEnd, fault, allowRetry);
        if (r.ret !== 0 || holeEnd >= end)
            return r;
        start = holeEnd;
    }
    return yield* walk_segment(range, mm, vma, start, end, fault, allowRetry);
}
/** One stretch of the walk, inside `vma` or (vma null) in a hole before it. */
function* walk_segment(range, mm, vma, start, end, fault, allowRetry) {
    const f = range.flags;
    const v = range.values;
    const shift = BigInt(range.pfn_shift);
    for (let addr = start; addr < end; addr += PAGE_SIZE) {
        const i = (addr - range.start) / PAGE_SIZE;
        const orig = range.pfns[i];
        range.pfns[i] = v[HMM_PFN_NONE];
        // A lockless read of the entry: its own step.
        if (cur.record)
            note('hmm walk', `0x${addr.toString(16)}`);
        if (!lone_point())
            yield;
        pte_read_op(mm, addr);
        // The end of the PMD range this entry belongs to: what a fault goes on to fault.
        const chunkEnd = Math.min(end, (Math.floor(addr / PMD_SIZE) + 1) * PMD_SIZE);
        if (vma === null) {
            // hmm_vma_walk_hole() with walk->vma == NULL.
            const nf = fault ? need_fault(range, orig, 0n) : 0;
            if (nf !== 0)
                return yield* fault_rest(range, vma, addr, chunkEnd, nf === 2, allowRetry);
            continue;
        }
        const e = walk_entry(mm, addr);
        let cpu_flags = 0n;
        switch (e.kind) {
            case 'present':
                cpu_flags = f[HMM_PFN_VALID] | (e.writable ? f[HMM_PFN_WRITE] : 0n);
                break;
            case 'zero':
                cpu_flags = f[HMM_PFN_VALID] | (e.writable ? f[HMM_PFN_WRITE] : 0n);
                if (e.level === 'pte') {
                    // pte_special(): fault if asked (a write breaks it), else the walk fails.
                    const nf = fault ? need_fault(range, orig, cpu_flags) : 0;
                    if (nf !== 0)
                        return yield* fault_rest(range, vma, addr, chunkEnd, nf === 2, allowRetry);
                    range.pfns[i] = v[HMM_PFN_SPECIAL];
                    return { ret: -EFAULT, last: addr };
                }
                break;
            case 'device-private':
                cpu_flags = f[HMM_PFN_VALID] | f[HMM_PFN_DEVICE_PRIVATE] | (e.writable ? f[HMM_PFN_WRITE] : 0n);
                break;
            case 'special':
                range.pfns[i] = v[HMM_PFN_SPECIAL];
                return { ret: -EFAULT, last: addr };
            case 'swap':
            case 'migration':
                // Not asked whether a fault is needed: NONE, and on to the next page.
                continue;
            case 'device-exclusive':
                // Not a swap entry these releases knew (5.14+): reported as an error.
                range.pfns[i] = v[HMM_PFN_ERROR];
                return { ret: -EFAULT, last: addr };
            default:
                break; // none
        }
        const nf = fault ? need_fault(range, orig, cpu_flags) : 0;
        if (nf !== 0)
            return yield* fault_rest(range, vma, addr, chunkEnd, nf === 2, allowRetry);
        if (cpu_flags !== 0n)
            range.pfns[i] = (BigInt(e.pfn) << shift) | cpu_flags;
    }
    return { ret: 0, last: end };
}
/**
 * hmm_vma_walk_hole_() + hmm_vma_do_fault(): fault every page of [addr, end) with the same
 * write flag; -EBUSY (walk again from addr) when all went through, -EAGAIN on VM_FAULT_RETRY
 * (mmap_sem already released), -EFAULT on an error (that entry set to ERROR).
 */
function* fault_rest(range, vma, addr, end, write, allowRetry) {
    const last = addr;
    let flags = FAULT_FLAG_REMOTE | (write ? FAULT_FLAG_WRITE : 0);
    if (allowRetry)
        flags |= FAULT_FLAG_ALLOW_RETRY;
    for (let a = addr; a < end; a += PAGE_SIZE) {
        const i = (a - range.start) / PAGE_SIZE;
        range.pfns[i] = range.values[HMM_PFN_NONE];
        // No VMA check here in 5.2/5.3: a hole's fault dereferences NULL in handle_mm_fault.
        const r = yield* handle_mm_fault(vma, a, flags);
        if (r & VM_FAULT_RETRY)
            return { ret: -EAGAIN, last };
        if (r & VM_FAULT_ERROR) {
            range.pfns[i] = range.values[HMM_PFN_ERROR];
            return { ret: -EFAULT, last: a };
        }
    }
    return { ret: -EBUSY, last };
}
