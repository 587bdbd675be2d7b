/*
 * Scenarios that expose a bug of hmm-history.md which no other group already exposes. Each is
 * clean on the model as the kernel has it today (the fixed code path); the bug variants of
 * ./bugs.ts run them with the old path put back. Kept as small as the bug allows: two racing
 * threads after an init thread that nothing interleaves with.
 */

import { check, kfree, kmalloc, spawn, WaitQueueHead, wait_event, wake_up_all, type Sched } from '../../kernel/index.js';
import { MmuIntervalNotifier, mmu_interval_notifier_insert, mmu_interval_notifier_remove, mmu_interval_set_seq, type MmuIntervalNotifierOps } from '../../mm/interval_notifier.js';
import { MmuNotifier, mmu_notifier_range_blockable, mmu_notifier_register, oom_kill_mm, PAGE_SIZE, PROT_READ, sys_exit, sys_mprotect, type MmuNotifierOps, type MmuNotifierRange } from '../../mm/index.js';
import { EAGAIN } from '../../mm/errno.js';
import { swap_out } from '../../mm/swap.js';
import { page_addr, world_init, type World } from '../races/world.js';
import { v6_init, type V6World } from '../v6/index.js';
import { clean, type Scenario } from '../types.js';
import { ENOENT } from '../../mm/errno.js';
import { ASSERT_EQ, HMM_VARIANTS, SELFTEST_DESIGN, check_one_of } from '../selftests/harness.js';
import { hmm_buffer_free, hmm_setup, type HmmSelf } from '../selftests/hmm_fixture.js';
import { load_i32, pthread_create, pthread_join, store_i32 } from '../selftests/libc.js';
import { hmm_migrate_sys_to_dev } from '../selftests/migrate.js';
import { small_buffer } from '../selftests/migrate_explore.js';

/* ---- §1: exit_mmap's release against reclaim -------------------------------------------- */

function* release_vs_reclaim_init(design: string): Sched {
  // The device maps page 0; the process exits while reclaim swaps the page out.
  const w = yield* world_init(design, 1, 1, [[0, 0, false]]);
  spawn('exit', () => process_exit(w));
  spawn('reclaim', () => reclaim(w));
}

function* process_exit(w: World): Sched {
  yield* sys_exit(w.task);
}

function* reclaim(w: World): Sched {
  yield* swap_out(w.mm, page_addr(w, 0), page_addr(w, 1));
}

export const releaseVsReclaim: Scenario = {
  name: 'release-vs-reclaim',
  group: 'history',
  description: 'hmm-history §1: process exit (mmu_notifier_release) races reclaim swapping out a page the device maps',
  designs: { 'v5.3': clean() },
  setup(design) {
    spawn('init', () => release_vs_reclaim_init(design));
  },
};

/* ---- §10: mmu_interval_notifier_remove during an invalidation, then free ---------------- */

const subOps: MmuIntervalNotifierOps = { invalidate: sub_invalidate };
function* sub_invalidate(mni: MmuIntervalNotifier, _range: MmuNotifierRange, cur_seq: number): Sched<boolean> {
  yield* mmu_interval_set_seq(mni, cur_seq);
  return true;
}

function* remove_then_free(mni: MmuIntervalNotifier): Sched {
  yield* mmu_interval_notifier_remove(mni);
  // remove() returned: nothing may touch the subscription any more, so the driver frees it.
  kfree(mni);
}

function* mprotect_ro(w: V6World): Sched {
  check((yield* sys_mprotect(w.task, w.addr, PAGE_SIZE, PROT_READ)) === 0, 'mprotect succeeded');
}

function* remove_free_init(): Sched {
  let world: V6World | null = null;
  yield* v6_init(1, {}, (w) => {
    world = w;
  });
  const w = world as V6World | null;
  check(w !== null, 'world built');
  // A second subscriber on the same page, inserted before the race starts.
  const mni = kmalloc(new MmuIntervalNotifier(subOps));
  check((yield* mmu_interval_notifier_insert(mni, w!.mm, w!.addr, PAGE_SIZE, subOps)) === 0, 'insert succeeded');
  spawn('cpu', () => mprotect_ro(w!));
  spawn('sub', () => remove_then_free(mni));
}

