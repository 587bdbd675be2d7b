/*
 * Common paths with two devices (two mirrors of one process), written against the
 * design-neutral MirrorDriver interface so a design added to referenceDriver() (and to
 * `designs`) gets a column. No known bug: both must be clean on v5.3.
 *
 * common-munmap-mprotect:
 *   gpu0 write-faults page 0 while gpu1 read-faults it; the CPU write-protects page 0
 *   (mprotect, MMU_NOTIFY_PROTECTION_VMA) and unmaps page 1, which gpu1 mapped in set-up.
 *   Every invalidation must reach both mirrors before the CPU changes the page table.
 * common-fork-exit:
 *   gpu0 write-faults and gpu1 read-faults page 0 while the process forks (write-protecting
 *   its COW pages) and then exits (hmm_release -> both drivers' ->release); both drivers
 *   unbind at the end.
 */

import { kthread_join, spawn, type Sched, type Thread } from '../../kernel/index.js';
import { PAGE_SIZE, PROT_READ, sys_exit, sys_fork, sys_mprotect, sys_munmap } from '../../mm/index.js';
import { clean, type Scenario } from '../types.js';
import { gpu_access, page_addr, world_init, type World } from './world.js';

function* gpu0_write(w: World): Sched {
  yield* gpu_access(w, 0, 0, true);
}
function* gpu1_read(w: World): Sched {
  yield* gpu_access(w, 1, 0, false);
}

function* cpu_mprotect_munmap(w: World): Sched {
  yield* sys_mprotect(w.task, page_addr(w, 0), PAGE_SIZE, PROT_READ);
  yield* sys_munmap(w.task, page_addr(w, 1), PAGE_SIZE);
}

function* init_munmap(design: string): Sched {
  const w = yield* world_init(design, 2, 2, [[1, 1, false]]);
  spawn('gpu0', () => gpu0_write(w));
  spawn('gpu1', () => gpu1_read(w));
  spawn('cpu', () => cpu_mprotect_munmap(w));
}

function* cpu_fork_exit(w: World): Sched {
  yield* sys_fork(w.task);
  yield* sys_exit(w.task);
}

function* unbind_all(w: World, ts: Thread[]): Sched {
  for (const t of ts) yield* kthread_join(t);
  for (const d of w.drivers) yield* d.unbind();
}

function* init_fork_exit(design: string): Sched {
  const w = yield* world_init(design, 1, 2);
  const a = spawn('gpu0', () => gpu0_write(w));
  const b = spawn('gpu1', () => gpu1_read(w));
  const c = spawn('cpu', () => cpu_fork_exit(w));
  spawn('unbind', () => unbind_all(w, [a, b, c]));
}

export const commonMunmapMprotect: Scenario = {
  name: 'common-munmap-mprotect',
  group: 'races',
  description: 'two devices fault a page the CPU write-protects, while the CPU unmaps another',
  designs: { 'v5.3': clean() },
  setup(design) {
    spawn('init', () => init_munmap(design));
  },
};

export const commonForkExit: Scenario = {
  name: 'common-fork-exit',
  group: 'races',
  description: 'two devices fault a page while the process forks and exits; then both unbind',
  designs: { 'v5.3': clean() },
  setup(design) {
    spawn('init', () => init_fork_exit(design));
  },
};
