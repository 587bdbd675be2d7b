/*
 * TEST_F(hmm, file_read), TEST_F(hmm, file_write) (a shared mapping of a tmpfile: the device
 * reads and writes the page cache) and TEST_F(hmm, mixedmap) (a snapshot of the driver's own
 * VM_MIXEDMAP mapping).
 */
import { MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '../../mm/constants.js';
import { HMM_DMIRROR_PROT_READ, HMM_DMIRROR_READ, HMM_DMIRROR_SNAPSHOT, HMM_DMIRROR_WRITE } from '../../drivers/dmirror/uapi.js';
import { ASSERT_EQ, ASSERT_GE, ASSERT_NE } from './harness.js';
import { ALIGN, HMM_BUFFER_SIZE, hmm_buffer, hmm_buffer_free, hmm_dmirror_cmd } from './hmm_fixture.js';
import { expect_heap_i32, expect_i32, heap_bytes, heap_i32, malloc, MAP_FAILED, mmap, pread, pwrite, tmpfile } from './libc.js';
const ident = (i) => i;
/** hmm_create_file(size): an O_TMPFILE in /tmp truncated to `size`. */
function* hmm_create_file(p, size) {
    return yield* tmpfile(p, size);
}
/** The device reads a file through a shared mapping of it. */
export function* file_read(self) {
    const p = self.p;
    const npages = ALIGN(HMM_BUFFER_SIZE, self.page_size) >> self.page_shift;
    ASSERT_NE(npages, 0, 'npages');
    const size = npages << self.page_shift;
    const fd = yield* hmm_create_file(p, size);
    ASSERT_GE(fd, 0, 'fd');
    const buffer = hmm_buffer();
    buffer.fd = fd;
    buffer.size = size;
    buffer.mirror = malloc(p, size);
    // The file starts with known contents, written through the file descriptor.
    const m = heap_i32(p, buffer.mirror);
    for (let i = 0; i < size / 4; i++)
        m[i] = i;
    const len = yield* pwrite(p, fd, buffer.mirror, size, 0);
    ASSERT_EQ(len, size, 'len', 'size');
    heap_bytes(p, buffer.mirror).fill(0, 0, size);
    buffer.ptr = yield* mmap(p, 0, size, PROT_READ, MAP_SHARED, buffer.fd, 0);
    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
    const ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_READ, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    ASSERT_EQ(buffer.faults, 1, 'buffer->faults');
    expect_heap_i32(p, buffer.mirror, 0, size / 4, ident, 'i');
    yield* hmm_buffer_free(p, buffer);
}
/** The device writes through a shared file mapping; the bytes must land in the page cache. */
export function* file_write(self) {
    const p = self.p;
    const npages = ALIGN(HMM_BUFFER_SIZE, self.page_size) >> self.page_shift;
    ASSERT_NE(npages, 0, 'npages');
    const size = npages << self.page_shift;
    const fd = yield* hmm_create_file(p, size);
    ASSERT_GE(fd, 0, 'fd');
    const buffer = hmm_buffer();
    buffer.fd = fd;
    buffer.size = size;
    buffer.mirror = malloc(p, size);
    buffer.ptr = yield* mmap(p, 0, size, PROT_READ | PROT_WRITE, MAP_SHARED, buffer.fd, 0);
    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
    const m = heap_i32(p, buffer.mirror);
    for (let i = 0; i < size / 4; i++)
        m[i] = i;
    const ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_WRITE, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    ASSERT_EQ(buffer.faults, 1, 'buffer->faults');
    yield* expect_i32(p, buffer.ptr, 0, size / 4, ident, 'i');
    // The file itself holds the device's bytes.
    const len = yield* pread(p, fd, buffer.mirror, size, 0);
    ASSERT_EQ(len, size, 'len', 'size');
    expect_heap_i32(p, buffer.mirror, 0, size / 4, ident, 'i');
    yield* hmm_buffer_free(p, buffer);
}
/** Snapshot of the driver's own mapping (vm_insert_page: VM_MIXEDMAP) without faulting. */
export function* mixedmap(self) {
    const p = self.p;
    const npages = 1;
    const size = npages << self.page_shift;
    const buffer = hmm_buffer();
    buffer.fd = -1;
    buffer.size = size;
    buffer.mirror = malloc(p, npages);
    buffer.ptr = yield* mmap(p, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, self.fd, 0);
    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
    const ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_SNAPSHOT, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    const m = heap_bytes(p, buffer.mirror);
    ASSERT_EQ(m[0], HMM_DMIRROR_PROT_READ, 'm[0]', 'HMM_DMIRROR_PROT_READ');
    yield* hmm_buffer_free(p, buffer);
}
