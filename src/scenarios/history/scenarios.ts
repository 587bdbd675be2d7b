/*
 * Scenarios that expose a bug of hmm-history.md which no other group already exposes. Each is
 * clean on the model as the kernel has it today (the fixed code path); the bug variants of
 * ./bugs.ts run them with the old path put back. Kept as small as the bug allows: two racing
 * threads after an init thread that nothing interleaves with.
 */

import {
  check,
  complete,
  pin_thread,
  set_nr_cpus,
  Completion,
  kfree,
  kmalloc,
  spawn,
  wait_for_completion,
  WaitQueueHead,
  wait_event,
  wake_up_all,
  type Sched,
} from '../../kernel/index.js';
import {
  MmuIntervalNotifier,
  mmu_interval_notifier_insert,
  mmu_interval_notifier_remove,
  mmu_interval_set_seq,
  type MmuIntervalNotifierOps,
} from '../../mm/interval_notifier.js';
import {
  dax_device_create,
  dax_device_remove,
  dax_file,
  devdax_create,
  MAP_PRIVATE,
  MAP_SHARED,
  PUD_SIZE,
  MmuNotifier,
  mmu_notifier_range_blockable,
  mmu_notifier_register,
  mmu_notifier_unregister,
  oom_kill_mm,
  PAGE_SIZE,
  PROT_READ,
  PROT_WRITE,
  sys_compact_range,
  sys_exit,
  sys_mmap,
  sys_mprotect,
  sys_munmap,
  task_create,
  user_read_u8,
  user_write_u8,
  type DaxDevice,
  type MmuNotifierOps,
  type MmuNotifierRange,
  type TaskStruct,
  MIGRATE_VMA_SELECT_DEVICE_PRIVATE,
  MIGRATE_VMA_SELECT_SYSTEM,
  migrate_vma_finalize,
  migrate_vma_pages,
  migrate_vma_setup,
  MigrateVma,
  mmap_read_lock,
  mmap_read_unlock,
  mmget_not_zero,
  mmput,
  vma_lookup,
} from '../../mm/index.js';
import { device_create } from '../../drivers/device.js';
import { v6_device_fault, V6MirrorDriver } from '../../drivers/v6/driver_v6.js';
import { EAGAIN, ENOENT, EINVAL } from '../../mm/errno.js';
import { swap_out } from '../../mm/swap.js';
import { type MmStruct } from '../../mm/mm_struct.js';
import { find_vma } from '../../mm/vma.js';
import { sys_madvise } from '../../mm/task.js';
import { gpu_access, page_addr, world_init, type World } from '../races/world.js';
import { v6_init, type V6World } from '../v6/index.js';
import { clean, type Scenario } from '../types.js';
import { dmirror_module_params } from '../../drivers/dmirror/dmirror.js';
import { HMM_DMIRROR_EXCLUSIVE, HMM_DMIRROR_READ } from '../../drivers/dmirror/uapi.js';
import { MADV_DONTNEED, MAP_ANONYMOUS } from '../../mm/constants.js';
import { ASSERT_EQ, check_one_of, HMM_VARIANTS, SELFTEST_DESIGN, HMM2_VARIANTS } from '../selftests/harness.js';
import { hmm_buffer, hmm_buffer_free, hmm_dmirror_cmd, hmm_open, hmm_setup, type HmmSelf } from '../selftests/hmm_fixture.js';
import { hmm_migrate_sys_to_dev } from '../selftests/migrate.js';
import { dmirror_devmem_fault_alloc_and_copy, type DevmemMirror } from '../../drivers/dmirror/devmem.js';
import {
  exit,
  expect_heap_i32,
  expect_i32,
  fill_i32,
  fork,
  malloc,
  mmap,
  MAP_FAILED,
  waitpid,
  load_i32,
  madvise,
  pthread_create,
  pthread_join,
  store_i32,
} from '../selftests/libc.js';
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

/* ---- §4: reclaim swaps out a page the device is writing ---------------------------------- */

function* write_vs_reclaim_init(design: string): Sched {
  // The device maps page 0 writable; reclaim swaps it out (the page's contents go to the swap
  // slot when its PTE is cleared) while the device writes it.
  const w = yield* world_init(design, 1, 1, [[0, 0, true]]);
  spawn('reclaim', () => reclaim(w));
  spawn('gpu', () => gpu_write(w));
}

