/*
 * Group `devmem`: device memory on design v6, driven by the explorer. The driver is test_hmm's
 * dmirror (src/drivers/dmirror), reached as a user process reaches it: open /dev/hmm_dmirrorN and
 * ioctl. Each scenario is one process with two threads (or a thread and a forked child) on a
 * reduced size (RACE_NPAGES pages, device memory in chunks of a few pages), racing one device
 * memory operation against what the kernel allows to overlap it:
 *
 *   devmem-migrate-vs-munmap        MIGRATE_TO_DEV while another thread unmaps the range
 *   devmem-migrate-vs-cpu-write     MIGRATE_TO_DEV while another thread writes the first page
 *   devmem-migrate-vs-read-other    MIGRATE_TO_DEV on device 0 while device 1 (another owner)
 *                                   READs the range with hmm_range_fault (faulting it back)
 *   devmem-migrate-vs-read-same     the same with a second file of device 0 (the same owner:
 *                                   hmm_range_fault reports the device-private pages as they are).
 *                                   Expected: two bugs of the newest test_hmm.c, found by hmmsim
 *                                   and not confirmed on a running kernel:
 *                                   - device-use-after-free: dmirror_interval_invalidate ignores
 *                                     every MMU_NOTIFY_MIGRATE whose owner is its device, so the
 *                                     second mirror of that device is not invalidated by the
 *                                     first one's migration and maps the freed system page its
 *                                     hmm_range_fault saw before (the owner names a device, the
 *                                     skip is right only for the mirror that migrates);
 *                                   - oops: when the READ comes after the migration, the same
 *                                     owner's device-private page is stored in the second
 *                                     mirror's table and dmirror_do_read kmaps it, a CPU access
 *                                     to memory with no CPU mapping (the data is in the backing
 *                                     page), then reads zeros (the assertion).
 *   devmem-evict-vs-fork            RELEASE (eviction, no mmap_lock) while another thread forks
 *                                   (the child reads its copy: a migration entry copied to it
 *                                   must be restored with the parent's)
 *   devmem-exclusive-vs-cpu-write   EXCLUSIVE (make_device_exclusive) while another thread writes
 *   devmem-exclusive-vs-fork        EXCLUSIVE while another thread forks (the child writes its
 *                                   copy-on-write copy)
 * migrate_to_ram racing device eviction is selftest-migrate-release-race (group selftests).
 *
 * What every interleaving must give is asserted in the scenario (return values the kernel allows,
 * data intact afterwards, on both sides of a fork); the checkers do the rest (no device or CPU
 * mapping of a freed page, device entries that agree with the CPU's after each invalidation,
 * refcounts, locks, leaks). Correct as the kernel has them, each but read-same is clean: dfs
 * within 2 preemptions exhausted, plus 10,000 pct executions (exclusive-vs-cpu-write: every
 * interleaving, by dpor).
 */

import type { Sched } from '../../kernel/index.js';
import { dmirror_module_params } from '../../drivers/dmirror/dmirror.js';
import { HMM_DMIRROR_CHECK_EXCLUSIVE, HMM_DMIRROR_EXCLUSIVE, HMM_DMIRROR_READ, HMM_DMIRROR_RELEASE } from '../../drivers/dmirror/uapi.js';
import { EINVAL, ENOENT } from '../../mm/errno.js';
import { clean, violation, type Expectation, type Scenario } from '../types.js';
import { ASSERT_EQ, ASSERT_NE, HMM2_VARIANTS, HMM_VARIANTS, SELFTEST_DESIGN, check_one_of, type HmmVariant } from '../selftests/harness.js';
import { hmm_buffer, hmm_buffer_free, hmm_dmirror_cmd, hmm_open, hmm_setup, type HmmBuffer, type HmmSelf } from '../selftests/hmm_fixture.js';
import { hmm_migrate_sys_to_dev } from '../selftests/migrate.js';
import { expect_i32_edges, migrate_outcome, small_buffer } from '../selftests/migrate_explore.js';
import { close, exit, expect_heap_i32, expect_i32, fork, heap_i32, load_i32, malloc, munmap, pthread_create, pthread_join, store_i32, waitpid } from '../selftests/libc.js';

