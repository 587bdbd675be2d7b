/*
 * TEST_F(hmm2, ...) of hmm-tests.c: two devices on one address space (fd0 = self.fd, fd1 =
 * self.fd1): migrate_mixed, snapshot and double_map. Each asserts exactly what the kernel test
 * asserts, in the same order.
 */
import { EINVAL, ENOENT } from '../../mm/errno.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_NONE, PROT_READ, PROT_WRITE } from '../../mm/constants.js';
import { HMM_DMIRROR_PROT_DEV_COHERENT_LOCAL, HMM_DMIRROR_PROT_DEV_COHERENT_REMOTE, HMM_DMIRROR_PROT_DEV_PRIVATE_LOCAL, HMM_DMIRROR_PROT_ERROR, HMM_DMIRROR_PROT_NONE, HMM_DMIRROR_PROT_READ, HMM_DMIRROR_PROT_WRITE, HMM_DMIRROR_PROT_ZERO, HMM_DMIRROR_READ, HMM_DMIRROR_SNAPSHOT, } from '../../drivers/dmirror/uapi.js';
import { ASSERT_EQ, ASSERT_NE, hmm_is_coherent_type } from './harness.js';
import { hmm_buffer, hmm_buffer_free, hmm_dmirror_cmd } from './hmm_fixture.js';
import { hmm_migrate_sys_to_dev } from './migrate.js';
import { expect_heap_i32, fill_i32, heap_bytes, load_i32, malloc, MAP_FAILED, mmap, mprotect, munmap, store_i32 } from './libc.js';
const ident = (i) => i;
/**
 * The layout migrate_mixed and snapshot share: a PROT_NONE reservation whose page 1 is a hole,
 * page 2 a read-only zero page, page 3 a read-only written page, pages 4.. read-write with
 * `written` of them written. Returns the value written (3).
 */