function* gpu_write(w: World): Sched {
  // 0, or an error once the page is gone: the write itself is what is checked.
  yield* gpu_access(w, 0, 0, true);
}

export const deviceWriteVsReclaim: Scenario = {
  name: 'device-write-vs-reclaim',
  group: 'history',
  description: 'hmm-history §4: reclaim swaps out a page the device maps writable while the device writes it',
  designs: { 'v5.2': clean(), 'v5.3': clean(), v6: clean() },
  setup(design) {
    spawn('init', () => write_vs_reclaim_init(design));
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

/* ---- §9: a device fault over DAX pages meets a migration, then the pmem device goes ------ */

interface DaxWorld {
  task: TaskStruct;
  addr: number;
  dax: DaxDevice;
  drv: V6MirrorDriver;
  /** Compaction is over (the teardown waits for it: its interleavings add nothing to the bug). */
  compacted: Completion;
}

function* dax_teardown_init(): Sched {
  const dax = dax_device_create('pmem0', 2);
  const task = task_create('proc');
  const addr = yield* sys_mmap(task, 0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, dax_file(dax), 0);
  check(addr > 0, 'mmap of the DAX file succeeded');
  // Page 0 is mapped by a devmap entry of its pmem page; page 1 is written, so it is the
  // mapping's private (anonymous) copy, which compaction may move.
  yield* user_read_u8(task, addr);
  yield* user_write_u8(task, addr + PAGE_SIZE, 1);
  const drv = new V6MirrorDriver(device_create('gpu0'));
  check((yield* drv.bind(task.mm!)) === 0, 'driver bound');
  const w: DaxWorld = { task, addr, dax, drv, compacted: new Completion('compacted') };
  spawn('gpu', () => gpu_fault_then_teardown(w));
  spawn('compact', () => compact_second_page(w));
}

/** The device faults both pages in with one hmm_range_fault, then everything is torn down. */
function* gpu_fault_then_teardown(w: DaxWorld): Sched {
  check((yield* v6_device_fault(w.drv, w.addr, false, 2)) === 0, 'device fault over both pages succeeded');
  yield* wait_for_completion(w.compacted);
  check((yield* sys_munmap(w.task, w.addr, 2 * PAGE_SIZE)) === 0, 'munmap succeeded');
  yield* w.drv.unbind();
  // The pmem driver unbinds: memunmap_pages waits for every dev_pagemap reference.
  yield* dax_device_remove(w.dax);
}

function* compact_second_page(w: DaxWorld): Sched {
  yield* sys_compact_range(w.task, w.addr + PAGE_SIZE, PAGE_SIZE);
  yield* complete(w.compacted);
}

export const daxPgmapTeardown: Scenario = {
  name: 'dax-pgmap-teardown',
  group: 'history',
  description: 'hmm-history §9: a device fault over a DAX page and a private copy that compaction migrates meanwhile, then munmap, unbind and removal of the pmem device (memunmap_pages)',
  designs: { v6: clean() },
  setup() {
    spawn('init', () => dax_teardown_init());
  },
};

/* ---- §8: a device write fault on a read-only 1 GiB device-dax mapping ------------------- */

function* devdax_pud_init(): Sched {
  const dax = devdax_create('dax0');
  const task = task_create('proc');
  const addr = yield* sys_mmap(task, 0, PUD_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, dax_file(dax), 0);
  check(addr > 0 && addr % PUD_SIZE === 0, 'mmap of the device-dax gave a 1 GiB-aligned mapping');
  // A read maps the whole GiB with one read-only devmap PUD leaf.
  yield* user_read_u8(task, addr);
  const drv = new V6MirrorDriver(device_create('gpu0'));
  check((yield* drv.bind(task.mm!)) === 0, 'driver bound');
  spawn('gpu', () => gpu_write_then_teardown(task, addr, dax, drv));
}

/** The device writes the first page (hmm_range_fault with REQ_WRITE meets the read-only leaf), then teardown. */
function* gpu_write_then_teardown(task: TaskStruct, addr: number, dax: DaxDevice, drv: V6MirrorDriver): Sched {
  check((yield* v6_device_fault(drv, addr, true)) === 0, 'device write fault succeeded');
  check((yield* sys_munmap(task, addr, PUD_SIZE)) === 0, 'munmap succeeded');
  yield* drv.unbind();
  yield* dax_device_remove(dax);
}

export const devdaxPudWriteFault: Scenario = {
  name: 'devdax-pud-write-fault',
  group: 'history',
  description: 'hmm-history §8: a device write fault on a 1 GiB device-dax mapping the CPU only read (a read-only devmap PUD leaf), then munmap, unbind and removal of the device',
  designs: { v6: clean() },
  setup() {
    spawn('init', () => devdax_pud_init());
  },
};

/* ---- §15: a CPU fault on a device-exclusive entry while MADV_DONTNEED frees the page ------- */

const MARK = 0x5a5a;

/**
 * test_hmm's EXCLUSIVE makes the one page of a buffer device-exclusive; then a second thread
 * writes it (the fault restores the entry: remove_device_exclusive_entry) while the main thread
 * drops it with MADV_DONTNEED (which, like the fault, holds the mmap_lock only for read, so the
 * zap frees the page while the fault is on its way to lock it).
 */
function* exclusive_fault_vs_dontneed(self: HmmSelf): Sched {
  const p = self.p;
  const buffer = yield* small_buffer(self, 1);
  ASSERT_EQ(yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_EXCLUSIVE, buffer, 1), 0, 'ret');
  const writer = yield* pthread_create(p, 'cpu_write', () => store_i32(p, buffer.ptr, MARK));
  ASSERT_EQ(yield* madvise(p, buffer.ptr, buffer.size, MADV_DONTNEED), 0, 'madvise(MADV_DONTNEED)', '0');
  yield* pthread_join(p, writer);
  // The write landed after the zap (a fresh zeroed page holding it) or before (zapped with it).
  check_one_of(yield* load_i32(p, buffer.ptr), [0, MARK], 'ptr[0]');
  ASSERT_EQ(yield* load_i32(p, buffer.ptr + 4), 0, 'ptr[1]', '0');
  yield* hmm_buffer_free(p, buffer);
}

export const exclusiveFaultVsDontneed: Scenario = {
  name: 'exclusive-fault-vs-dontneed',
  group: 'history',
  description: 'hmm-history §15: a CPU write faults on a device-exclusive entry while MADV_DONTNEED zaps and frees its page',
  designs: { [SELFTEST_DESIGN]: clean() },
  setup() {
    dmirror_module_params({ chunk_pages: 4 });
    hmm_setup('exclusive_fault_vs_dontneed', HMM_VARIANTS[0]!, exclusive_fault_vs_dontneed);
  },
  stepBudget: 2_000_000,
};

/* ---- §2: a driver unregisters its notifier while the process exits ---------------------- */

/** A secondary MMU's notifier: release flushes it (the count says how often). */
class ReleasedNotifier extends MmuNotifier {
  released = 0;
}
const releasedOps: MmuNotifierOps = {
  *release(sub) {
    (sub as ReleasedNotifier).released++;
  },
};

function* unregister_vs_exit_init(): Sched {
  const w = yield* world_init('base', 1, 0);
  const mn = kmalloc(new ReleasedNotifier(releasedOps));
  check((yield* mmu_notifier_register(mn, w.mm)) === 0, 'notifier registered');
  spawn('exit', () => process_exit(w));
  spawn('driver', () => driver_close(mn, w));
}

/** The driver's file is closed: unregister (a fence), then free the notifier. */
function* driver_close(mn: ReleasedNotifier, w: World): Sched {
  yield* mmu_notifier_unregister(mn, w.mm);
  check(mn.released >= 1, 'release was called before unregister returned');
  kfree(mn);
}

export const unregisterVsExit: Scenario = {
  name: 'unregister-vs-exit',
  group: 'history',
  description: 'hmm-history §2: a driver unregisters its classic notifier while the process exits (mmu_notifier_release); both may unlink it',
  designs: { base: clean() },
  setup() {
    spawn('init', () => unregister_vs_exit_init());
  },
};

/* ---- §13: a dirty swap-cache page through a failed migration, then reclaim --------------- */

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

/* ---- §12: migrate_vma_setup collects a page while another thread drops it (DONTNEED) ----- */

/**
 * A driver starts a migration of the faulted-in page to its memory and gives up after setup
 * (no destination page, as when its allocation fails): setup's collect replaces the PTE by a
 * migration entry, pages and finalize put the page back. Another thread of the process drops
 * the page with madvise(MADV_DONTNEED) meanwhile. (dmirror's MIGRATE_TO_DEV is not used: its
 * finalize_and_map programs the device page table with no interval-notifier sequence check, so
 * a DONTNEED whose invalidation starts before it and whose zap comes after finalize frees the
 * device page the mirror still maps: device-use-after-free on the fixed model too.)
 */
function* migrate_vs_dontneed_init(): Sched {
  const task = task_create('proc');
  const mm = task.mm!;
  const addr = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
  check(addr > 0, 'mmap succeeded');
  yield* user_write_u8(task, addr, 1);
  spawn('driver', () => migrate_give_up(mm, addr));
  spawn('dontneed', () => dontneed_then_read(task, addr));
}

function* migrate_give_up(mm: MmStruct, addr: number): Sched {
  yield* mmap_read_lock(mm);
  const vma = find_vma(mm, addr);
  check(vma !== null && vma.vm_start <= addr, 'the VMA is there');
  const m = new MigrateVma({ vma, start: addr, end: addr + PAGE_SIZE, src: [0], dst: [0], pgmap_owner: DRIVER_OWNER, flags: MIGRATE_VMA_SELECT_SYSTEM });
  check((yield* migrate_vma_setup(m)) === 0, 'migrate_vma_setup succeeded');
  yield* migrate_vma_pages(m);
  yield* migrate_vma_finalize(m);
  yield* mmap_read_unlock(mm);
}

const DRIVER_OWNER = { label: 'driver' };

function* dontneed_then_read(task: TaskStruct, addr: number): Sched {
  check((yield* sys_madvise(task, addr, PAGE_SIZE, MADV_DONTNEED)) === 0, 'madvise succeeded');
  // Whether the migration came first or not, the page is gone: it reads back as zero.
  check((yield* user_read_u8(task, addr)) === 0, 'the dropped page reads zero');
}

export const migrateVsDontneed: Scenario = {
  name: 'migrate-vs-dontneed',
  group: 'history',
  description: 'hmm-history §12: migrate_vma_setup replaces a faulted-in page by a migration entry while another thread drops the page with madvise(MADV_DONTNEED)',
  designs: { v6: clean() },
  setup() {
    spawn('init', () => migrate_vs_dontneed_init());
  },
};

/* ---- §17: hmm_range_fault spins on a device-private folio a migration holds locked ------- */

/**
 * A driver migrates a range back to system memory selecting system and device-private pages
 * alike (as drm_pagemap's migrations do; test_hmm's MIGRATE_TO_SYS selects device pages only):
 * the device pages get system destinations, a system page none (it stays where it is).
 */
function* driver_migrate_mixed(dmirror: DevmemMirror, mm: import('../../mm/index.js').MmStruct, start: number, npages: number): Sched<number> {
  if (!(yield* mmget_not_zero(mm))) return -EINVAL;
  yield* mmap_read_lock(mm);
  const vma = vma_lookup(mm, start);
  let ret = -EINVAL;
  if (vma !== null) {
    const src = new Array<number>(npages).fill(0);
    const dst = new Array<number>(npages).fill(0);
    const args = new MigrateVma({ vma, src, dst, start, end: start + npages * PAGE_SIZE, pgmap_owner: dmirror.mdevice, flags: MIGRATE_VMA_SELECT_SYSTEM | MIGRATE_VMA_SELECT_DEVICE_PRIVATE });
    ret = yield* migrate_vma_setup(args);
    if (ret === 0) {
      ret = yield* dmirror_devmem_fault_alloc_and_copy(args, dmirror);
      if (ret === 0) yield* migrate_vma_pages(args);
      yield* migrate_vma_finalize(args);
    }
  }
  yield* mmap_read_unlock(mm);
  yield* mmput(mm);
  return ret;
}

/**
 * Two CPUs. On CPU 0 the process puts its second page on device 0, writes its first page (a
 * new folio, still in CPU 0's lru_add batch) and forks: the child maps both pages too (the
 * device-private one twice mapped). The child, on CPU 0, READs both pages through device 1
 * (another owner: hmm_range_fault faults the device-private page back), while on CPU 1 the
 * parent's driver migrates both pages with one migrate_vma: it locks both folios, then drains
 * every CPU's lru_add batch for the system folio (lru_add_drain_all waits for CPU 0's drain
 * work) before it unmaps the child's mapping of the device-private one.
 */
function* trylock_starvation(self: HmmSelf): Sched {
  const p = self.p;
  const n = (2 * PAGE_SIZE) / 4;
  const ident = (i: number): number => i;
  const buffer = hmm_buffer();
  buffer.size = 2 * PAGE_SIZE;
  buffer.mirror = malloc(p, buffer.size);
  buffer.ptr = yield* mmap(p, 0, buffer.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  check(buffer.ptr !== MAP_FAILED, 'mmap of the buffer');
  yield* fill_i32(p, buffer.ptr, n / 2, n, ident);
  const second = { ...hmm_buffer(), ptr: buffer.ptr + PAGE_SIZE, size: PAGE_SIZE, mirror: malloc(p, PAGE_SIZE) };
  ASSERT_EQ(yield* hmm_migrate_sys_to_dev(p, self.fd, second, 1), 0, 'ret');
  ASSERT_EQ(second.cpages, 1, 'buffer->cpages', '1');
  yield* fill_i32(p, buffer.ptr, 0, n / 2, ident);
  const dmirror = p.fds[self.fd]!.file.private_data as DevmemMirror;
  const child = yield* fork(p, function* (c) {
    const fd = yield* hmm_open(c, 1);
    ASSERT_EQ(fd >= 0, true, 'fd >= 0', 'true');
    const rb = { ...hmm_buffer(), ptr: buffer.ptr, size: buffer.size, mirror: malloc(c, buffer.size) };
    ASSERT_EQ(yield* hmm_dmirror_cmd(c, fd, HMM_DMIRROR_READ, rb, 2), 0, 'ret');
    ASSERT_EQ(rb.cpages, 2, 'buffer->cpages', '2');
    expect_heap_i32(c, rb.mirror, 0, n, ident, 'i');
    yield* exit(c, 0);
  });
  pin_thread(child.thread!, 0);
  const migrator = yield* pthread_create(p, 'migrate', function* () {
    check((yield* driver_migrate_mixed(dmirror, p.task.mm!, buffer.ptr, 2)) === 0, 'driver migration of both pages');
  });
  pin_thread(migrator, 1);
  const st = yield* waitpid(p, child);
  ASSERT_EQ(st.wifexited ? st.status : -1, 0, 'WEXITSTATUS(status)', '0');
  yield* pthread_join(p, migrator);
  yield* expect_i32(p, buffer.ptr, 0, n, ident, 'i');
  yield* hmm_buffer_free(p, buffer);
}

export const trylockStarvation: Scenario = {
  name: 'hmm-fault-vs-migrate-drain',
  group: 'history',
  description: "hmm-history §17: on CPU 0 a forked child's hmm_range_fault (another owner) meets a device-private page that a migration on CPU 1 holds locked while lru_add_drain_all waits for CPU 0's drain work",
  designs: { [SELFTEST_DESIGN]: clean() },
  setup() {
    set_nr_cpus(2);
    // Chunks of 4 pages (the eviction at release visits every page of a chunk).
    dmirror_module_params({ chunk_pages: 4 });
    const self = hmm_setup('hmm_fault_vs_migrate_drain', HMM2_VARIANTS[0]!, trylock_starvation);
    pin_thread(self.p.thread!, 0);
  },
  stepBudget: 20_000,
  // Executions are long (~4,300 steps): dpor is not exhausted after 46,000 executions (60 s),
  // so check's attempt at a proof is kept short; its claim is the default one (dfs k=2
  // exhausted: 8,940 executions, 6 s; 10,000 pct executions).
  checkBounds: { dporExecutions: 100 },
};

export const historyScenarios: Scenario[] = [releaseVsReclaim, deviceWriteVsReclaim, itreeRemoveFree, oomUnpairedEnd, unregisterVsExit, daxPgmapTeardown, devdaxPudWriteFault, exclusiveFaultVsDontneed, swapcacheMigrateReclaim, migrateVsDontneed, trylockStarvation];
