/*
 * The CPU TLB, as small as the model needs it: per mm, the translations {address, pfn} that some
 * CPU of the process may still cache because a site changed or cleared a present entry and has
 * not flushed yet (a flush pending). Nothing else is kept: a user access walks the page table
 * itself every time (uaccess.ts), so a translation the page table still grants needs no entry
 * here, and one it no longer grants is exactly a pending flush.
 *
 * Who records: only a site that changes a present entry and flushes in a later step calls
 * tlb_defer() in the step of the change, and flush_tlb_range() (its own step) later. Every other
 * site of the model flushes in the step of its entry change, as ptep_clear_flush does under the
 * page-table lock, and records nothing (docs/fidelity.md says which kernel sites flush later and
 * why the model does not need them here).
 *
 * The check is a postcondition of the system calls that unmap memory: when munmap or
 * madvise(MADV_DONTNEED) returns to user space, no CPU may still translate an address of their
 * range (tlb_check_returned, kind 'stale-tlb').
 *
 * Per execution (exec_state.ts); no locking (plain JS between scheduling points is atomic). The
 * pending set of an mm is one object for the dependency relation: recording, flushing and the
 * check all touch it.
 */
import { cur, footprint, lone_point, note, visible } from '../kernel/index.js';
import { per_execution } from './exec_state.js';
/** The pending translations of one mm (labelled, so the dependency relation names it). */
class TlbPending {
    label;
    entries = [];
    constructor(label) {
        this.label = label;
    }
}
const state = per_execution('mm.tlb', () => new Map());
function pending_of(mm) {
    const s = state();
    let p = s.get(mm);
    if (p === undefined) {
        p = new TlbPending(`${mm.__label} tlb`);
        s.set(mm, p);
    }
    return p;
}
/**
 * A site changed the present entry at `address` (mapping `pfn`) and flushes later: until its
 * flush, a CPU may still use the old translation. Part of the step of the entry change.
 */
export function tlb_defer(mm, address, pfn) {
    const p = pending_of(mm);
    footprint('tlb_defer', p, address);
    p.entries.push({ address, pfn });
}
/** flush_tlb_range(): no CPU of `mm` translates [start, end) from before any more. Its own step. */
export function* flush_tlb_range(mm, start, end) {
    if (cur.record)
        note('flush_tlb_range', `${mm.__label} [0x${start.toString(16)}, 0x${end.toString(16)})`, 1);
    if (!lone_point())
        yield;
    const p = pending_of(mm);
    visible('flush_tlb_range', p, start);
    const e = p.entries;
    let n = 0;
    for (let i = 0; i < e.length; i++) {
        const t = e[i];
        if (t.address >= start && t.address < end)
            continue;
        e[n++] = t;
    }
    e.length = n;
}
/** The pending translations of `mm` inside [start, end), oldest first (tests, reports). */
export function tlb_stale_in(mm, start, end) {
    const p = state().get(mm);
    if (p === undefined)
        return [];
    return p.entries.filter((t) => t.address >= start && t.address < end);
}
/**
 * `what` (a system call that unmaps [start, end) of `mm`) returns to user space: report a
 * translation of the range some CPU may still use. Part of the caller's last step.
 */
export function tlb_check_returned(mm, start, end, what) {
    const p = state().get(mm);
    if (p === undefined)
        return;
    footprint('tlb_check', p, start);
    const t = p.entries.find((x) => x.address >= start && x.address < end);
    if (t === undefined)
        return;
    const addr = `0x${t.address.toString(16)}`;
    const line = `${what} returned while CPUs may still map ${addr} -> pfn ${t.pfn}`;
    cur.report('stale-tlb', `BUG: stale TLB entry: ${line}`, line, [
        `${what} of [0x${start.toString(16)}, 0x${end.toString(16)}) in ${mm.__label} returned to user space at step ${cur.steps}`,
        `the entry at ${addr} was changed without a flush yet; another CPU of the process may still read and write pfn ${t.pfn} through it`,
    ]);
}
