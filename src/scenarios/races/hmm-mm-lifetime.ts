/*
 * hmm-mm-lifetime — reference/hmm-design.md §4.3 (v4 03 "Hold a mmgrab from hmm to mm").
 *
 *   proc    exits: the last mmput tears the address space down (hmm_release tells the driver,
 *           which zaps its device); the only mm_count left is the one the hmm's notifier took.
 *   unbind  then the driver unregisters its last mirror: hmm_free saves mm = hmm->mm and calls
 *           mmu_notifier_unregister_no_release(), which drops that mm_count: __mmdrop runs
 *           hmm_mm_destroy() and frees the mm struct. Back in hmm_free, spin_lock(
 *           &mm->page_table_lock) touches the freed mm [5.2].
 * v5.2: KASAN use-after-free of the mm. v5.3: the hmm holds its own mmgrab, dropped in the
 * SRCU callback after the last access to the mm: clean.
 */

import { field_changed, WaitQueueHead, spawn, wait_event, wake_up_all, type Sched } from '../../kernel/index.js';
import { sys_exit } from '../../mm/index.js';
import { clean, violation, type Scenario } from '../types.js';
import { world_init, type World } from './world.js';

interface Exit {
  readonly label: string;
  done: boolean;
  wq: WaitQueueHead;
}

function* proc_exit(w: World, e: Exit): Sched {
  yield* sys_exit(w.task);
  e.done = true;
  field_changed(e, 'done');
  yield* wake_up_all(e.wq);
}

function* unbind_after_exit(w: World, e: Exit): Sched {
  yield* wait_event(e.wq, () => e.done, [[e, 'done']]);
  yield* w.drivers[0]!.unbind();
}

function* init(design: string): Sched {
  const w = yield* world_init(design, 1, 1, [[0, 0, false]]);
  const e: Exit = { label: 'exit', done: false, wq: new WaitQueueHead('exit_wq') };
  spawn('proc', () => proc_exit(w, e));
  spawn('unbind', () => unbind_after_exit(w, e));
}

export const hmmMmLifetime: Scenario = {
  name: 'hmm-mm-lifetime',
  group: 'races',
  description: '§4.3: the mm struct is freed under the hmm when the driver unbinds after exit',
  designs: { 'v5.2': violation('use-after-free'), 'v5.3': clean(), 'v6': clean() },
  setup(design) {
    spawn('init', () => init(design));
  },
};
