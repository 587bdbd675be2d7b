/*
 * Common paths with two devices (two mirrors of one process), written against the
 * design-neutral MirrorDriver interface so a design added to referenceDriver() (and to
 * `designs`) gets a column. No known bug of the 2019 series: both are clean on v6; on v5.3,
 * common-munmap-mprotect meets hmm-history §7 (fixed in 5.4): when the mprotect comes first,
 * gpu0's write fault on the now read-only VMA is resolved without write permission and the
 * fault is asked again for ever (livelock).
 *
 * common-munmap-mprotect:
 *   gpu0 write-faults page 0 while the CPU write-protects it (mprotect) and unmaps page 1,
 *   which gpu1 mapped in set-up and reads again. Every invalidation must reach both mirrors
 *   before the CPU changes the page table.
 * common-fork-exit:
 *   gpu1 mapped page 1 in set-up; gpu0 write-faults page 0 while the process forks
 *   (write-protecting both COW pages, so both mirrors must drop write access) and then exits
 *   (hmm_release -> both drivers' ->release); both drivers unbind at the end.
 * Why the devices do not share a page while one of them writes after a fork: the write fault
 * breaks COW with a complete invalidate start/end under mmap_sem *read*, which can fall
 * between the other device's page-table read and its valid check -- the §4.13 ABA, a known
 * v5.3 bug that invalidate-aba covers (the explorer finds it here too if you try).
 */

import { kthread_join, spawn, type Sched, type Thread } from '../../kernel/index.js';
import { PAGE_SIZE, PROT_READ, sys_exit, sys_fork, sys_mprotect, sys_munmap } from '../../mm/index.js';
import { clean, violation, type Scenario } from '../types.js';
import { gpu_access, page_addr, world_init, type World } from './world.js';

function* gpu0_write(w: World): Sched {
  yield* gpu_access(w, 0, 0, true);
}
function* gpu1_read(w: World): Sched {
  yield* gpu_access(w, 1, 1, false);
}

function* cpu_mprotect_munmap(w: World): Sched {
  yield* sys_mprotect(w.task, page_addr(w, 0), PAGE_SIZE, PROT_READ);
  yield* sys_munmap(w.task, page_addr(w, 1), PAGE_SIZE);
}

function* init_munmap(design: string): Sched {
  const w = yield* world_init(design, 2, 2, [[1, 1, false]]);
  spawn('gpu0', () => gpu0_write(w));
  spawn('cpu', () => cpu_mprotect_munmap(w));
  spawn('gpu1', () => gpu1_read(w));
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
  const w = yield* world_init(design, 2, 2, [[1, 1, true]]);
  const a = spawn('gpu0', () => gpu0_write(w));
  const c = spawn('cpu', () => cpu_fork_exit(w));
  spawn('unbind', () => unbind_all(w, [a, c]));
}

export const commonMunmapMprotect: Scenario = {
  name: 'common-munmap-mprotect',
  group: 'races',
  description: 'two devices fault a page the CPU write-protects, while the CPU unmaps another (v5.3: the §7 write-fault loop)',
  designs: { 'v5.3': violation('livelock'), 'v6': clean() },
  setup(design) {
    spawn('init', () => init_munmap(design));
  },
  // Every interleaving on v6 takes about 33,400 executions.
  checkBounds: { dporExecutions: 40_000 },
};

export const commonForkExit: Scenario = {
  name: 'common-fork-exit',
  group: 'races',
  description: 'two devices fault a page while the process forks and exits; then both unbind',
  designs: { 'v5.3': clean(), 'v6': clean() },
  setup(design) {
    spawn('init', () => init_fork_exit(design));
  },
};
