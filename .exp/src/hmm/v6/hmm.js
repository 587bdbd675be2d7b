/*
 * Design v6: hmm_range_fault() as in Linux 5.8 … 6.x (mm/hmm.c), in our words.
 *
 * hmm_range_fault(range) snapshots the CPU page tables of [range.start, range.end) into
 * range.hmm_pfns, faulting pages in where the request bits ask for it. It takes no page
 * references and no locks of its own: the caller holds mmap_read_lock(mm) (asserted) and an
 * mmget, and opened a collision-retry section with mmu_interval_read_begin(range.notifier).
 * The output is only trustworthy after mmu_interval_read_retry() returned false under the
 * driver's lock (I5), because any invalidation may have changed the page tables since.
 *
 * Encoding of one hmm_pfns entry (an unsigned long, 5.10 … 6.14 layout):
 *   bit 63 HMM_PFN_VALID (input: HMM_PFN_REQ_FAULT)   bit 62 HMM_PFN_WRITE (input: REQ_WRITE)
 *   bit 61 HMM_PFN_ERROR   bits 56..60 map order (hmm_pfn_to_map_order)   bits 0..55 the pfn.
 * Output 0 means "nothing mapped now; a call with REQ_FAULT could change that".
 *
 * hmm_pfns is a BigUint64Array (the kernel's unsigned long array). The walker reads and writes
 * it through a Uint32Array view of the same memory (low word = pfn, high word = flags), so a
 * walk over populated memory costs a few typed-array accesses per page.
 *
 * Modelling notes: the kernel reads every entry without the page-table lock, so each entry
 * read (a PTE, a PMD leaf or empty PMD, a hugetlb entry) is a step of its own, as are the
 * check_retry at every restart, each handle_mm_fault and migration_entry_wait. Devmap entries
 * (DAX pages) are reported as any present page; 5.3-5.6 also took a dev_pagemap reference for
 * them (switch hmm-cached-pgmap, each get and put a step of its own). A devmap PUD leaf
 * (device-dax) goes to walk_pud, which reads it under mm->page_table_lock as pud_trans_huge_lock
 * does. The walker is
 * plain code for speed: a lone thread counts each entry's step without a generator
 * (lone_point); otherwise the walker stops at the entry (DO_POINT) and walk_page_range takes
 * the scheduling point and resumes there.
 */
import { cur, kasan_check, lone_point, note, spin_lock, spin_retry, spin_unlock, WARN_ON } from '../../kernel/index.js';
import { FAULT_FLAG_REMOTE, FAULT_FLAG_WRITE, HPAGE_PMD_ORDER, HPAGE_PUD_ORDER, PAGE_SHIFT, PAGE_SIZE, PMD_SIZE, PUD_SIZE, VM_FAULT_ERROR, VM_IO, VM_PFNMAP, VM_READ, VM_WRITE, VM_HUGETLB } from '../../mm/constants.js';
import { EBUSY, EFAULT, EINVAL, EPERM } from '../../mm/errno.js';
import { huge_pte_lookup } from '../../mm/hugetlb.js';
import { mmu_interval_check_retry } from '../../mm/interval_notifier.js';
import { handle_mm_fault, migration_entry_wait } from '../../mm/memory.js';
import { mmap_assert_locked } from '../../mm/mm_struct.js';
import { get_dev_pagemap, pfn_to_page, put_dev_pagemap } from '../../mm/page.js';
import { PmdLeaf, PTE_DEVMAP, PTE_NOACCESS, PTE_WRITE, PteTable, pmd_index, pte_read_op, pud_index } from '../../mm/pgtable.js';
import { find_vma } from '../../mm/vma.js';
import { bug_on } from '../../mm/bug_switch.js';
/* ---- enum hmm_pfn_flags ------------------------------------------------------------------- */
export const HMM_PFN_VALID = 1n << 63n;
export const HMM_PFN_WRITE = 1n << 62n;
export const HMM_PFN_ERROR = 1n << 61n;
export const HMM_PFN_ORDER_SHIFT = 56n;
/** Every non-pfn bit: the three flags and the order field. */
export const HMM_PFN_FLAGS = 0xffn << HMM_PFN_ORDER_SHIFT;
/** Input flags (the same bits, read as requests). */
export const HMM_PFN_REQ_FAULT = HMM_PFN_VALID;
export const HMM_PFN_REQ_WRITE = HMM_PFN_WRITE;
/** Drivers bound their -EBUSY retries with this (msecs_to_jiffies(1000)): virtual ms here. */
export const HMM_RANGE_DEFAULT_TIMEOUT = 1000;
/* The same bits in the high 32-bit word of an entry (what the walker uses). */
const VALID_HI = 0x8000_0000 | 0;
const WRITE_HI = 0x4000_0000;
const ERROR_HI = 0x2000_0000;
const ORDER_SHIFT_HI = 24;
const HMM_NEED_FAULT = 1;
const HMM_NEED_WRITE_FAULT = 2;
const HMM_NEED_ALL = HMM_NEED_FAULT | HMM_NEED_WRITE_FAULT;
if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1)
    throw new Error('hmm: the hmm_pfns encoding assumes a little-endian host');