/** Pages of every race. */
export const RACE_NPAGES = 2;
/** Device memory chunks of the races, in pages (evictions and allocations visit each). */
const RACE_CHUNK_PAGES = 4;
const PREEMPTIONS = 2;
const PCT_EXECUTIONS = 10_000;
const MARK = 0x5a5a;

const ident = (i: number): number => i;
const ints = (self: HmmSelf, npages: number): number => (npages << self.page_shift) / 4;

const race_buffer = (self: HmmSelf): Sched<HmmBuffer> => small_buffer(self, RACE_NPAGES);

function* migrate_vs_munmap(self: HmmSelf): Sched {
  const buffer = yield* race_buffer(self);
  const size = buffer.size;
  const unmapper = yield* pthread_create(self.p, 'munmap', function* () {
    ASSERT_EQ(yield* munmap(self.p, buffer.ptr, size), 0, 'munmap(buffer->ptr, size)', '0');
  });
  const ret = yield* hmm_migrate_sys_to_dev(self.p, self.fd, buffer, RACE_NPAGES);
  // The range may be gone before the walk (-EINVAL), during it (-ENOENT at the read back).
  check_one_of(ret, [0, -EINVAL, -ENOENT], 'ret');
  if (ret === 0) expect_heap_i32(self.p, buffer.mirror, 0, ints(self, RACE_NPAGES), ident, 'i');
  yield* pthread_join(self.p, unmapper);
  yield* hmm_buffer_free(self.p, buffer);
}

function* migrate_vs_cpu_write(self: HmmSelf): Sched {
  const buffer = yield* race_buffer(self);
  const writer = yield* pthread_create(self.p, 'cpu_write', () => store_i32(self.p, buffer.ptr, MARK));
  const ret = yield* hmm_migrate_sys_to_dev(self.p, self.fd, buffer, RACE_NPAGES);
  check_one_of(ret, [0, -ENOENT], 'ret');
  if (ret === 0) {
    ASSERT_EQ(buffer.cpages, RACE_NPAGES, 'buffer->cpages', 'npages');
    // The device copy holds int 0 from before or after the write, and everything else.
    check_one_of(heap_i32(self.p, buffer.mirror)[0]!, [0, MARK], 'mirror[0]');
    expect_heap_i32(self.p, buffer.mirror, 1, ints(self, RACE_NPAGES), ident, 'i');
  }
  yield* pthread_join(self.p, writer);
  // After both: the CPU sees its write, and every other int intact, wherever the pages are.
  ASSERT_EQ(yield* load_i32(self.p, buffer.ptr), MARK, 'ptr[0]', 'MARK');
  yield* expect_i32(self.p, buffer.ptr, 1, ints(self, RACE_NPAGES), ident, 'i');
  yield* hmm_buffer_free(self.p, buffer);
}

/** Device 0 migrates while `fd_read` (device 1, or a second file of device 0) READs with faults. */
function* migrate_vs_read(self: HmmSelf, same_owner: boolean): Sched {
  const buffer = yield* race_buffer(self);
  const fd_read = same_owner ? yield* hmm_open(self.p, self.variant.device_number) : self.fd1;
  ASSERT_NE(fd_read < 0, true, 'fd_read < 0', 'true');
  const reader_buf = hmm_buffer();
  reader_buf.ptr = buffer.ptr;
  reader_buf.size = buffer.size;
  reader_buf.mirror = malloc(self.p, buffer.size);
  const reader = yield* pthread_create(self.p, 'device_read', function* () {
    const r = yield* hmm_dmirror_cmd(self.p, fd_read, HMM_DMIRROR_READ, reader_buf, RACE_NPAGES);
    ASSERT_EQ(r, 0, 'ret');
    ASSERT_EQ(reader_buf.cpages, RACE_NPAGES, 'buffer->cpages', 'npages');
    expect_heap_i32(self.p, reader_buf.mirror, 0, ints(self, RACE_NPAGES), ident, 'i');
  });
  const ret = yield* hmm_migrate_sys_to_dev(self.p, self.fd, buffer, RACE_NPAGES);
  migrate_outcome(ret, buffer, RACE_NPAGES, self);
  yield* pthread_join(self.p, reader);
  yield* expect_i32(self.p, buffer.ptr, 0, ints(self, RACE_NPAGES), ident, 'i');
  if (same_owner) ASSERT_EQ(yield* close(self.p, fd_read), 0, 'close(fd_read)', '0');
  yield* hmm_buffer_free(self.p, buffer);
}

