/*
 * TEST_F(hmm, anon_write_child) and TEST_F(hmm, anon_write_child_shared): a device write from
 * a forked child, through the child's own mirror, must break COW in the child only (private)
 * or be seen by the parent (shared).
 *
 * anon_write_child runs its whole loop, migrate x use_thp: with migrate = 1 the buffer is on
 * the fixture's device when the child forks, and the child (whose mirror is always device 0)
 * writes it through copy-on-write device-private (or coherent) entries.
 */
import { MADV_HUGEPAGE, MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '../../mm/constants.js';
import { HMM_DMIRROR_MIGRATE_TO_DEV, HMM_DMIRROR_WRITE } from '../../drivers/dmirror/uapi.js';
import { ASSERT_EQ, ASSERT_GE, ASSERT_NE } from './harness.js';
import { ALIGN, HMM_BUFFER_SIZE, hmm_buffer, hmm_buffer_free, hmm_dmirror_cmd, hmm_open, read_pmd_pagesize } from './hmm_fixture.js';
import { close, exit, expect_heap_i32, expect_i32, fill_i32, fork, heap_i32, madvise, malloc, MAP_FAILED, mmap, waitpid } from './libc.js';
const ident = (i) => i;
const neg = (i) => -i;
function* anon_write_child_child(c, a) {
    const buffer = { ...a.buffer };
    // After fork the child reads what the parent wrote.
    yield* expect_i32(c, buffer.ptr, 0, a.size / 4, ident, 'i');
    if (!a.migrate)
        expect_heap_i32(c, buffer.mirror, 0, a.size / 4, neg, '-i');
    // A mirror follows one mm: the child opens the device again for its own.
    const child_fd = yield* hmm_open(c, 0);
    ASSERT_GE(child_fd, 0, 'child_fd');
    const ret = yield* hmm_dmirror_cmd(c, child_fd, HMM_DMIRROR_WRITE, buffer, a.npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, a.npages, 'buffer->cpages', 'npages');
    ASSERT_EQ(buffer.faults, 1, 'buffer->faults');
    if (!a.migrate)
        yield* expect_i32(c, buffer.ptr, 0, a.size / 4, neg, '-i');
    yield* close(c, child_fd);
    yield* exit(c, 0);
}
function* anon_write_child_body(c, a) {
    yield* anon_write_child_child(c, a);
}
/** Device write in a child of an anonymous private mapping: copy-on-write in the child. */
export function* anon_write_child(self) {
    const p = self.p;
    for (let migrate = 0; migrate < 2; ++migrate) {
        for (let use_thp = 0; use_thp < 2; ++use_thp) {
            const npages = ALIGN(use_thp ? read_pmd_pagesize() : HMM_BUFFER_SIZE, self.page_size) >> self.page_shift;
            ASSERT_NE(npages, 0, 'npages');
            const size = npages << self.page_shift;
            const buffer = hmm_buffer();
            buffer.fd = -1;
            buffer.size = size * 2;
            buffer.mirror = malloc(p, size);
            buffer.ptr = yield* mmap(p, 0, size * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
            ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
            const old_ptr = buffer.ptr;
            if (use_thp) {
                const map = ALIGN(buffer.ptr, size);
                const ret = yield* madvise(p, map, size, MADV_HUGEPAGE);
                ASSERT_EQ(ret, 0, 'ret');
                buffer.ptr = map;
            }
            // Known values in buffer->ptr: a device write into it would change them.
            yield* fill_i32(p, buffer.ptr, 0, size / 4, ident);
            // The device writes the mirror's values into buffer->ptr.
            const m = heap_i32(p, buffer.mirror);
            for (let i = 0; i < size / 4; i++)
                m[i] = -i;
            if (migrate) {
                const ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_MIGRATE_TO_DEV, buffer, npages);
                ASSERT_EQ(ret, 0, 'ret');
                ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
            }
            const child = yield* fork(p, (c) => anon_write_child_body(c, { self, buffer, npages, size, migrate }));
            const st = yield* waitpid(p, child);
            ASSERT_EQ(st.wifexited, 1, 'WIFEXITED(ret)');
            // The parent still sees its own bytes.
            yield* expect_i32(p, buffer.ptr, 0, size / 4, ident, 'i');
            buffer.ptr = old_ptr;
            yield* hmm_buffer_free(p, buffer);
        }
    }
}
function* anon_write_child_shared_child(c, a) {
    const buffer = { ...a.buffer };
    yield* expect_i32(c, buffer.ptr, 0, a.size / 4, ident, 'i');
    expect_heap_i32(c, buffer.mirror, 0, a.size / 4, neg, '-i');
    const child_fd = yield* hmm_open(c, 0);
    ASSERT_GE(child_fd, 0, 'child_fd');
    const ret = yield* hmm_dmirror_cmd(c, child_fd, HMM_DMIRROR_WRITE, buffer, a.npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, a.npages, 'buffer->cpages', 'npages');
    ASSERT_EQ(buffer.faults, 1, 'buffer->faults');
    yield* expect_i32(c, buffer.ptr, 0, a.size / 4, neg, '-i');
    yield* close(c, child_fd);
    yield* exit(c, 0);
}
/** Device write in a child of an anonymous shared mapping: the parent sees it. */
export function* anon_write_child_shared(self) {
    const p = self.p;
    const npages = ALIGN(HMM_BUFFER_SIZE, self.page_size) >> self.page_shift;
    ASSERT_NE(npages, 0, 'npages');
    const size = npages << self.page_shift;
    const buffer = hmm_buffer();
    buffer.fd = -1;
    buffer.size = size;
    buffer.mirror = malloc(p, size);
    buffer.ptr = yield* mmap(p, 0, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, buffer.fd, 0);
    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
    yield* fill_i32(p, buffer.ptr, 0, size / 4, ident);
    const m = heap_i32(p, buffer.mirror);
    for (let i = 0; i < size / 4; i++)
        m[i] = -i;
    const child = yield* fork(p, (c) => anon_write_child_shared_child(c, { self, buffer, npages, size, migrate: 0 }));
    const st = yield* waitpid(p, child);
    ASSERT_EQ(st.wifexited, 1, 'WIFEXITED(ret)');
    // The child's write is visible to the parent.
    yield* expect_i32(p, buffer.ptr, 0, size / 4, neg, '-i');
    yield* hmm_buffer_free(p, buffer);
}