/** The pfn of an entry (bits 0..55). */
export function hmm_pfn_to_pfn(hmm_pfn) {
    return Number(hmm_pfn & ~HMM_PFN_FLAGS);
}
/** hmm_pfn_to_page(): the struct page (folio) of a VALID entry. */
export function hmm_pfn_to_page(hmm_pfn) {
    return pfn_to_page(hmm_pfn_to_pfn(hmm_pfn));
}
/** hmm_pfn_to_map_order(): log2 of the CPU mapping size in pages (0, 9 for PMD, 18 for PUD). */
export function hmm_pfn_to_map_order(hmm_pfn) {
    return Number((hmm_pfn >> HMM_PFN_ORDER_SHIFT) & 0x1fn);
}
/** Build an output entry (tests and drivers comparing results). */
export function hmm_pfn_make(pfn, flags, order = 0) {
    return BigInt(pfn) | flags | (BigInt(order) << HMM_PFN_ORDER_SHIFT);
}
/** "VALID|WRITE pfn 1234 order 9" for messages. */
export function hmm_pfn_describe(e) {
    if (e === 0n)
        return '0';
    const f = [];
    if (e & HMM_PFN_VALID)
        f.push('VALID');
    if (e & HMM_PFN_WRITE)
        f.push('WRITE');
    if (e & HMM_PFN_ERROR)
        f.push('ERROR');
    const o = hmm_pfn_to_map_order(e);
    return `${f.join('|') || '-'} pfn ${hmm_pfn_to_pfn(e)}${o ? ` order ${o}` : ''}`;
}
/* ---- struct hmm_range --------------------------------------------------------------------- */
export class HmmRange {
    notifier;
    /** From mmu_interval_read_begin(notifier). */
    notifier_seq = 0;
    start;
    /** Exclusive. */
    end;
    /** One entry per page: request bits in, pfn + flags out. */
    hmm_pfns;
    /** Request bits applied to every page. */
    default_flags = 0n;
    /** Which per-entry input bits count. */
    pfn_flags_mask = 0n;
    /** Device-private pages whose pgmap->owner is this are reported, not faulted. */
    dev_private_owner = null;
    constructor(init) {
        this.notifier = init.notifier;
        this.start = init.start;
        this.end = init.end;
        this.hmm_pfns = init.hmm_pfns ?? new BigUint64Array(Math.max(0, (init.end - init.start) / PAGE_SIZE));
        this.default_flags = init.default_flags ?? 0n;
        this.pfn_flags_mask = init.pfn_flags_mask ?? 0n;
        this.dev_private_owner = init.dev_private_owner ?? null;
    }
}
/* ---- the walk ----------------------------------------------------------------------------- */
/** struct hmm_vma_walk, plus what a callback asks its generator caller to do. */
class HmmVmaWalk {
    range;
    mm;
    /** Entries below `last` hold outputs; from `last` on, still the requests. */
    last = 0;
    /** hmm_pfns as 32-bit words: [2i] pfn, [2i+1] flags. */
    words = new Uint32Array(0);
    maskHi = 0;
    defHi = 0;
    /** Pending action (FAULT / MIGRATION_WAIT): where, and what kind of fault. */
    act_addr = 0;
    act_end = 0;
    act_required = 0;
    act_vma = null;
    /** DO_POINT: the entry whose read needs a scheduling point first. */
    point_addr = 0;
    /** The point for the entry at point_addr has been taken (by walk_page_range). */
    point_taken = false;
    /*
     * Before 5.7 (switch hmm-cached-pgmap; null otherwise): the dev_pagemap reference taken for
     * a devmap entry, kept for the next entries of the same pgmap. DO_GET_PGMAP leaves the
     * entry's pfn in pg_key and its output in pg_pfn / pg_hi; the walk resumed at pg_done_addr writes it without
     * reading the entry again. put_first: the PTE loop's fault exit puts the cached pgmap.
     */
    pgmap = null;
    /** The devmap entry's pfn (what get_dev_pagemap looks up). */
    pg_key = 0;
    pg_pfn = 0;
    pg_hi = 0;
    pg_done_addr = -1;
    put_first = false;
    constructor(range, mm) {
        this.range = range;
        this.mm = mm;
    }
}
/* Positive results of the plain (non-generator) walk functions. */
const DO_FAULT = 1;
const DO_MIGRATION_WAIT = 2;
const DO_POINT = 3;
/* Before 5.7 only: take a dev_pagemap reference for the entry at act_addr / put the cached one. */
const DO_GET_PGMAP = 4;
const DO_PUT_PGMAP = 5;
/* A devmap PUD leaf at act_addr (to act_end): walk_pud takes the PUD lock and handles it. */
const DO_PUD = 6;
/* walk_pud: no huge PUD under the lock after all; walk the PMDs (ACTION_SUBTREE). */
const PUD_SUBTREE = 7;
/**
 * The step of reading the entry at `addr`: true when the walker may read it now (a lone
 * thread's point is counted, or walk_page_range just took the point), false when it must stop
 * with DO_POINT so that the point is taken first.
 */
