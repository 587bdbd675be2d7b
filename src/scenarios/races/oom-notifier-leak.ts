/*
 * oom-notifier-leak — reference/hmm-design.md §4.12 (a) (v4 12 "Fix error flows in
 * hmm_invalidate_range_start").
 *
 *   unbind      gpu1's driver unregisters its mirror: hmm_mirror_unregister holds mirrors_sem
 *               for write for a moment.
 *   oom_reaper  one reaping attempt on the OOM victim: non-blockable invalidate_range_start;
 *               hmm->lock trylock succeeds, notifiers++ and the ranges are invalidated, then
 *               down_read_trylock(mirrors_sem) fails -> -EAGAIN without notifiers-- [5.2]. The
 *               core calls no invalidate_range_end, so notifiers stays at 1 forever.
 *   gpu0        afterwards faults a page: every range it registers is born invalid, each
 *               wait_until_valid times out, hmm_range_fault says -EAGAIN, retry... forever.
 * v5.2: livelock. v5.3: the error path of the start callback decrements the counter again
 * (re-validating ranges and waking waiters): clean.
 */

import { field_changed, WaitQueueHead, spawn, wait_event, wake_up_all, type Sched } from '../../kernel/index.js';
import { oom_reap_task_mm } from '../../mm/index.js';
import { clean, violation, type Scenario } from '../types.js';
import { gpu_access, world_init, type World } from './world.js';

interface Done {
  readonly label: string;
  done: boolean;
  wq: WaitQueueHead;
}

function* oom_reaper(w: World, d: Done): Sched {
  yield* oom_reap_task_mm(w.mm);
  d.done = true;
  field_changed(d, 'done');
  yield* wake_up_all(d.wq);
}

function* unbind(w: World): Sched {
  yield* w.drivers[1]!.unbind();
}

function* gpu0(w: World, d: Done): Sched {
  yield* wait_event(d.wq, () => d.done, [[d, 'done']]);
  yield* gpu_access(w, 0, 0, false);
}

function* init(design: string): Sched {
  const w = yield* world_init(design, 1, 2);
  const d: Done = { label: 'reaped', done: false, wq: new WaitQueueHead('reaped') };
  spawn('oom_reaper', () => oom_reaper(w, d));
  spawn('unbind', () => unbind(w));
  spawn('gpu0', () => gpu0(w, d));
}

export const oomNotifierLeak: Scenario = {
  name: 'oom-notifier-leak',
  group: 'races',
  description: '§4.12a: a failed non-blockable start leaks hmm->notifiers; device faults retry forever',
  designs: { 'v5.2': violation('livelock'), 'v5.3': clean() },
  stepBudget: 3000,
  setup(design) {
    spawn('init', () => init(design));
  },
};