export const itreeRemoveFree: Scenario = {
  name: 'itree-remove-free',
  group: 'history',
  description: 'hmm-history §10: a subscriber removes its interval notifier while mprotect invalidates it, then frees it',
  designs: { v6: clean() },
  setup() {
    spawn('init', () => remove_free_init());
  },
};

/* ---- §5: two classic notifiers under the OOM reaper ------------------------------------- */

/** A: keeps a count across start..end (KVM's mmu_notifier_count); its users wait for zero. */
class CountingNotifier extends MmuNotifier {
  count = 0;
  readonly wq = new WaitQueueHead('counting->wq');
}
const countingOps: MmuNotifierOps = {
  *invalidate_range_start(sub) {
    (sub as CountingNotifier).count++;
    return 0;
  },
  *invalidate_range_end(sub) {
    const a = sub as CountingNotifier;
    a.count--;
    yield* wake_up_all(a.wq);
  },
};
/** B: refuses every non-blockable start (nouveau's and i915's classic notifiers did); no end. */
const refusingOps: MmuNotifierOps = {
  *invalidate_range_start(_sub, range) {
    return mmu_notifier_range_blockable(range) ? 0 : -EAGAIN;
  },
};

function* unpaired_init(): Sched {
  const w = yield* world_init('base', 1, 0);
  const a = kmalloc(new CountingNotifier(countingOps));
  check((yield* mmu_notifier_register(a, w.mm)) === 0, 'A registered');
  const b = kmalloc(new MmuNotifier(refusingOps));
  check((yield* mmu_notifier_register(b, w.mm)) === 0, 'B registered');
  spawn('oom', () => oom_kill(w));
  spawn('kvm', () => wait_quiet(a));
}

function* oom_kill(w: World): Sched {
  yield* oom_kill_mm(w.mm, 1);
}

/** A's user (a KVM vCPU fault): waits until no invalidation is in progress. */
function* wait_quiet(a: CountingNotifier): Sched {
  yield* wait_event(a.wq, () => a.count === 0);
}

export const oomUnpairedEnd: Scenario = {
  name: 'oom-unpaired-end',
  group: 'history',
  description: 'hmm-history §5: the OOM reaper\'s non-blockable start succeeds on notifier A and fails on B; A must still get its end',
  designs: { base: clean() },
  setup() {
    spawn('init', () => unpaired_init());
  },
};

/* ---- §13: a dirty swap-cache page through a failed migration, then reclaim --------------- */

const MARK = 0x5a5a;

function* swapcache_migrate_reclaim(self: HmmSelf): Sched {
  const p = self.p;
  const buffer = yield* small_buffer(self, 1);
  const mm = p.task.mm!;
  check((yield* swap_out(mm, buffer.ptr, buffer.ptr + buffer.size)) === 1, 'the page was swapped out');
  // A read fault brings it back into the swap cache, clean (ptr[1] = 1 from the fill).
  ASSERT_EQ(yield* load_i32(p, buffer.ptr + 4), 1, 'ptr[1]', '1');
  const writer = yield* pthread_create(p, 'cpu_write', () => store_i32(p, buffer.ptr, MARK));
  // A swap-cache page does not move to device memory: the migration restores it.
  check_one_of(yield* hmm_migrate_sys_to_dev(p, self.fd, buffer, 1), [0, -ENOENT], 'ret');
  yield* pthread_join(p, writer);
  // Reclaim again: a dirty page is written back, a clean one dropped as up to date.
  yield* swap_out(mm, buffer.ptr, buffer.ptr + buffer.size);
  ASSERT_EQ(yield* load_i32(p, buffer.ptr), MARK, 'ptr[0]', 'MARK');
  yield* hmm_buffer_free(p, buffer);
}

export const swapcacheMigrateReclaim: Scenario = {
  name: 'swapcache-migrate-reclaim',
  group: 'history',
  description: 'hmm-history §13: a CPU write to a page read back from swap races MIGRATE_TO_DEV, which cannot move a swap-cache page; then reclaim and a read back',
  designs: { [SELFTEST_DESIGN]: clean() },
  setup: () => {
    hmm_setup('swapcache-migrate-reclaim', HMM_VARIANTS[0]!, swapcache_migrate_reclaim);
  },
  stepBudget: 2_000_000,
};

export const historyScenarios: Scenario[] = [releaseVsReclaim, itreeRemoveFree, oomUnpairedEnd, swapcacheMigrateReclaim];