function entry_step(w, addr) {
    if (w.point_taken) {
        w.point_taken = false;
    }
    else if (!lone_point()) {
        w.point_addr = addr;
        return false;
    }
    pte_read_op(w.mm, addr);
    return true;
}
function hi32(v) {
    return Number((v >> 32n) & 0xffffffffn) | 0;
}
/** hmm_pte_need_fault(): what the request bits (high word) need from a CPU entry with `cpu`. */
function need_fault(w, reqHi, cpu) {
    const req = (reqHi & w.maskHi) | w.defHi;
    if ((req & VALID_HI) === 0)
        return 0;
    if ((req & WRITE_HI) !== 0 && (cpu & WRITE_HI) === 0)
        return HMM_NEED_FAULT | HMM_NEED_WRITE_FAULT;
    if ((cpu & VALID_HI) === 0)
        return HMM_NEED_FAULT;
    return 0;
}
/** hmm_range_need_fault(): the union over entries [i, i + n). */
function range_need_fault(w, i, n, cpu) {
    // Nothing at all can be requested: the common snapshot case.
    if (((w.maskHi | w.defHi) & VALID_HI) === 0)
        return 0;
    const words = w.words;
    let r = 0;
    for (let k = i; k < i + n; k++) {
        r |= need_fault(w, words[2 * k + 1], cpu);
        if (r === HMM_NEED_ALL)
            break;
    }
    return r;
}
/** hmm_pfns_fill(): entries for [addr, end) all set to the same value (no pfn). */
function fill(w, addr, end, hi) {
    const words = w.words;
    const i0 = (addr - w.range.start) / PAGE_SIZE;
    const i1 = (end - w.range.start) / PAGE_SIZE;
    for (let i = i0; i < i1; i++) {
        words[2 * i] = 0;
        words[2 * i + 1] = hi;
    }
}
/** Ask the caller to run hmm_vma_fault() over [addr, end). */
function want_fault(w, vma, addr, end, required) {
    w.act_vma = vma;
    w.act_addr = addr;
    w.act_end = end;
    w.act_required = required;
    return DO_FAULT;
}
/**
 * The PTE loop's fault exit (hmm_vma_handle_pte's fault label): before 5.7 it put the cached
 * dev_pagemap first (w.pgmap is only ever set with hmm-cached-pgmap on).
 */