/**
 * Eviction (RELEASE: migrate_device_range, which takes no mmap_lock) races fork, which can then
 * copy a migration entry into the child: the child's entry must be restored with the parent's
 * (a migration under migrate_vma_setup cannot meet fork, which takes the mmap_lock for write).
 */
function* evict_vs_fork(self: HmmSelf): Sched {
  const buffer = yield* race_buffer(self);
  const n = ints(self, RACE_NPAGES);
  let ret = yield* hmm_migrate_sys_to_dev(self.p, self.fd, buffer, RACE_NPAGES);
  ASSERT_EQ(ret, 0, 'ret');
  ASSERT_EQ(buffer.cpages, RACE_NPAGES, 'buffer->cpages', 'npages');
  let child_status = -1;
  const forker = yield* pthread_create(self.p, 'fork', function* () {
    const c = yield* fork(self.p, function* (cp) {
      // The child's copy: device-private entries, migration entries or system pages.
      yield* expect_i32_edges(cp, self.page_size, buffer.ptr, 0, n);
      yield* exit(cp, 0);
    });
    const st = yield* waitpid(self.p, c);
    child_status = st.wifexited ? st.status : -1;
  });
  ret = yield* hmm_dmirror_cmd(self.p, self.fd, HMM_DMIRROR_RELEASE, buffer, RACE_NPAGES);
  ASSERT_EQ(ret, 0, 'ret');
  yield* pthread_join(self.p, forker);
  ASSERT_EQ(child_status, 0, 'WEXITSTATUS(status)', '0');
  yield* expect_i32(self.p, buffer.ptr, 0, n, ident, 'i');
  yield* hmm_buffer_free(self.p, buffer);
}

function* exclusive_vs_cpu_write(self: HmmSelf): Sched {
  const buffer = yield* race_buffer(self);
  const writer = yield* pthread_create(self.p, 'cpu_write', () => store_i32(self.p, buffer.ptr, MARK));
  const ret = yield* hmm_dmirror_cmd(self.p, self.fd, HMM_DMIRROR_EXCLUSIVE, buffer, RACE_NPAGES);
  // The write may take the first page back before the read back: -ENOENT (no atomic entry).
  check_one_of(ret, [0, -ENOENT], 'ret');
  yield* pthread_join(self.p, writer);
  ASSERT_EQ(yield* load_i32(self.p, buffer.ptr), MARK, 'ptr[0]', 'MARK');
  yield* expect_i32(self.p, buffer.ptr, 1, ints(self, RACE_NPAGES), ident, 'i');
  // The write took the first page back: the device's atomic access to it is gone.
  if (ret === 0) {
    const r = yield* hmm_dmirror_cmd(self.p, self.fd, HMM_DMIRROR_CHECK_EXCLUSIVE, buffer, 1);
    ASSERT_EQ(r, 0, 'ret');
  }
  yield* hmm_buffer_free(self.p, buffer);
}

