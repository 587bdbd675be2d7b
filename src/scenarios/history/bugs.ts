/*
 * The history catalogue: every core bug of ../shared/reference/hmm-history.md (§1–§17 and the
 * further core candidates), and the 2019 series' races of hmm-design.md §4, each either put back
 * into the model and named with the scenario that exposes it, or with the reason it cannot be
 * expressed yet. `hmmsim history` runs the catalogue; `hmmsim check --group history` runs the
 * bug variants and this group's scenarios as ordinary expectations.
 *
 * Three ways a bug is put back:
 *   switch   the design of today with bug switches on (src/mm/bug_switch.ts): the model reads
 *            each switch where the fix changed the kernel. Variant scenario `bug-<id>`.
 *   release  the model of the release that had the bug is the buggy one (a whole design, as the
 *            2019 series changed a whole design); the fixed one is the next design.
 *   today    the bug is in today's model, as in today's kernel; the proposed fix is a switch,
 *            variant scenario `fix-<id>`.
 */

import type { ViolationKind } from '../../kernel/index.js';
import type { BugSwitch } from '../../mm/bug_switch.js';

interface BugBase {
  id: string;
  /** The fix's commit subject. */
  subject: string;
  /** The release the fix landed in ("-" for a bug still open). */
  release: string;
  /** Where it is described: "§6", "candidate", "2019 §4.1" (hmm-design.md). */
  section: string;
}

export interface ExpressedBug extends BugBase {
  how: 'switch' | 'release' | 'today';
  /** Scenario that exposes it (the fixed model must be clean on it). */
  scenario: string;
  /** Design of the fixed run. */
  design: string;
  /** release: the design that has the bug. */
  buggyDesign?: string;
  /** switch: what is put back; today: the proposed fix. */
  switches?: BugSwitch[];
  /** Kinds the bug must be found as (one of). */
  kinds: ViolationKind[];
  /** pct depth of the first-find run, where the default (3) is not enough within its budget. */
  depth?: number;
  /** Where the expression is smaller than the kernel (what it shows and what it leaves out). */
  notes?: string;
}

export interface UnexpressedBug extends BugBase {
  how: 'not-expressed';
  /** Why the model cannot express it (yet). */
  reason: string;
}

export type HistoryBug = ExpressedBug | UnexpressedBug;