function pte_fault(w, vma, addr, end, required) {
    if (w.pgmap !== null)
        w.put_first = true;
    return want_fault(w, vma, addr, end, required);
}
/** True when `pgmap` is a live range holding `pfn`. */
function pgmap_covers(pgmap, pfn) {
    const r = pgmap === null ? null : pgmap.range;
    return r !== null && pfn >= r.start && pfn < r.end;
}
/** hmm_vma_walk_hole() for an address no VMA covers: -EFAULT if a fault was asked, else ERROR. */
function hole_no_vma(w, addr, end) {
    const i = (addr - w.range.start) / PAGE_SIZE;
    if (range_need_fault(w, i, (end - addr) / PAGE_SIZE, 0)) {
        // Before 5.4 the hole handler faulted here too, through walk->vma, which is NULL.
        if (bug_on('hmm-hole-null-vma'))
            kasan_check(null, 'hmm_vma_walk_hole: handle_mm_fault(walk->vma)');
        return -EFAULT;
    }
    fill(w, addr, end, ERROR_HI);
    return 0;
}
/** hmm_vma_walk_hole() inside a VMA (empty PMD, missing hugetlb entry). */
function hole_in_vma(w, vma, addr, end) {
    const i = (addr - w.range.start) / PAGE_SIZE;
    const required = range_need_fault(w, i, (end - addr) / PAGE_SIZE, 0);
    if (required)
        return want_fault(w, vma, addr, end, required);
    fill(w, addr, end, 0);
    return 0;
}
/**
 * hmm_vma_walk_test(): VMAs without struct pages behind them (VM_IO, VM_PFNMAP) or without
 * VM_READ cannot be mirrored: -EFAULT if any fault was asked there, otherwise ERROR entries and
 * the walk skips the VMA (returns 1). VM_MIXEDMAP is walked (newer kernels).
 */
