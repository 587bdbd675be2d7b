/*
 * unbind-vs-fault — the reference drivers' own bug, found by this model (issue "trustworthy
 * verdicts" §6): a driver unbinding while a device fault is still in flight, after the
 * process exited.
 *
 *   gpu0    a device fault starts: the driver's fault handler runs (it read the mm pointer
 *           and found the driver alive).
 *   proc    the process exits: mm_users drops to 0, exit_mmap tears the address space down;
 *           what keeps the mm struct allocated now is the driver's subscription (the hmm's
 *           mmgrab on 5.3, the interval notifier's on v6).
 *   unbind  the driver stops device faults, zaps, and removes its subscription: the last
 *           mmdrop frees the mm struct.
 *   gpu0    the fault goes on: mmget_not_zero(mm) reads a freed mm (use-after-free), or on
 *           5.3 hmm_range_register finds the mirror's poisoned hmm pointer.
 * The fixed drivers hold driver->teardown for read across every fault and take it for write
 * in unbind before dropping the subscription, so a fault is either finished or sees the
 * driver dead. `unbind-vs-fault-old-driver` runs the drivers without that fence.
 * On 5.2 the core's own lifetime bugs fire here whatever the driver does (hmm_mm_destroy vs
 * hmm_free, mm_get_hmm on a freed hmm, hmm_release's missing NULL check: the 2019 series,
 * reference/hmm-design.md §4.1-§4.3), so 5.2 is not clean either way.
 */

import { spawn, type Sched } from '../../kernel/index.js';
import { sys_exit } from '../../mm/index.js';
import { clean, violation, type Scenario } from '../types.js';
import { gpu_access, world_init, type World } from './world.js';

function* gpu0(w: World): Sched {
  // Any result is acceptable (the process is going away); touching freed memory is not.
  yield* gpu_access(w, 0, 0, false);
}

function* proc_exit(w: World): Sched {
  yield* sys_exit(w.task);
}

function* unbind(w: World): Sched {
  yield* w.drivers[0]!.unbind();
}

function* init(design: string, old: boolean): Sched {
  const w = yield* world_init(design, 1, 1, [], null, old ? { no_unbind_fence: true } : {});
  spawn('gpu0', () => gpu0(w));
  spawn('proc', () => proc_exit(w));
  spawn('unbind', () => unbind(w));
}

export const unbindVsFault: Scenario = {
  name: 'unbind-vs-fault',
  group: 'races',
  description: 'driver unbind while a device fault is in flight after the process exited: the fixed reference drivers wait for the fault (clean)',
  designs: { 'v5.2': violation('use-after-free', 'bug'), 'v5.3': clean(), v6: clean() },
  setup(design) {
    spawn('init', () => init(design, false));
  },
  // Every interleaving on v5.3 takes about 26,500 executions, the bounded claim about as long.
  checkBounds: { dporExecutions: 40_000 },
};

export const unbindVsFaultOld: Scenario = {
  name: 'unbind-vs-fault-old-driver',
  group: 'races',
  description: 'the same with the reference drivers as they were (no fence for faults in flight): the fault touches the freed mm or the poisoned hmm',
  designs: { 'v5.2': violation('use-after-free', 'bug', 'lock-not-held'), 'v5.3': violation('use-after-free', 'poison-deref'), v6: violation('use-after-free') },
  setup(design) {
    spawn('init', () => init(design, true));
  },
};
