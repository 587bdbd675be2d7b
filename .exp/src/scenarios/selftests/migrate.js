/*
 * TEST_F(hmm, ...) of hmm-tests.c on migration to and from device memory: migrate,
 * migrate_file_private, migrate_fault, migrate_release, migrate_shared, migrate_multiple. Each
 * asserts exactly what the kernel test asserts, in the same order.
 */
import { ENOENT } from '../../mm/errno.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '../../mm/constants.js';
import { HMM_DMIRROR_MIGRATE_TO_DEV, HMM_DMIRROR_MIGRATE_TO_SYS, HMM_DMIRROR_RELEASE } from '../../drivers/dmirror/uapi.js';
import { ASSERT_EQ, ASSERT_GE, ASSERT_NE, hmm_is_coherent_type } from './harness.js';
import { ALIGN, HMM_BUFFER_SIZE, hmm_buffer, hmm_buffer_free, hmm_dmirror_cmd, NTIMES } from './hmm_fixture.js';
import { expect_heap_i32, expect_i32, fill_i32, malloc, MAP_FAILED, mmap, tmpfile } from './libc.js';
const ident = (i) => i;
/** hmm_migrate_sys_to_dev(): MIGRATE_TO_DEV of npages from buffer->ptr. */
export function* hmm_migrate_sys_to_dev(p, fd, buffer, npages) {
    return yield* hmm_dmirror_cmd(p, fd, HMM_DMIRROR_MIGRATE_TO_DEV, buffer, npages);
}
/** hmm_migrate_dev_to_sys(): MIGRATE_TO_SYS of npages from buffer->ptr. */
export function* hmm_migrate_dev_to_sys(p, fd, buffer, npages) {
    return yield* hmm_dmirror_cmd(p, fd, HMM_DMIRROR_MIGRATE_TO_SYS, buffer, npages);
}
function npages_default(self) {
    const npages = ALIGN(HMM_BUFFER_SIZE, self.page_size) >> self.page_shift;
    ASSERT_NE(npages, 0, 'npages');
    return npages;
}
/** A fresh private anonymous buffer of `npages`, ptr[i] = i. */
function* anon_buffer(self, npages, flags = MAP_PRIVATE | MAP_ANONYMOUS, init = true) {
    const p = self.p;
    const size = npages << self.page_shift;
    const buffer = hmm_buffer();
    buffer.fd = -1;
    buffer.size = size;
    buffer.mirror = malloc(p, size);
    buffer.ptr = yield* mmap(p, 0, size, PROT_READ | PROT_WRITE, flags, buffer.fd, 0);
    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
    if (init)
        yield* fill_i32(p, buffer.ptr, 0, size / 4, ident);
    return buffer;
}
/** Migrate anonymous memory to device memory: all of it moves and reads back intact. */
export function* migrate(self) {
    const p = self.p;
    const npages = npages_default(self);
    const size = npages << self.page_shift;
    const buffer = yield* anon_buffer(self, npages);
    const ret = yield* hmm_migrate_sys_to_dev(p, self.fd, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    expect_heap_i32(p, buffer.mirror, 0, size / 4, ident, 'i');
    yield* hmm_buffer_free(p, buffer);
}
/** Migrate a private file mapping (its pages COW-copied into anonymous memory by the writes). */
export function* migrate_file_private(self) {
    const p = self.p;
    const npages = npages_default(self);
    const size = npages << self.page_shift;
    const fd = yield* tmpfile(p, size);
    ASSERT_GE(fd, 0, 'fd');
    const buffer = hmm_buffer();
    buffer.fd = fd;
    buffer.size = size;
    buffer.mirror = malloc(p, size);
    buffer.ptr = yield* mmap(p, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, buffer.fd, 0);
    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
    yield* fill_i32(p, buffer.ptr, 0, size / 4, ident);
    const ret = yield* hmm_migrate_sys_to_dev(p, self.fd, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    expect_heap_i32(p, buffer.mirror, 0, size / 4, ident, 'i');
    yield* hmm_buffer_free(p, buffer);
}
/** Migrate, fault half back with CPU reads, migrate the mix of system and device pages again. */
export function* migrate_fault(self) {
    const p = self.p;
    const npages = npages_default(self);
    const size = npages << self.page_shift;
    const buffer = yield* anon_buffer(self, npages);
    let ret = yield* hmm_migrate_sys_to_dev(p, self.fd, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    expect_heap_i32(p, buffer.mirror, 0, size / 4, ident, 'i');
    // The first half back to system memory (a private device's pages fault back; coherent ones
    // are read in place).
    yield* expect_i32(p, buffer.ptr, 0, size / 8, ident, 'i');
    ret = yield* hmm_migrate_sys_to_dev(p, self.fd, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    expect_heap_i32(p, buffer.mirror, 0, size / 4, ident, 'i');
    yield* hmm_buffer_free(p, buffer);
}
/** Migrate, RELEASE all device memory (evicted back to system memory), read half on the CPU. */
export function* migrate_release(self) {
    const p = self.p;
    const npages = npages_default(self);
    const size = npages << self.page_shift;
    const buffer = yield* anon_buffer(self, npages);
    let ret = yield* hmm_migrate_sys_to_dev(p, self.fd, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    expect_heap_i32(p, buffer.mirror, 0, size / 4, ident, 'i');
    ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_RELEASE, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    yield* expect_i32(p, buffer.ptr, 0, size / 8, ident, 'i');
    yield* hmm_buffer_free(p, buffer);
}
/** Shared anonymous memory (shmem) cannot move to device memory: -ENOENT from the read-back. */
export function* migrate_shared(self) {
    const p = self.p;
    const npages = npages_default(self);
    const buffer = yield* anon_buffer(self, npages, MAP_SHARED | MAP_ANONYMOUS, false);
    const ret = yield* hmm_migrate_sys_to_dev(p, self.fd, buffer, npages);
    ASSERT_EQ(ret, -ENOENT, 'ret', '-ENOENT');
    yield* hmm_buffer_free(p, buffer);
}
/** NTIMES rounds of migrate to the device and back (CPU faults, or MIGRATE_TO_SYS for coherent). */
export function* migrate_multiple(self) {
    const p = self.p;
    const npages = npages_default(self);
    const size = npages << self.page_shift;
    for (let c = 0; c < NTIMES; c++) {
        const buffer = yield* anon_buffer(self, npages);
        let ret = yield* hmm_migrate_sys_to_dev(p, self.fd, buffer, npages);
        ASSERT_EQ(ret, 0, 'ret');
        ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
        expect_heap_i32(p, buffer.mirror, 0, size / 4, ident, 'i');
        if (hmm_is_coherent_type(self.variant.device_number)) {
            ret = yield* hmm_migrate_dev_to_sys(p, self.fd, buffer, npages);
            ASSERT_EQ(ret, 0, 'ret');
            ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
        }
        yield* expect_i32(p, buffer.ptr, 0, size / 4, ident, 'i');
        yield* hmm_buffer_free(p, buffer);
    }
}