function walk_test(w, vma, start, end) {
    const f = vma.vm_flags;
    if ((f & (VM_IO | VM_PFNMAP)) === 0 && (f & VM_READ) !== 0)
        return 0;
    const i = (start - w.range.start) / PAGE_SIZE;
    if (range_need_fault(w, i, (end - start) / PAGE_SIZE, 0))
        return -EFAULT;
    fill(w, start, end, ERROR_HI);
    return 1;
}
/** hmm_vma_walk_pmd() over the PTEs of one page table, [addr, end) within one PMD. */
function walk_ptes(w, vma, t, addr, end) {
    const words = w.words;
    const range = w.range;
    const kinds = t.kind;
    const flags = t.flags;
    const vals = t.val;
    let pi = (addr % PMD_SIZE) / PAGE_SIZE;
    let j = (addr - range.start) / PAGE_SIZE;
    const jEnd = j + (end - addr) / PAGE_SIZE;
    // Nothing requested (snapshot): a straight copy of what is there.
    const snapshot = ((w.maskHi | w.defHi) & VALID_HI) === 0;
    for (; j < jEnd; j++, pi++, addr += PAGE_SIZE) {
        if (w.pg_done_addr === addr) {
            // Resumed after get_dev_pagemap: this entry was read in an earlier step.
            w.pg_done_addr = -1;
            words[2 * j] = w.pg_pfn;
            words[2 * j + 1] = w.pg_hi;
            continue;
        }
        if (!entry_step(w, addr))
            return DO_POINT;
        const kind = kinds[pi];
        const reqHi = words[2 * j + 1];
        switch (kind) {
            case 1 /* PteKind.Present */:
            case 2 /* PteKind.Zero */: {
                const f = flags[pi];
                // pte_protnone (the model's PTE_NOACCESS) reads as not valid.
                const cpu = (f & PTE_NOACCESS) !== 0 ? 0 : (f & PTE_WRITE) !== 0 ? VALID_HI | WRITE_HI : VALID_HI;
                if (!snapshot) {
                    const r = need_fault(w, reqHi, cpu);
                    if (r)
                        return pte_fault(w, vma, addr, end, r);
                }
                // Before 5.7 a devmap entry was reported only with a reference on its dev_pagemap.
                if ((f & PTE_DEVMAP) !== 0 && bug_on('hmm-cached-pgmap') && !pgmap_covers(w.pgmap, vals[pi])) {
                    w.act_addr = addr;
                    w.pg_key = vals[pi];
                    w.pg_pfn = cpu === 0 ? 0 : vals[pi];
                    w.pg_hi = cpu;
                    return DO_GET_PGMAP;
                }
                words[2 * j] = cpu === 0 ? 0 : vals[pi];
                words[2 * j + 1] = cpu;
                continue;
            }
            case 0 /* PteKind.None */: {
                if (!snapshot) {
                    const r = need_fault(w, reqHi, 0);
                    if (r)
                        return pte_fault(w, vma, addr, end, r);
                }
                words[2 * j] = 0;
                words[2 * j + 1] = 0;
                continue;
            }
            case 7 /* PteKind.Special */: {
                // A pfn with no struct page (not the zero page): nothing a device may use.
                const cpu = (flags[pi] & PTE_WRITE) !== 0 ? VALID_HI | WRITE_HI : VALID_HI;
                const r = need_fault(w, reqHi, cpu);
                if (r)
                    return pte_fault(w, vma, addr, end, r);
                if (need_fault(w, reqHi, 0))
                    return -EFAULT;
                words[2 * j] = 0;
                words[2 * j + 1] = ERROR_HI;
                continue;
            }
            case 5 /* PteKind.DevicePrivate */: {
                const page = pfn_to_page(vals[pi]);
                const owner = page === null || page.pgmap === null ? null : page.pgmap.owner;
                if (owner !== null && owner === range.dev_private_owner) {
                    // Our own device memory: report it, do not fault it back.
                    words[2 * j] = vals[pi];
                    words[2 * j + 1] = (flags[pi] & PTE_WRITE) !== 0 ? VALID_HI | WRITE_HI : VALID_HI;
                    continue;
                }
                // Before 5.19 another owner's entry fell into the "other swap entry" case below.
                if (bug_on('hmm-nonowner-private-efault')) {
                    if (need_fault(w, reqHi, 0))
                        return -EFAULT;
                    words[2 * j] = 0;
                    words[2 * j + 1] = 0;
                    continue;
                }
                const r = need_fault(w, reqHi, 0);
                if (r)
                    return pte_fault(w, vma, addr, end, r); // migrate_to_ram through the fault
                words[2 * j] = 0;
                words[2 * j + 1] = 0;
                continue;
            }
            case 3 /* PteKind.Swap */:
            case 6 /* PteKind.DeviceExclusive */: {
                // Before 5.4 a swap entry's fault flags were never computed: NONE, and no fault.
                if (kind === 3 /* PteKind.Swap */ && bug_on('hmm-swap-no-fault')) {
                    words[2 * j] = 0;
                    words[2 * j + 1] = 0;
                    continue;
                }
                const r = need_fault(w, reqHi, 0);
                if (r)
                    return pte_fault(w, vma, addr, end, r);
                words[2 * j] = 0;
                words[2 * j + 1] = 0;
                continue;
            }
            case 4 /* PteKind.Migration */: {
                if (need_fault(w, reqHi, 0)) {
                    w.act_addr = addr;
                    return DO_MIGRATION_WAIT;
                }
                words[2 * j] = 0;
                words[2 * j + 1] = 0;
                continue;
            }
            default:
                // Any other non-present entry: an error if it had to be valid.
                if (need_fault(w, reqHi, 0))
                    return -EFAULT;
                words[2 * j] = 0;
                words[2 * j + 1] = 0;
        }
    }
    // Before 5.7 the loop's normal exit put the cached dev_pagemap (a step of its own), then
    // went on at `end`.
    if (w.pgmap !== null) {
        w.act_addr = end;
        return DO_PUT_PGMAP;
    }
    return 0;
}
/** hmm_vma_walk_pmd() for a PMD leaf (THP, huge zero page, PMD migration / device entries). */
function walk_pmd_leaf(w, vma, e, addr, end) {
    const i0 = (addr - w.range.start) / PAGE_SIZE;
    const n = (end - addr) / PAGE_SIZE;
    const order = HPAGE_PMD_ORDER;
    let cpu;
    switch (e.kind) {
        case 4 /* PteKind.Migration */:
            if (range_need_fault(w, i0, n, 0)) {
                w.act_addr = addr;
                return DO_MIGRATION_WAIT;
            }
            fill(w, addr, end, 0);
            return 0;
        case 1 /* PteKind.Present */:
        case 2 /* PteKind.Zero */:
            if ((e.flags & PTE_NOACCESS) !== 0) {
                if (range_need_fault(w, i0, n, 0))
                    return want_fault(w, vma, addr, end, range_need_fault(w, i0, n, 0));
                fill(w, addr, end, 0);
                return 0;
            }
            cpu = ((e.flags & PTE_WRITE) !== 0 ? VALID_HI | WRITE_HI : VALID_HI) | (order << ORDER_SHIFT_HI);
            break;
        case 5 /* PteKind.DevicePrivate */: {
            const page = pfn_to_page(e.pfn);
            const owner = page === null || page.pgmap === null ? null : page.pgmap.owner;
            if (owner !== null && owner === w.range.dev_private_owner) {
                cpu = ((e.flags & PTE_WRITE) !== 0 ? VALID_HI | WRITE_HI : VALID_HI) | (order << ORDER_SHIFT_HI);
                break;
            }
            // Another device's huge entry (hmm_vma_handle_absent_pmd): a fault brings it back
            // through its migrate_to_ram, as for a PTE; without a request it is an error entry.
            const required = range_need_fault(w, i0, n, 0);
            if (required)
                return want_fault(w, vma, addr, end, required);
            fill(w, addr, end, ERROR_HI);
            return 0;
        }
        default:
            // A non-present PMD that is not a migration entry.
            if (range_need_fault(w, i0, n, 0))
                return -EFAULT;
            fill(w, addr, end, ERROR_HI);
            return 0;
    }
    // hmm_vma_handle_pmd()
    const required = range_need_fault(w, i0, n, cpu);
    if (required)
        return want_fault(w, vma, addr, end, required);
    const words = w.words;
    let pfn = e.pfn + (addr % PMD_SIZE) / PAGE_SIZE;
    for (let i = i0; i < i0 + n; i++, pfn++) {
        words[2 * i] = pfn;
        words[2 * i + 1] = cpu;
    }
    w.last = end;
    return 0;
}
/** The non-hugetlb part of walk_page_range() for one VMA: PMD by PMD. */
function walk_vma(w, vma, start, end) {
    const pmds = w.mm.pmd;
    const puds = w.mm.pud;
    for (let addr = start; addr < end;) {
        if (puds.size > 0) {
            // walk_pud_range: a non-empty PUD goes to the pud_entry callback (hmm_vma_walk_pud).
            const ku = pud_index(addr);
            const u = puds.get(ku);
            if (u !== undefined && !u.hugetlb) {
                // walk_pud takes its own points (a point taken for an entry read here is not used).
                w.point_taken = false;
                w.act_addr = addr;
                w.act_end = Math.min(end, (ku + 1) * PUD_SIZE);
                return DO_PUD;
            }
        }
        const k = pmd_index(addr);
        const next = Math.min(end, (k + 1) * PMD_SIZE);
        let e = pmds.lookup(k);
        // An empty PMD or a PMD leaf is one entry read; a PTE table's entries are read one by one.
        if (!(e instanceof PteTable)) {
            w.pg_done_addr = -1;
            if (!entry_step(w, addr))
                return DO_POINT;
            e = pmds.lookup(k);
        }
        let r;
        if (e === undefined)
            r = hole_in_vma(w, vma, addr, next);
        else if (e instanceof PmdLeaf)
            r = walk_pmd_leaf(w, vma, e, addr, next);
        else
            r = walk_ptes(w, vma, e, addr, next);
        if (r !== 0)
            return r;
        addr = next;
    }
    return 0;
}
/**
 * hmm_vma_walk_hugetlb_entry() for every huge page of a VM_HUGETLB VMA in [start, end): one
 * output entry per 4 KiB page, each carrying the huge page's order. As in the kernel, the
 * fault decision looks at the request of the first entry of each huge page.
 */