export const HISTORY_BUGS: HistoryBug[] = [
  {
    id: 'release-unlink-first',
    subject: 'mm: mmu_notifier: fix freed page still mapped in secondary MMU',
    release: '3.6',
    section: '§1',
    how: 'switch',
    switches: ['mn-release-unlink-first'],
    scenario: 'release-vs-reclaim',
    design: 'v5.3',
    kinds: ['device-use-after-free', 'stale-device-mapping'],
  },
  {
    id: 'unregister-vs-release',
    subject: 'mm: mmu_notifier: re-fix freed page still mapped in secondary MMU',
    release: '3.10',
    section: '§2',
    // The 3.6-3.9 unregister (3ad3d901bbcf .. 751efd8610d3): unlocked hlist_unhashed test,
    // then hlist_del_rcu; the re-fix's other half (release before unlink) is §1's switch.
    how: 'switch',
    switches: ['mn-unregister-del-rcu'],
    scenario: 'unregister-vs-exit',
    design: 'base',
    kinds: ['bug'],
  },
  {
    id: 'mirror-unregister-order',
    subject: 'mm/hmm: fix race between hmm_mirror_unregister() and mmu_notifier callback',
    release: '4.20',
    section: '§3',
    how: 'not-expressed',
    reason: 'the v5.2 model starts after this fix and still has the use-after-free the 2019 series fixed in the same window (row 2019-§4.1), which a variant would find first; a pre-4.20 design would be needed to tell them apart',
  },
  {
    id: 'sync-at-end',
    subject: 'mm/hmm: invalidate device page table at start of invalidation',
    release: '4.20',
    section: '§4',
    how: 'switch',
    switches: ['hmm-sync-at-end'],
    scenario: 'device-write-vs-reclaim',
    design: 'v5.2',
    // The device writes through its old entry after reclaim cleared the PTE and saved the page.
    kinds: ['stale-device-mapping'],
  },
  {
    id: 'unpaired-end',
    subject: 'mm/mmu_notifiers: ensure range_end() is paired with range_start()',
    release: '5.13',
    section: '§5',
    how: 'switch',
    switches: ['mn-unpaired-end'],
    scenario: 'oom-unpaired-end',
    design: 'base',
    kinds: ['deadlock', 'livelock'],
  },
  {
    id: 'swap-no-fault',
    subject: "mm/hmm: fix hmm_range_fault()'s handling of swapped out pages",
    release: '5.4',
    section: '§6',
    how: 'switch',
    switches: ['hmm-swap-no-fault'],
    scenario: 'swap-entry-none',
    design: 'v6',
    // The v6 reference driver asks again for an entry that came back without VALID: it loops.
    kinds: ['livelock', 'assertion'],
  },
  {
    id: 'write-fault-loop',
    subject: 'mm/hmm: hmm_range_fault() infinite loop',
    release: '5.4',
    section: '§7',
    how: 'switch',
    switches: ['hmm-write-fault-no-vm-write'],
    scenario: 'write-fault-readonly',
    design: 'v6',
    kinds: ['livelock'],
  },
  {
    id: 'hole-under-spinlock',
    subject: 'mm/hmm: do not call hmm_vma_walk_hole() while holding a spinlock',
    release: '5.7',
    section: '§8',
    how: 'switch',
    switches: ['hmm-pud-fault-locked'],
    scenario: 'devdax-pud-write-fault',
    design: 'v6',
    // The fault under mm->page_table_lock: device-dax's insert takes that lock again.
    kinds: ['lock-order', 'deadlock'],
  },
  {
    id: 'pgmap-leak',
    subject: "mm/hmm: don't free the cached pgmap while scanning",
    release: '5.7',
    section: '§9',
    how: 'switch',
    switches: ['hmm-cached-pgmap'],
    scenario: 'dax-pgmap-teardown',
    design: 'v6',
    // The walk's migration-wait exit keeps the cached reference: memunmap_pages never returns.
    kinds: ['deadlock'],
  },
  {
    id: 'itree-remove-race',
    subject: 'mm/mmu_notifier.c: fix race in mmu_interval_notifier_remove()',
    release: '5.18',
    section: '§10',
    how: 'switch',
    switches: ['itree-remove-unlocked-wait'],
    scenario: 'itree-remove-free',
    design: 'v6',
    kinds: ['use-after-free'],
    // Three preemptions: remove queues, the end step stores the sequence, remove reads it.
    depth: 4,
  },
  {
    id: 'nonowner-private-efault',
    subject: 'mm/hmm: fault non-owner device private entries',
    release: '5.19',
    section: '§11',
    how: 'switch',
    switches: ['hmm-nonowner-private-efault'],
    scenario: 'devmem-migrate-vs-read-other',
    design: 'v6',
    kinds: ['assertion'],
  },
  {
    id: 'migrate-tlb-flush',
    subject: 'mm/migrate_device.c: flush TLB while holding PTL',
    release: '6.0',
    section: '§12',
    how: 'switch',
    switches: ['migrate-collect-late-flush'],
    scenario: 'migrate-vs-dontneed',
    design: 'v6',
    kinds: ['stale-tlb'],
    notes: 'TLB modelled as pending flushes only (src/mm/tlb.ts): per mm, the translations some CPU may still cache because a present entry was replaced and its flush has not run. The switch makes migrate_vma_collect_pmd record each present entry it replaces and flush the range in a step after the loop, instead of in the step of each change; the general check is that munmap and madvise(MADV_DONTNEED) return with no such translation in their range. Not modelled: a per-CPU TLB filled by accesses (a user access walks the page table each time), so the lost write through the stale entry is not shown, only that the syscall returned while one may exist; every other site flushes in the step of its change (docs/fidelity.md)',
  },
  {
    id: 'migrate-lost-dirty',
    subject: 'mm/migrate_device.c: copy pte dirty bit to page',
    release: '6.0',
    section: '§13',
    how: 'switch',
    switches: ['migrate-collect-lost-dirty'],
    scenario: 'swapcache-migrate-reclaim',
    design: 'v6',
    kinds: ['data-loss'],
  },
  {
    id: 'private-fault-no-ref',
    subject: 'mm/memory.c: fix race when faulting a device private page',
    release: '6.1',
    section: '§14',
    how: 'switch',
    switches: ['private-fault-no-ref'],
    scenario: 'selftest-migrate-release-race',
    design: 'v6',
    // The fault reads the page (and its pgmap) after RELEASE evicted and freed it.
    kinds: ['use-after-free'],
  },
  {
    id: 'exclusive-no-ref',
    subject: 'mm: take a page reference when removing device exclusive entries',
    release: '6.3',
    section: '§15',
    how: 'switch',
    switches: ['exclusive-no-ref'],
    scenario: 'exclusive-fault-vs-dontneed',
    design: 'v6',
    // The fault locks (or unlocks) the lock of a page the zap freed, or the page is freed locked.
    kinds: ['use-after-free', 'bug'],
  },
  {
    id: 'private-fault-livelock',
    subject: 'mm/migrate: Trylock device page in do_swap_page',
    release: '6.15',
    section: '§16',
    how: 'not-expressed',
    reason: "the livelock needs a preemption in every round: each fault's migration must find the other fault's reference, taken after its own, at its refcount check, so the faults alternate mid-migration forever. With finitely many preemptions (dfs's bound, pct's change points) the rest of the run switches only at yields and sleeps, and a fault running alone finds no other reference and migrates: the step budget, the model's only liveness check, never fills. The schedule is fair to both threads (two CPUs in step), so it is a real livelock, but finding it needs cycle detection (a state seen again with both faults back at their retry), over a state abstraction that forgets the growing counters (the notifier sequence a round bumps, pfn and label numbering); the model has none. The 6.1-6.14 path (a reference, no lock; the migration locks the fault page itself) was written behind a switch and taken out again with this row (branch hist-devfault)",
  },
  {
    id: 'trylock-starvation',
    subject: 'mm: Fix a hmm_range_fault() livelock / starvation problem',
    release: '6.19',
    section: '§17',
    how: 'switch',
    switches: ['hmm-private-trylock-no-wait'],
    scenario: 'hmm-fault-vs-migrate-drain',
    design: 'v6',
    kinds: ['soft-lockup'],
  },
  {
    id: 'hole-null-vma',
    subject: 'mm/hmm: hmm_range_fault() NULL pointer bug',
    release: '5.4',
    section: 'candidate',
    how: 'switch',
    switches: ['hmm-hole-null-vma'],
    scenario: 'range-starts-in-hole',
    design: 'v6',
    kinds: ['bug'],
  },
  {
    id: 'insert-assert-counter',
    subject: 'mm/mmu_notifier: Fix mmget() assert in __mmu_interval_notifier_insert',
    release: '5.9',
    section: 'candidate',
    how: 'not-expressed',
    reason: 'the bug is a precondition check on the wrong counter (mm_count for mm_users): a missing assertion, not wrong behaviour, so no violation can follow from it; the model asserts mm_users',
  },
  {
    id: 'hugetlb-walk-unshare',
    subject: 'mm/hugetlb: make walk_hugetlb_range() safe to pmd unshare',
    release: '6.2',
    section: 'candidate',
    how: 'not-expressed',
    reason: 'needs shared hugetlb page tables (PMD sharing between processes) and huge_pmd_unshare; the model\'s hugetlb mappings are private to one mm',
  },
  {
    id: 'pmd-share-range',
    subject: 'mm: migration: fix migration of huge PMD shared pages',
    release: '4.19',
    section: 'candidate',
    how: 'not-expressed',
    reason: 'needs shared hugetlb page tables, as above',
  },
  {
    id: 'private-owner-check',
    subject: 'mm/hmm: check the device private page owner in hmm_range_fault()',
    release: '5.7',
    section: 'candidate',
    how: 'not-expressed',
    reason: 'an API gap (no pgmap owner before it) rather than a code path: the model has owners from the start; its consequence with two devices is what §11 exercises',
  },
  {
    id: 'nonblock-mirrors-sem',
    subject: 'mm/hmm: proper support for blockable mmu_notifier',
    release: '4.20',
    section: 'candidate',
    how: 'not-expressed',
    reason: 'the sleeping down_read of mirrors_sem in a non-blockable start was gone by 5.2 (the v5.2 model try-locks it, which is what 2019 §4.12a starts from); a pre-5.2 design would be needed',
  },
  // The 2019 series (hmm-design.md §4): the v5.2 model is 5.2 with these races, v5.3 is after.
  { id: '2019-hmm-free', subject: 'mm/hmm: fix use after free with struct hmm in the mmu notifiers', release: '5.3', section: '2019 §4.1', how: 'release', scenario: 'hmm-free-vs-notifier', buggyDesign: 'v5.2', design: 'v5.3', kinds: ['use-after-free'] },
  { id: '2019-mm-lifetime', subject: 'mm/hmm: Hold a mmgrab from hmm to mm', release: '5.3', section: '2019 §4.3', how: 'release', scenario: 'hmm-mm-lifetime', buggyDesign: 'v5.2', design: 'v5.3', kinds: ['use-after-free'] },
  { id: '2019-get-or-create', subject: 'mm/hmm: Simplify hmm_get_or_create and make it reliable', release: '5.3', section: '2019 §4.4', how: 'release', scenario: 'get-or-create-race', buggyDesign: 'v5.2', design: 'v5.3', kinds: ['assertion', 'lock-not-held', 'use-after-free'] },
  { id: '2019-register-vs-exit', subject: 'mm/hmm: Hold on to the mmget for the lifetime of the range', release: '5.3', section: '2019 §4.7', how: 'release', scenario: 'register-vs-exit', buggyDesign: 'v5.2', design: 'v5.3', kinds: ['stale-device-mapping', 'device-use-after-free'] },
  { id: '2019-release-vs-unregister', subject: 'mm/hmm: Remove confusing comment and logic from hmm_release', release: '5.3', section: '2019 §4.11', how: 'release', scenario: 'release-vs-unregister', buggyDesign: 'v5.2', design: 'v5.3', kinds: ['use-after-free'] },
  { id: '2019-oom-notifier-leak', subject: 'mm/hmm: Fix error flows in hmm_invalidate_range_start', release: '5.3', section: '2019 §4.12a', how: 'release', scenario: 'oom-notifier-leak', buggyDesign: 'v5.2', design: 'v5.3', kinds: ['livelock'] },
  { id: '2019-oom-lost-eagain', subject: 'mm/hmm: Fix error flows in hmm_invalidate_range_start', release: '5.3', section: '2019 §4.12b', how: 'release', scenario: 'oom-lost-eagain', buggyDesign: 'v5.2', design: 'v5.3', kinds: ['device-use-after-free'] },
  { id: '2019-invalidate-aba', subject: 'mm/hmm: allow hmm_range to be used with a mmu_range_notifier', release: '5.5', section: '2019 §4.13', how: 'release', scenario: 'invalidate-aba', buggyDesign: 'v5.3', design: 'v6', kinds: ['stale-device-mapping'] },
  {
    id: 'oom-itree-classic-eagain',
    subject: '(open) a failed classic start after a successful interval-tree start leaves the tree invalidating',
    release: '-',
    section: 'issue 11',
    how: 'today',
    switches: ['itree-oom-end-itree'],
    scenario: 'v6-oom-itree-classic-eagain',
    design: 'v6',
    kinds: ['deadlock', 'livelock'],
  },
];

export function findHistoryBug(id: string): HistoryBug | undefined {
  return HISTORY_BUGS.find((b) => b.id === id);
}
