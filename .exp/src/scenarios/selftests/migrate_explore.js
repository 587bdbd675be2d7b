/*
 * The concurrency inside migrate_fault, migrate_release and migrate_multiple, explored.
 *
 * The kernel tests run their steps one after the other in one thread, so a run checks one
 * interleaving of what the kernel allows to overlap: a CPU fault on a device page (migrate_to_ram)
 * with a migration of the same range, with an eviction of the device's memory, or with another
 * fault. Each is explored here as a two-thread version of the test on a reduced size
 * (EXPLORE_NPAGES pages, device memory in chunks of EXPLORE_CHUNK_PAGES), by dfs within EXPLORE_PREEMPTIONS preemptions, exhausted: the test's
 * CPU accesses run in a second thread of the process while the main thread issues the ioctl.
 * What is asserted is what every interleaving must give:
 *   migrate_fault     the CPU reads of the first half (faulting it back) race the second
 *                     MIGRATE_TO_DEV: every read sees its value; the migration returns 0 (then
 *                     cpages == N and the device read everything) or -ENOENT (a page faulted
 *                     back before the final device read, whose entry the fault erased); after
 *                     both, every int reads back intact.
 *   migrate_release   the CPU reads of the first half race RELEASE (eviction of every chunk):
 *                     RELEASE returns 0, every read sees its value, the data is intact after.
 *   migrate_multiple  one round: MIGRATE_TO_DEV races the CPU reading everything back; the
 *                     migration returns 0 (cpages == N, the device read everything) or
 *                     -ENOENT; coherent: MIGRATE_TO_SYS afterwards returns 0; the data is intact.
 * The racing thread reads the first and last int of each page (expect_i32_edges); the main
 * thread reads every int after the join. The checkers (device mappings, freed pages,
 * refcounts, locks) apply to every interleaving.
 */
import { ENOENT } from '../../mm/errno.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../mm/constants.js';
import { dmirror_module_params } from '../../drivers/dmirror/dmirror.js';
import { HMM_DMIRROR_RELEASE } from '../../drivers/dmirror/uapi.js';
import { clean } from '../types.js';
import { ASSERT_EQ, ASSERT_NE, HMM_VARIANTS, hmm_is_coherent_type, SELFTEST_DESIGN } from './harness.js';
import { hmm_buffer, hmm_buffer_free, hmm_dmirror_cmd, hmm_setup } from './hmm_fixture.js';
import { hmm_migrate_dev_to_sys, hmm_migrate_sys_to_dev } from './migrate.js';
import { expect_heap_i32, expect_i32, fill_i32, malloc, MAP_FAILED, mmap, pthread_create, pthread_join } from './libc.js';
/** Pages of the explored instances. */
export const EXPLORE_NPAGES = 2;
/**
 * Device-memory chunk of the explored instances, in pages (the module's is 256 MiB): RELEASE
 * and every eviction visit each page of a chunk, taking a reference step per page.
 */
export const EXPLORE_CHUNK_PAGES = 4;
export const EXPLORE_PREEMPTIONS = 2;
/** A dfs phase fails unless it exhausts its bounded space within this many executions. */
const EXPLORE_CAP = 200_000;
const ident = (i) => i;
/**
 * The racing thread's reads: the first and the last int of each page of [first, n) instead of
 * every int (each load is a scheduling point while the other thread runs, and the ones in
 * between add interleavings that differ only in which int is read). The main thread reads
 * every int once both are done.
 */