function walk_hugetlb(w, vma, start, end) {
    const shift = vma.hpage_shift;
    const size = 2 ** shift;
    const order = shift - PAGE_SHIFT;
    const words = w.words;
    for (let addr = start; addr < end;) {
        const haddr = addr - (addr % size);
        const next = Math.min(end, haddr + size);
        if (!entry_step(w, addr))
            return DO_POINT;
        const leaf = huge_pte_lookup(w.mm, haddr, shift);
        if (leaf === undefined) {
            const r = hole_in_vma(w, vma, addr, next);
            if (r !== 0)
                return r;
            addr = next;
            continue;
        }
        const i0 = (addr - w.range.start) / PAGE_SIZE;
        const present = (leaf.kind === 1 /* PteKind.Present */ || leaf.kind === 2 /* PteKind.Zero */) && (leaf.flags & PTE_NOACCESS) === 0;
        const cpu = present ? ((leaf.flags & PTE_WRITE) !== 0 ? VALID_HI | WRITE_HI : VALID_HI) | (order << ORDER_SHIFT_HI) : 0;
        const required = need_fault(w, words[2 * i0 + 1], cpu);
        if (required)
            return want_fault(w, vma, addr, next, required);
        if (present) {
            let pfn = leaf.pfn + (addr - haddr) / PAGE_SIZE;
            for (let i = i0; i < i0 + (next - addr) / PAGE_SIZE; i++, pfn++) {
                words[2 * i] = pfn;
                words[2 * i + 1] = cpu;
            }
        }
        else {
            fill(w, addr, next, 0);
        }
        addr = next;
    }
    return 0;
}
/**
 * hmm_vma_fault(): fault every page of [addr, end) (a write fault if asked), then restart the
 * walk from addr (-EBUSY), or fail: -EPERM for a write to a VMA without VM_WRITE, -EFAULT if the
 * fault handler fails.
 */
