/*
 * TEST_F(hmm, exclusive), exclusive_mprotect and exclusive_cow: device-exclusive (atomic)
 * access through make_device_exclusive, taken back by CPU access, by mprotect, and across fork.
 *
 * exclusive_cow follows the newest file: after fork() the child increments and checks its copy
 * and exits 0, the parent does the same concurrently and then checks the child's exit status.
 */
import { EPERM } from '../../mm/errno.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../mm/constants.js';
import { HMM_DMIRROR_CHECK_EXCLUSIVE, HMM_DMIRROR_EXCLUSIVE, HMM_DMIRROR_WRITE } from '../../drivers/dmirror/uapi.js';
import { ASSERT_EQ, ASSERT_NE } from './harness.js';
import { ALIGN, HMM_BUFFER_SIZE, hmm_buffer, hmm_buffer_free, hmm_dmirror_cmd } from './hmm_fixture.js';
import { exit, expect_heap_i32, expect_i32, fill_i32, fork, increment_i32, malloc, MAP_FAILED, mmap, mprotect, waitpid } from './libc.js';
const ident = (i) => i;
const plus1 = (i) => i + 1;
/** N pages of private anonymous memory, ptr[i] = i, then EXCLUSIVE on all of them. */
function* exclusive_buffer(self) {
    const p = self.p;
    const npages = ALIGN(HMM_BUFFER_SIZE, self.page_size) >> self.page_shift;
    ASSERT_NE(npages, 0, 'npages');
    const size = npages << self.page_shift;
    const buffer = hmm_buffer();
    buffer.fd = -1;
    buffer.size = size;
    buffer.mirror = malloc(p, size);
    buffer.ptr = yield* mmap(p, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
    yield* fill_i32(p, buffer.ptr, 0, size / 4, ident);
    const ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_EXCLUSIVE, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    return { buffer, npages, size };
}
/** Exclusive access, taken back by CPU read-modify-writes; no ATOMIC entry survives. */
export function* exclusive(self) {
    const p = self.p;
    const { buffer, npages, size } = yield* exclusive_buffer(self);
    expect_heap_i32(p, buffer.mirror, 0, size / 4, ident, 'i');
    // ASSERT_EQ(ptr[i]++, i): each page's first access restores it from the device.
    yield* increment_i32(p, buffer.ptr, 0, size / 4, ident, 'i');
    yield* expect_i32(p, buffer.ptr, 0, size / 4, plus1, 'i+1');
    const ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_CHECK_EXCLUSIVE, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    yield* hmm_buffer_free(p, buffer);
}
/** Exclusive access, then mprotect PROT_READ: a device write is refused (-EPERM). */
export function* exclusive_mprotect(self) {
    const p = self.p;
    const { buffer, npages, size } = yield* exclusive_buffer(self);
    expect_heap_i32(p, buffer.mirror, 0, size / 4, ident, 'i');
    let ret = yield* mprotect(p, buffer.ptr, size, PROT_READ);
    ASSERT_EQ(ret, 0, 'ret');
    ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_WRITE, buffer, npages);
    ASSERT_EQ(ret, -EPERM, 'ret', '-EPERM');
    yield* hmm_buffer_free(p, buffer);
}
/** Exclusive access, then fork: each process takes its own copy back and increments it. */
export function* exclusive_cow(self) {
    const p = self.p;
    const { buffer, size } = yield* exclusive_buffer(self);
    // The child increments its copy and exits; the parent does the same in its own, then waits.
    const child = yield* fork(p, function* (c) {
        yield* increment_i32(c, buffer.ptr, 0, size / 4, ident, 'i');
        yield* expect_i32(c, buffer.ptr, 0, size / 4, plus1, 'i+1');
        yield* exit(c, 0);
    });
    yield* increment_i32(p, buffer.ptr, 0, size / 4, ident, 'i');
    yield* expect_i32(p, buffer.ptr, 0, size / 4, plus1, 'i+1');
    const st = yield* waitpid(p, child);
    ASSERT_EQ(st.pid, child.task.pid, 'waitpid(pid, &status, 0)', 'pid');
    ASSERT_EQ(st.wifexited, 1, 'WIFEXITED(status)', '1');
    ASSERT_EQ(st.status, 0, 'WEXITSTATUS(status)', '0');
    yield* hmm_buffer_free(p, buffer);
}
