/*
 * TEST_F(hmm, anon_teardown): read anonymous memory through the device while another thread
 * of the process unmaps its second half. If the READ succeeds it must have read everything
 * (cpages == npages, faults == 1, the data intact); any error is accepted.
 *
 * The kernel test starts the unmapping thread after a random 0-32 us sleep and hopes to hit
 * the window. Here the explorer chooses where the thread runs:
 *  - one iteration with npages = 16 (inside one 32-page fault piece, its second half unmapped)
 *    is explored exhaustively by dfs within a preemption bound (ANON_TEARDOWN_DFS_PREEMPTIONS).
 *    Every page-table entry the munmap clears and the walk reads is a step of its own, so the
 *    number of schedules grows with the square of the pages: 16 pages is 905 executions at
 *    bound 2; two whole pieces would be tens of thousands;
 *  - the kernel's own test: NTIMES iterations of npages = 1024 back to back on one device file,
 *    as hmm-tests.c runs them, so whatever an iteration leaves in the driver (its device page
 *    table, its notifier) meets the next; a few executions under the random strategy stand for
 *    the kernel's random delay.
 */
import { clean } from '../types.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../mm/constants.js';
import { HMM_DMIRROR_READ } from '../../drivers/dmirror/uapi.js';
import { ASSERT_EQ, ASSERT_NE, HMM_VARIANTS, SELFTEST_DESIGN } from './harness.js';
import { ALIGN, HMM_BUFFER_SIZE, hmm_buffer, hmm_buffer_free, hmm_dmirror_cmd, hmm_setup, NTIMES } from './hmm_fixture.js';
import { expect_heap_i32, fill_i32, malloc, MAP_FAILED, mmap, munmap, pthread_create, pthread_join } from './libc.js';
/** Pages of the explored (dfs) instance: part of one fault piece, its second half unmapped. */
export const ANON_TEARDOWN_EXPLORE_NPAGES = 16;
export const ANON_TEARDOWN_DFS_PREEMPTIONS = 2;
/** unmap_buffer(): munmap the second half, then clear buffer->ptr. */
function* unmap_buffer(p, buffer) {
    // hmm_nanosleep(hmm_random() % 32000): the explorer decides when this thread runs.
    yield* munmap(p, buffer.ptr + buffer.size / 2, buffer.size / 2);
    buffer.ptr = 0;
}
/** One iteration of the kernel loop, for a given c and npages. */
export function* anon_teardown_iteration(self, c, npages) {
    const p = self.p;
    const size = npages << self.page_shift;
    const buffer = hmm_buffer();
    buffer.fd = -1;
    buffer.size = size;
    buffer.mirror = malloc(p, size);
    buffer.ptr = yield* mmap(p, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
    const plus_c = (i) => i + c;
    yield* fill_i32(p, buffer.ptr, 0, size / 4, plus_c);
    const thread = yield* pthread_create(p, 'unmap_buffer', () => unmap_buffer(p, buffer));
    const rc0 = 0;
    ASSERT_EQ(rc0, 0, 'rc');
    // The device reads while the other thread unmaps (it may even have finished, and cleared
    // buffer->ptr, before hmm_dmirror_cmd reads it).
    const rc = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_READ, buffer, npages);
    if (rc === 0) {
        ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
        ASSERT_EQ(buffer.faults, 1, 'buffer->faults');
        expect_heap_i32(p, buffer.mirror, 0, size / 4, plus_c, 'i + c');
    }
    yield* pthread_join(p, thread);
    yield* hmm_buffer_free(p, buffer);
}
function npages_of(self) {
    const npages = ALIGN(HMM_BUFFER_SIZE, self.page_size) >> self.page_shift;
    ASSERT_NE(npages, 0, 'npages');
    return npages;
}
/** The kernel's test: every iteration, back to back, on the fixture's one device file. */
export function* anon_teardown_kernel(self) {
    const npages = npages_of(self);
    for (let c = 0; c < NTIMES; c++)
        yield* anon_teardown_iteration(self, c, npages);
}
/** Executions of the kernel-size test (each runs all NTIMES iterations). */
export const ANON_TEARDOWN_FULL_EXECUTIONS = 3;
/** The explored instance: one iteration of the smaller buffer. */
export function* anon_teardown_small(self) {
    yield* anon_teardown_iteration(self, 0, ANON_TEARDOWN_EXPLORE_NPAGES);
}
function anon_teardown_small_setup(variant) {
    hmm_setup('anon_teardown', variant, anon_teardown_small);
}
function anon_teardown_kernel_setup(variant) {
    hmm_setup('anon_teardown', variant, anon_teardown_kernel);
}
function suffix(v) {
    return v.name === 'hmm_device_private' ? '' : '-coherent';
}
function teardownScenarios(v) {
    return [
        {
            name: `selftest-anon-teardown${suffix(v)}`,
            group: 'selftests',
            description: `hmm-tests.c hmm.${v.name}.anon_teardown: device READ of ${ANON_TEARDOWN_EXPLORE_NPAGES} pages while another thread unmaps the second half; a successful READ read everything`,
            designs: { [SELFTEST_DESIGN]: clean() },
            setup: () => anon_teardown_small_setup(v),
            stepBudget: 1_000_000,
            checkBounds: { preemptions: ANON_TEARDOWN_DFS_PREEMPTIONS, pctExecutions: 300 },
        },
        {
            name: `selftest-anon-teardown-full${suffix(v)}`,
            group: 'selftests',
            description: `hmm-tests.c hmm.${v.name}.anon_teardown as the kernel runs it: ${NTIMES} iterations of 1024 pages back to back on one device file`,
            designs: { [SELFTEST_DESIGN]: clean() },
            setup: () => anon_teardown_kernel_setup(v),
            stepBudget: 50_000_000,
            checkBounds: { preemptions: 0, pctExecutions: ANON_TEARDOWN_FULL_EXECUTIONS },
        },
    ];
}
const SCENARIOS = HMM_VARIANTS.map(teardownScenarios);
/**
 * The built-in scenarios of anon_teardown (group selftests): the private variant only. The
 * coherent device does not exist in this model yet (no coherent device memory), so a coherent
 * scenario would explore a test that SKIPs at once: a "clean" that checked nothing.
 */
export const anonTeardownScenarios = SCENARIOS[0];
/** The fixture alone (open, close) on `variant`: tells the runner whether the test can run. */
export function anon_teardown_probe(variant) {
    hmm_setup('anon_teardown', variant, function* () { });
}
/** The exploration phases backing TEST_F(hmm, anon_teardown) on `variant`. */
export function anon_teardown_phases(variant) {
    const [small, full] = SCENARIOS[HMM_VARIANTS.indexOf(variant)] ?? teardownScenarios(variant);
    return [
        { label: `dfs k=${ANON_TEARDOWN_DFS_PREEMPTIONS}, npages ${ANON_TEARDOWN_EXPLORE_NPAGES}`, scenario: small, strategy: 'dfs', preemptions: ANON_TEARDOWN_DFS_PREEMPTIONS, executions: 200_000 },
        { label: `random, ${NTIMES} iterations of npages 1024 on one device file`, scenario: full, strategy: 'random', seed: 1, executions: ANON_TEARDOWN_FULL_EXECUTIONS },
    ];
}