function* hmm_vma_fault(w) {
    const vma = w.act_vma;
    let fault_flags = FAULT_FLAG_REMOTE;
    WARN_ON(w.act_required === 0, 'hmm_vma_fault without a required fault');
    w.last = w.act_addr;
    if (w.act_required & HMM_NEED_WRITE_FAULT) {
        // Before 5.4 nothing checked VM_WRITE here: handle_mm_fault "succeeds" without making the
        // entry writable, and the walk restarts (-EBUSY) to find it read-only again.
        if ((vma.vm_flags & VM_WRITE) === 0 && !bug_on('hmm-write-fault-no-vm-write'))
            return -EPERM;
        fault_flags |= FAULT_FLAG_WRITE;
    }
    for (let addr = w.act_addr; addr < w.act_end; addr += PAGE_SIZE) {
        if ((yield* handle_mm_fault(vma, addr, fault_flags)) & VM_FAULT_ERROR)
            return -EFAULT;
    }
    return -EBUSY;
}
/**
 * hmm_vma_walk_pud() for a devmap PUD leaf (device-dax) over [addr, end): under the PUD lock
 * (pud_trans_huge_lock: mm->page_table_lock, then the entry read, each a step), report the
 * leaf's pages with order 18, or fault. The fault runs after the lock is dropped (5.7+); before
 * 5.7 (switch hmm-pud-fault-locked) it ran with the lock held, and the fault path sleeps and
 * takes that lock again.
 */