export function* expect_i32_edges(p, page_size, ptr, first, n) {
    const perPage = page_size / 4;
    for (let pg = first - (first % perPage); pg < n; pg += perPage) {
        const lo = Math.max(pg, first);
        const hi = Math.min(pg + perPage, n) - 1;
        yield* expect_i32(p, ptr, lo, lo + 1, ident, 'i');
        if (hi > lo)
            yield* expect_i32(p, ptr, hi, hi + 1, ident, 'i');
    }
}
/** `npages` fresh RW private anonymous pages holding ptr[i] = i, and a mirror of their size. */
export function* small_buffer(self, npages) {
    const p = self.p;
    const size = npages << self.page_shift;
    const buffer = hmm_buffer();
    buffer.fd = -1;
    buffer.size = size;
    buffer.mirror = malloc(p, size);
    buffer.ptr = yield* mmap(p, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
    yield* fill_i32(p, buffer.ptr, 0, size / 4, ident);
    return buffer;
}
/** A migration that may lose pages to a racing CPU fault: 0 with everything, or -ENOENT. */
export function migrate_outcome(ret, buffer, npages, self) {
    if (ret === -ENOENT)
        return;
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    expect_heap_i32(self.p, buffer.mirror, 0, (npages << self.page_shift) / 4, ident, 'i');
}
function* migrate_fault_race(self) {
    const p = self.p;
    const npages = EXPLORE_NPAGES;
    const size = npages << self.page_shift;
    const buffer = yield* small_buffer(self, npages);
    let ret = yield* hmm_migrate_sys_to_dev(p, self.fd, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    const reader = yield* pthread_create(p, 'fault_half', () => expect_i32_edges(p, self.page_size, buffer.ptr, 0, size / 8));
    ret = yield* hmm_migrate_sys_to_dev(p, self.fd, buffer, npages);
    migrate_outcome(ret, buffer, npages, self);
    yield* pthread_join(p, reader);
    yield* expect_i32(p, buffer.ptr, 0, size / 4, ident, 'i');
    yield* hmm_buffer_free(p, buffer);
}
function* migrate_release_race(self) {
    const p = self.p;
    const npages = EXPLORE_NPAGES;
    const size = npages << self.page_shift;
    const buffer = yield* small_buffer(self, npages);
    let ret = yield* hmm_migrate_sys_to_dev(p, self.fd, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    const reader = yield* pthread_create(p, 'fault_half', () => expect_i32_edges(p, self.page_size, buffer.ptr, 0, size / 8));
    ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_RELEASE, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    yield* pthread_join(p, reader);
    yield* expect_i32(p, buffer.ptr, 0, size / 4, ident, 'i');
    yield* hmm_buffer_free(p, buffer);
}
function* migrate_multiple_race(self) {
    const p = self.p;
    const npages = EXPLORE_NPAGES;
    const size = npages << self.page_shift;
    const buffer = yield* small_buffer(self, npages);
    const reader = yield* pthread_create(p, 'fault_all', () => expect_i32_edges(p, self.page_size, buffer.ptr, 0, size / 4));
    let ret = yield* hmm_migrate_sys_to_dev(p, self.fd, buffer, npages);
    migrate_outcome(ret, buffer, npages, self);
    yield* pthread_join(p, reader);
    if (hmm_is_coherent_type(self.variant.device_number)) {
        ret = yield* hmm_migrate_dev_to_sys(p, self.fd, buffer, npages);
        ASSERT_EQ(ret, 0, 'ret');
    }
    yield* expect_i32(p, buffer.ptr, 0, size / 4, ident, 'i');
    yield* hmm_buffer_free(p, buffer);
}
const RACES = [
    { test: 'migrate_fault', slug: 'migrate-fault-race', what: 'CPU faults of the first half race a second MIGRATE_TO_DEV', body: migrate_fault_race },
    { test: 'migrate_release', slug: 'migrate-release-race', what: 'CPU faults of the first half race RELEASE (eviction of the device memory)', body: migrate_release_race },
    { test: 'migrate_multiple', slug: 'migrate-multiple-race', what: 'MIGRATE_TO_DEV races the CPU reading everything back', body: migrate_multiple_race },
];
function scenario_of(r, v) {
    return {
        name: `selftest-${r.slug}${v.name === 'hmm_device_private' ? '' : '-coherent'}`,
        group: 'selftests',
        description: `hmm-tests.c hmm.${v.name}.${r.test}, explored on ${EXPLORE_NPAGES} pages: ${r.what}`,
        designs: { [SELFTEST_DESIGN]: clean() },
        setup: () => {
            dmirror_module_params({ chunk_pages: EXPLORE_CHUNK_PAGES });
            hmm_setup(r.test, v, r.body);
        },
        stepBudget: 2_000_000,
        checkBounds: { preemptions: EXPLORE_PREEMPTIONS, pctExecutions: 300 },
    };
}
const BY_VARIANT = HMM_VARIANTS.map((v) => RACES.map((r) => scenario_of(r, v)));
/** The built-in scenarios (group selftests), both variants. */
export const migrateExploreScenarios = BY_VARIANT.flat();
/** The exploration phase backing TEST_F(hmm, <test>) on `variant`. */
export function migrateExplorePhases(test, variant) {
    const i = RACES.findIndex((r) => r.test === test);
    const vi = HMM_VARIANTS.indexOf(variant);
    const scenario = vi >= 0 ? BY_VARIANT[vi][i] : scenario_of(RACES[i], variant);
    return [{ label: `dfs k=${EXPLORE_PREEMPTIONS}, npages ${EXPLORE_NPAGES}, ${RACES[i].what}`, scenario, strategy: 'dfs', preemptions: EXPLORE_PREEMPTIONS, executions: EXPLORE_CAP }];
}
