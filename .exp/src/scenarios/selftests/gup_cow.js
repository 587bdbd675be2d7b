/*
 * TEST_F(hmm, hmm_gup_test) and TEST_F(hmm, hmm_cow_in_device): GUP and copy-on-write on pages
 * that live in device memory.
 *
 * hmm_gup_test drives /sys/kernel/debug/gup_test (src/drivers/gup_test.ts), which the model
 * always provides (the kernel test SKIPs without CONFIG_GUP_TEST). hmm_cow_in_device's child
 * spins until the parent kills it (SIGKILL in the newest file): here it waits for the signal
 * (pause_until_signal), which is all a spinning process can be seen doing.
 */
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../mm/constants.js';
import { FOLL_LONGTERM, FOLL_WRITE } from '../../mm/gup.js';
import { HMM_DMIRROR_PROT_DEV_COHERENT_LOCAL, HMM_DMIRROR_PROT_WRITE, HMM_DMIRROR_SNAPSHOT } from '../../drivers/dmirror/uapi.js';
import { GUP_BASIC_TEST, GUP_FAST_BENCHMARK, PIN_FAST_BENCHMARK, PIN_LONGTERM_BENCHMARK } from '../../drivers/gup_test.js';
import { ASSERT_EQ, ASSERT_NE, EXPECT_EQ, EXPECT_NE, hmm_is_coherent_type, SKIP } from './harness.js';
import { hmm_buffer, hmm_buffer_free, hmm_dmirror_cmd } from './hmm_fixture.js';
import { hmm_migrate_sys_to_dev } from './migrate.js';
import { close, expect_heap_i32, expect_i32, fill_i32, fork, heap_bytes, ioctl, kill, malloc, MAP_FAILED, mmap, open, pause_until_signal, SIGKILL, waitpid } from './libc.js';
const ident = (i) => i;
/** gup_test_exec(): one gup_test ioctl on [addr, addr + size); 0 or the errno. */
function* gup_test_exec(p, gup_fd, addr, cmd, npages, size, flags) {
    const gup = { get_delta_usec: 0, put_delta_usec: 0, addr, size, nr_pages_per_call: npages, gup_flags: FOLL_WRITE | flags, test_flags: 0 };
    const r = yield* ioctl(p, gup_fd, cmd, gup);
    return r < 0 ? -r : 0;
}
/** GUP on migrated pages: any GUP faults device-private pages back; long-term pins move coherent ones out. */
export function* hmm_gup_test(self) {
    const p = self.p;
    const gup_fd = yield* open(p, '/sys/kernel/debug/gup_test');
    if (gup_fd < 0) {
        SKIP('Skipping test, could not find gup_test driver');
        return;
    }
    const npages = 4;
    const size = npages << self.page_shift;
    const buffer = hmm_buffer();
    buffer.fd = -1;
    buffer.size = size;
    buffer.mirror = malloc(p, size);
    buffer.ptr = yield* mmap(p, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
    yield* fill_i32(p, buffer.ptr, 0, size / 4, ident);
    let ret = yield* hmm_migrate_sys_to_dev(p, self.fd, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    expect_heap_i32(p, buffer.mirror, 0, size / 4, ident, 'i');
    const ps = self.page_size;
    ASSERT_EQ(yield* gup_test_exec(p, gup_fd, buffer.ptr, GUP_BASIC_TEST, 1, ps, 0), 0, 'gup_test_exec(gup_fd, (unsigned long)buffer->ptr, GUP_BASIC_TEST, 1, self->page_size, 0)');
    ASSERT_EQ(yield* gup_test_exec(p, gup_fd, buffer.ptr + 1 * ps, GUP_FAST_BENCHMARK, 1, ps, 0), 0, 'gup_test_exec(gup_fd, (unsigned long)buffer->ptr + 1 * self->page_size, GUP_FAST_BENCHMARK, 1, self->page_size, 0)');
    ASSERT_EQ(yield* gup_test_exec(p, gup_fd, buffer.ptr + 2 * ps, PIN_FAST_BENCHMARK, 1, ps, FOLL_LONGTERM), 0, 'gup_test_exec(gup_fd, (unsigned long)buffer->ptr + 2 * self->page_size, PIN_FAST_BENCHMARK, 1, self->page_size, FOLL_LONGTERM)');
    ASSERT_EQ(yield* gup_test_exec(p, gup_fd, buffer.ptr + 3 * ps, PIN_LONGTERM_BENCHMARK, 1, ps, 0), 0, 'gup_test_exec(gup_fd, (unsigned long)buffer->ptr + 3 * self->page_size, PIN_LONGTERM_BENCHMARK, 1, self->page_size, 0)');
    ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_SNAPSHOT, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    const m = heap_bytes(p, buffer.mirror);
    if (hmm_is_coherent_type(self.variant.device_number)) {
        ASSERT_EQ(HMM_DMIRROR_PROT_DEV_COHERENT_LOCAL | HMM_DMIRROR_PROT_WRITE, m[0], 'HMM_DMIRROR_PROT_DEV_COHERENT_LOCAL | HMM_DMIRROR_PROT_WRITE', 'm[0]');
        ASSERT_EQ(HMM_DMIRROR_PROT_DEV_COHERENT_LOCAL | HMM_DMIRROR_PROT_WRITE, m[1], 'HMM_DMIRROR_PROT_DEV_COHERENT_LOCAL | HMM_DMIRROR_PROT_WRITE', 'm[1]');
    }
    else {
        ASSERT_EQ(HMM_DMIRROR_PROT_WRITE, m[0], 'HMM_DMIRROR_PROT_WRITE', 'm[0]');
        ASSERT_EQ(HMM_DMIRROR_PROT_WRITE, m[1], 'HMM_DMIRROR_PROT_WRITE', 'm[1]');
    }
    ASSERT_EQ(HMM_DMIRROR_PROT_WRITE, m[2], 'HMM_DMIRROR_PROT_WRITE', 'm[2]');
    ASSERT_EQ(HMM_DMIRROR_PROT_WRITE, m[3], 'HMM_DMIRROR_PROT_WRITE', 'm[3]');
    // The data survived every move.
    yield* expect_i32(p, buffer.ptr, 0, size / 4, ident, 'i');
    yield* close(p, gup_fd);
    yield* hmm_buffer_free(p, buffer);
}
/** Write COW-shared device pages: private ones come back first, coherent ones are copied directly. */
export function* hmm_cow_in_device(self) {
    const p = self.p;
    const npages = 4;
    const size = npages << self.page_shift;
    const buffer = hmm_buffer();
    buffer.fd = -1;
    buffer.size = size;
    buffer.mirror = malloc(p, size);
    buffer.ptr = yield* mmap(p, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
    yield* fill_i32(p, buffer.ptr, 0, size / 4, ident);
    let ret = yield* hmm_migrate_sys_to_dev(p, self.fd, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    // The child only keeps the pages shared until the parent kills it.
    const child = yield* fork(p, (c) => pause_until_signal(c));
    // The parent's writes break COW on every page.
    yield* fill_i32(p, buffer.ptr, 0, size / 4, ident);
    EXPECT_EQ(0, yield* kill(p, child, SIGKILL), '0', 'kill(pid, SIGKILL)');
    const st = yield* waitpid(p, child);
    EXPECT_EQ(child.task.pid, st.pid, 'pid', 'waitpid(pid, &status, 0)');
    EXPECT_NE(0, st.wifsignaled, '0', 'WIFSIGNALED(status)');
    EXPECT_EQ(SIGKILL, st.termsig, 'SIGKILL', 'WTERMSIG(status)');
    ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_SNAPSHOT, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    const m = heap_bytes(p, buffer.mirror);
    for (let i = 0; i < npages; i++)
        ASSERT_EQ(HMM_DMIRROR_PROT_WRITE, m[i], 'HMM_DMIRROR_PROT_WRITE', `m[${i}]`);
    yield* hmm_buffer_free(p, buffer);
}