function* walk_pud(w, vma, addr, end) {
    const mm = w.mm;
    const ptl = mm.page_table_lock;
    yield* spin_lock(ptl);
    if (cur.record)
        note('hmm walk', `pud 0x${addr.toString(16)}`);
    if (!lone_point())
        yield;
    pte_read_op(mm, addr);
    const ku = pud_index(addr);
    const u = mm.pud.get(ku);
    if (u === undefined || u.hugetlb || u.kind !== 1 /* PteKind.Present */) {
        // Not a huge PUD any more: the walk goes on at the PMD level.
        yield* spin_unlock(ptl);
        return PUD_SUBTREE;
    }
    const i0 = (addr - w.range.start) / PAGE_SIZE;
    const n = (end - addr) / PAGE_SIZE;
    const order = HPAGE_PUD_ORDER;
    const cpu = (u.flags & PTE_NOACCESS) !== 0 ? 0 : ((u.flags & PTE_WRITE) !== 0 ? VALID_HI | WRITE_HI : VALID_HI) | (order << ORDER_SHIFT_HI);
    const required = range_need_fault(w, i0, n, cpu);
    if (required) {
        want_fault(w, vma, addr, end, required);
        if (bug_on('hmm-pud-fault-locked')) {
            const r = yield* hmm_vma_fault(w);
            yield* spin_unlock(ptl);
            return r;
        }
        yield* spin_unlock(ptl);
        return yield* hmm_vma_fault(w);
    }
    const words = w.words;
    let pfn = u.pfn + (addr - ku * PUD_SIZE) / PAGE_SIZE;
    for (let i = i0; i < i0 + n; i++, pfn++) {
        words[2 * i] = pfn;
        words[2 * i + 1] = cpu;
    }
    yield* spin_unlock(ptl);
    return 0;
}
/** walk_page_range() with HMM's callbacks over [start, end). */
function* walk_page_range(w, start, end) {
    const mm = w.mm;
    let vma = find_vma(mm, start);
    while (start < end) {
        let next;
        let r;
        if (vma === null || start < vma.vm_start) {
            next = vma === null ? end : Math.min(end, vma.vm_start);
            r = hole_no_vma(w, start, next);
        }
        else {
            const v = vma;
            next = Math.min(end, v.vm_end);
            vma = find_vma(mm, v.vm_end);
            r = walk_test(w, v, start, next);
            if (r === 1)
                r = 0;
            else if (r === 0) {
                let from = start;
                for (;;) {
                    r = (v.vm_flags & VM_HUGETLB) !== 0 ? walk_hugetlb(w, v, from, next) : walk_vma(w, v, from, next);
                    if (r === DO_POINT) {
                        // The next entry read is a step of its own: take its point, then go on from there.
                        if (cur.record)
                            note('hmm walk', `0x${w.point_addr.toString(16)}`);
                        yield;
                        w.point_taken = true;
                        from = w.point_addr;
                        continue;
                    }
                    if (r === DO_GET_PGMAP) {
                        // Before 5.7: get_dev_pagemap for the devmap entry just read; -EBUSY if it is dying.
                        w.pgmap = yield* get_dev_pagemap(w.pg_key, w.pgmap);
                        if (w.pgmap === null) {
                            w.last = w.act_addr;
                            r = -EBUSY;
                            break;
                        }
                        w.pg_done_addr = w.act_addr;
                        from = w.act_addr;
                        continue;
                    }
                    if (r === DO_PUD) {
                        const pudEnd = w.act_end;
                        r = yield* walk_pud(w, v, w.act_addr, pudEnd);
                        if (r === PUD_SUBTREE) {
                            from = w.act_addr;
                            continue;
                        }
                        if (r !== 0)
                            break;
                        from = pudEnd;
                        continue;
                    }
                    if (r === DO_PUT_PGMAP) {
                        yield* put_dev_pagemap(w.pgmap);
                        w.pgmap = null;
                        from = w.act_addr;
                        continue;
                    }
                    break;
                }
                if (r === DO_FAULT) {
                    if (w.put_first) {
                        w.put_first = false;
                        yield* put_dev_pagemap(w.pgmap);
                        w.pgmap = null;
                    }
                    r = yield* hmm_vma_fault(w);
                }
                else if (r === DO_MIGRATION_WAIT) {
                    w.last = w.act_addr;
                    yield* migration_entry_wait(mm, w.act_addr);
                    r = -EBUSY;
                }
            }
        }
        if (r !== 0)
            return r;
        start = next;
    }
    return 0;
}
/**
 * hmm_range_fault(): fill range.hmm_pfns for [range.start, range.end), faulting what the
 * request bits ask for. Returns 0; -EBUSY if an invalidation of range.notifier collided (redo
 * read_begin and call again); -EFAULT if a page asked to be valid cannot be (no VMA, a VMA
 * HMM cannot mirror, a special or bad entry, a failed fault); -EPERM for a write request on a
 * VMA without VM_WRITE; -EINVAL for a malformed range. Caller holds mmap_read_lock(mm).
 */
export function* hmm_range_fault(range) {
    const notifier = kasan_check(range.notifier, 'hmm_range_fault');
    const mm = kasan_check(notifier.mm, 'hmm_range_fault');
    mmap_assert_locked(mm, 'hmm_range_fault');
    const npages = (range.end - range.start) / PAGE_SIZE;
    if (WARN_ON(!(range.start < range.end) || range.start % PAGE_SIZE !== 0 || range.end % PAGE_SIZE !== 0 || range.hmm_pfns.length < npages, `hmm_range_fault: malformed range [0x${range.start.toString(16)}, 0x${range.end.toString(16)}) with ${range.hmm_pfns.length} entries`)) {
        return -EINVAL;
    }
    const w = new HmmVmaWalk(range, mm);
    w.words = new Uint32Array(range.hmm_pfns.buffer, range.hmm_pfns.byteOffset, npages * 2);
    w.maskHi = hi32(range.pfn_flags_mask);
    w.defHi = hi32(range.default_flags);
    w.last = range.start;
    let ret;
    do {
        // An invalidation already hit us: stop early, the caller must start over.
        if (yield* mmu_interval_check_retry(notifier, range.notifier_seq))
            return -EBUSY;
        ret = yield* walk_page_range(w, w.last, range.end);
        // On -EBUSY, entries below w.last hold outputs and the rest still hold requests. The
        // kernel goes round again with no cond_resched (a busy loop on a CPU: spin_retry).
        if (ret === -EBUSY)
            spin_retry();
    } while (ret === -EBUSY);
    if (cur.record && ret !== 0)
        cur.log(`hmm_range_fault [0x${range.start.toString(16)}, 0x${range.end.toString(16)}) = ${ret}`);
    return ret;
}
