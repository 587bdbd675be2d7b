/*
 * Bug switches: per execution, which known kernel bugs are put back into the model (or, for a
 * bug still in today's kernel, which proposed fix is applied). The model reads a switch at
 * exactly the place the fix changed the kernel; a switch never adds a check or a hint for the
 * explorer. The catalogue of bugs (subject, release, scenario) is src/scenarios/history/.
 *
 * Per execution (fresh state every execution, so nothing leaks between runs); no locking.
 */
import { per_execution } from './exec_state.js';
/** Every switch the model reads, with the code path it selects. */
export const BUG_SWITCHES = {
    'mn-release-unlink-first': '__mmu_notifier_release unlinks each notifier before calling its release (before 3.6)',
    'mn-unregister-del-rcu': 'mmu_notifier_unregister unlinks with hlist_del_rcu after an unlocked hlist_unhashed test (3.6 to 3.9)',
    'mn-unpaired-end': 'a failed non-blockable invalidate_range_start ends no notifier (before 5.13)',
    'itree-remove-unlocked-wait': 'mmu_interval_notifier_remove evaluates its wait condition without the lock (before 5.18)',
    'itree-oom-end-itree': 'proposed fix: a failed classic start after a successful interval-tree start ends the interval tree too',
    'hmm-sync-at-end': "HMM's invalidate_range_start leaves the device page tables alone; the mirrors' sync_cpu_device_pagetables runs from invalidate_range_end (before 4.20)",
    'hmm-swap-no-fault': 'hmm_range_fault does not compute the fault flags of a swap entry (before 5.4)',
    'hmm-write-fault-no-vm-write': 'hmm_range_fault write-faults a VMA without VM_WRITE instead of failing with -EPERM (before 5.4)',
    'hmm-hole-null-vma': 'hmm_range_fault faults a hole no VMA covers through a NULL walk->vma (before 5.4)',
    'hmm-cached-pgmap': 'hmm_range_fault takes a dev_pagemap reference for devmap entries, caches it in the walk and puts it only on the PTE loop\'s normal and fault exits (5.3 to 5.6)',
    'hmm-pud-fault-locked': 'hmm_range_fault faults a devmap PUD leaf with the PUD lock (mm->page_table_lock) held (5.6)',
    'hmm-nonowner-private-efault': 'hmm_range_fault fails a device-private entry of another owner with -EFAULT (before 5.19)',
    'private-fault-no-ref': 'do_swap_page calls migrate_to_ram on a device-private page read without the page-table lock, holding no reference (before 6.1)',
    'hmm-private-trylock-no-wait': 'do_swap_page returns at once when the trylock of a device-private folio fails, instead of sleeping until the folio is unlocked (6.15 to 6.19)',
    'exclusive-no-ref': 'remove_device_exclusive_entry locks the folio without holding a reference on it (before 6.3)',
    'migrate-collect-lost-dirty': 'migrate_vma_collect_pmd clears a dirty PTE without marking the folio dirty (before 6.0)',
    'migrate-collect-late-flush': 'migrate_vma_collect_pmd flushes the TLB for the entries it replaced only after dropping the page-table lock (before 6.0)',
};
const state = per_execution('mm.bug_switch', () => ({ on: new Set() }));
/** Turn these switches on for the rest of this execution (a scenario's set-up calls it). */
export function set_bug_switches(ids) {
    state().on = new Set(ids);
}
/** True when this execution runs with `id` put back. */
export function bug_on(id) {
    const on = state().on;
    return on.size !== 0 && on.has(id);
}
export function isBugSwitch(s) {
    return Object.prototype.hasOwnProperty.call(BUG_SWITCHES, s);
}