function* mixed_layout(self, buffer, rw, written) {
    const p = self.p;
    const ps = self.page_size;
    // Page 2: a read-only zero page.
    let ret = yield* mprotect(p, buffer.ptr + 2 * ps, ps, PROT_READ);
    ASSERT_EQ(ret, 0, 'ret');
    const val = (yield* load_i32(p, buffer.ptr + 2 * ps)) + 3;
    ASSERT_EQ(val, 3, 'val');
    // Page 3: written, then read-only.
    ret = yield* mprotect(p, buffer.ptr + 3 * ps, ps, PROT_READ | PROT_WRITE);
    ASSERT_EQ(ret, 0, 'ret');
    yield* store_i32(p, buffer.ptr + 3 * ps, val);
    ret = yield* mprotect(p, buffer.ptr + 3 * ps, ps, PROT_READ);
    ASSERT_EQ(ret, 0, 'ret');
    // Pages 4..: read-write, the first `written` of them written.
    ret = yield* mprotect(p, buffer.ptr + 4 * ps, rw * ps, PROT_READ | PROT_WRITE);
    ASSERT_EQ(ret, 0, 'ret');
    for (let k = 0; k < written; k++)
        yield* store_i32(p, buffer.ptr + (4 + k) * ps, val);
    return val;
}
/** Migrate a mix of page kinds to device 1; a page on device 1 is not device 0's to take. */
export function* migrate_mixed(self) {
    const p = self.p;
    const npages = 6;
    const size = npages << self.page_shift;
    const buffer = hmm_buffer();
    buffer.fd = -1;
    buffer.size = size;
    buffer.mirror = malloc(p, size);
    buffer.ptr = yield* mmap(p, 0, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
    const start = buffer.ptr;
    // A protected area cannot be migrated.
    let ret = yield* hmm_migrate_sys_to_dev(p, self.fd1, buffer, npages);
    ASSERT_EQ(ret, -EINVAL, 'ret', '-EINVAL');
    // A hole after the first page: the VMA no longer covers the range.
    ret = yield* munmap(p, buffer.ptr + self.page_size, self.page_size);
    ASSERT_EQ(ret, 0, 'ret');
    ret = yield* hmm_migrate_sys_to_dev(p, self.fd1, buffer, 3);
    ASSERT_EQ(ret, -EINVAL, 'ret', '-EINVAL');
    yield* mixed_layout(self, buffer, 2, 2);
    // Pages 2-5 to device 1.
    buffer.ptr = start + 2 * self.page_size;
    ret = yield* hmm_migrate_sys_to_dev(p, self.fd1, buffer, 4);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, 4, 'buffer->cpages');
    // Page 5 is on device 1: device 0 does not get it.
    buffer.ptr = start + 5 * self.page_size;
    ret = yield* hmm_migrate_sys_to_dev(p, self.fd, buffer, 1);
    ASSERT_EQ(ret, -ENOENT, 'ret', '-ENOENT');
    buffer.ptr = start;
    yield* hmm_buffer_free(p, buffer);
}
/** Snapshot of every kind of page, two of them on the two devices. */
export function* snapshot(self) {
    const p = self.p;
    const npages = 7;
    const size = npages << self.page_shift;
    const buffer = hmm_buffer();
    buffer.fd = -1;
    buffer.size = size;
    buffer.mirror = malloc(p, npages);
    buffer.ptr = yield* mmap(p, 0, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
    const start = buffer.ptr;
    const ret0 = yield* munmap(p, buffer.ptr + self.page_size, self.page_size);
    ASSERT_EQ(ret0, 0, 'ret');
    yield* mixed_layout(self, buffer, 3, 1);
    // Page 5 to device 0, page 6 to device 1.
    buffer.ptr = start + 5 * self.page_size;
    let ret = yield* hmm_migrate_sys_to_dev(p, self.fd, buffer, 1);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, 1, 'buffer->cpages');
    buffer.ptr = start + 6 * self.page_size;
    ret = yield* hmm_migrate_sys_to_dev(p, self.fd1, buffer, 1);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, 1, 'buffer->cpages');
    buffer.ptr = start;
    ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_SNAPSHOT, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    const m = heap_bytes(p, buffer.mirror);
    ASSERT_EQ(m[0], HMM_DMIRROR_PROT_ERROR, 'm[0]', 'HMM_DMIRROR_PROT_ERROR');
    ASSERT_EQ(m[1], HMM_DMIRROR_PROT_ERROR, 'm[1]', 'HMM_DMIRROR_PROT_ERROR');
    ASSERT_EQ(m[2], HMM_DMIRROR_PROT_ZERO | HMM_DMIRROR_PROT_READ, 'm[2]', 'HMM_DMIRROR_PROT_ZERO | HMM_DMIRROR_PROT_READ');
    ASSERT_EQ(m[3], HMM_DMIRROR_PROT_READ, 'm[3]', 'HMM_DMIRROR_PROT_READ');
    ASSERT_EQ(m[4], HMM_DMIRROR_PROT_WRITE, 'm[4]', 'HMM_DMIRROR_PROT_WRITE');
    if (!hmm_is_coherent_type(self.variant.device_number)) {
        ASSERT_EQ(m[5], HMM_DMIRROR_PROT_DEV_PRIVATE_LOCAL | HMM_DMIRROR_PROT_WRITE, 'm[5]', 'HMM_DMIRROR_PROT_DEV_PRIVATE_LOCAL | HMM_DMIRROR_PROT_WRITE');
        ASSERT_EQ(m[6], HMM_DMIRROR_PROT_NONE, 'm[6]', 'HMM_DMIRROR_PROT_NONE');
    }
    else {
        ASSERT_EQ(m[5], HMM_DMIRROR_PROT_DEV_COHERENT_LOCAL | HMM_DMIRROR_PROT_WRITE, 'm[5]', 'HMM_DMIRROR_PROT_DEV_COHERENT_LOCAL | HMM_DMIRROR_PROT_WRITE');
        ASSERT_EQ(m[6], HMM_DMIRROR_PROT_DEV_COHERENT_REMOTE | HMM_DMIRROR_PROT_WRITE, 'm[6]', 'HMM_DMIRROR_PROT_DEV_COHERENT_REMOTE | HMM_DMIRROR_PROT_WRITE');
    }
    yield* hmm_buffer_free(p, buffer);
}
/** Two devices read the same memory; after it moves to device 1, device 0 reads it again. */
export function* double_map(self) {
    const p = self.p;
    const npages = 6;
    const size = npages << self.page_shift;
    const buffer = hmm_buffer();
    buffer.fd = -1;
    buffer.size = size;
    buffer.mirror = malloc(p, size);
    buffer.ptr = yield* mmap(p, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
    yield* fill_i32(p, buffer.ptr, 0, size / 4, ident);
    let ret = yield* mprotect(p, buffer.ptr, size, PROT_READ);
    ASSERT_EQ(ret, 0, 'ret');
    for (const fd of [self.fd, self.fd1]) {
        ret = yield* hmm_dmirror_cmd(p, fd, HMM_DMIRROR_READ, buffer, npages);
        ASSERT_EQ(ret, 0, 'ret');
        ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
        ASSERT_EQ(buffer.faults, 1, 'buffer->faults');
        expect_heap_i32(p, buffer.mirror, 0, size / 4, ident, 'i');
    }
    // To device 1, then device 0 reads again.
    ret = yield* hmm_migrate_sys_to_dev(p, self.fd1, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_READ, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    ASSERT_EQ(buffer.faults, 1, 'buffer->faults');
    expect_heap_i32(p, buffer.mirror, 0, size / 4, ident, 'i');
    yield* hmm_buffer_free(p, buffer);
}