function* exclusive_vs_fork(self: HmmSelf): Sched {
  const buffer = yield* race_buffer(self);
  const n = ints(self, RACE_NPAGES);
  let child_status = -1;
  const forker = yield* pthread_create(self.p, 'fork', function* () {
    const c = yield* fork(self.p, function* (cp) {
      // The child's copy-on-write copy: what the parent had, then its own write.
      yield* expect_i32_edges(cp, self.page_size, buffer.ptr, 0, n);
      yield* store_i32(cp, buffer.ptr, MARK);
      ASSERT_EQ(yield* load_i32(cp, buffer.ptr), MARK, 'ptr[0]', 'MARK');
      yield* exit(cp, 0);
    });
    const st = yield* waitpid(self.p, c);
    child_status = st.wifexited ? st.status : -1;
  });
  const ret = yield* hmm_dmirror_cmd(self.p, self.fd, HMM_DMIRROR_EXCLUSIVE, buffer, RACE_NPAGES);
  check_one_of(ret, [0, -ENOENT], 'ret');
  if (ret === 0) expect_heap_i32(self.p, buffer.mirror, 0, n, ident, 'i');
  yield* pthread_join(self.p, forker);
  ASSERT_EQ(child_status, 0, 'WEXITSTATUS(status)', '0');
  // The parent's memory is its own: the child's write is not in it.
  yield* expect_i32(self.p, buffer.ptr, 0, n, ident, 'i');
  yield* hmm_buffer_free(self.p, buffer);
}

interface Race {
  name: string;
  what: string;
  variant: HmmVariant;
  body: (self: HmmSelf) => Sched;
  expect?: Expectation;
  /** Executions check's dpor proof attempt may take (a proof that fits the bounded claim's time). */
  dporExecutions?: number;
}

const PRIVATE = HMM_VARIANTS[0]!;
const PRIVATE2 = HMM2_VARIANTS[0]!;

const RACES: readonly Race[] = [
  { name: 'devmem-migrate-vs-munmap', what: 'MIGRATE_TO_DEV races munmap of the range', variant: PRIVATE, body: migrate_vs_munmap },
  { name: 'devmem-migrate-vs-cpu-write', what: 'MIGRATE_TO_DEV races a CPU write to the first page', variant: PRIVATE, body: migrate_vs_cpu_write },
  { name: 'devmem-migrate-vs-read-other', what: "MIGRATE_TO_DEV on device 0 races device 1's READ (another owner: hmm_range_fault faults the pages back)", variant: PRIVATE2, body: (s) => migrate_vs_read(s, false) },
  { name: 'devmem-migrate-vs-read-same', what: "MIGRATE_TO_DEV races a READ through a second file of the same device (same owner: its device-private pages are reported, not faulted)", variant: PRIVATE, body: (s) => migrate_vs_read(s, true), expect: violation('device-use-after-free', 'oops', 'assertion') },
  { name: 'devmem-evict-vs-fork', what: "RELEASE's eviction races fork, whose child reads its copy (a migration entry copied to it must be restored too)", variant: PRIVATE, body: evict_vs_fork },
  // Every interleaving: 15,143 executions (8 s; the bounded claim took 14 s).
  { name: 'devmem-exclusive-vs-cpu-write', what: 'EXCLUSIVE (make_device_exclusive) races a CPU write', variant: PRIVATE, body: exclusive_vs_cpu_write, dporExecutions: 40_000 },
  { name: 'devmem-exclusive-vs-fork', what: 'EXCLUSIVE races fork, whose child writes its copy', variant: PRIVATE, body: exclusive_vs_fork },
];

function scenario_of(r: Race): Scenario {
  return {
    name: r.name,
    group: 'devmem',
    description: `${r.what} (test_hmm's dmirror, ${RACE_NPAGES} pages, ${r.variant.name})`,
    designs: { [SELFTEST_DESIGN]: r.expect ?? clean() },
    setup: () => {
      dmirror_module_params({ chunk_pages: RACE_CHUNK_PAGES });
      hmm_setup(r.name, r.variant, r.body);
    },
    stepBudget: 2_000_000,
    checkBounds: { preemptions: PREEMPTIONS, pctExecutions: PCT_EXECUTIONS, ...(r.dporExecutions !== undefined ? { dporExecutions: r.dporExecutions } : {}) },
  };
}

export const devmemScenarios: Scenario[] = RACES.map(scenario_of);
