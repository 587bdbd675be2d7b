/*
 * TEST_F(hmm, ...) of hmm-tests.c on private anonymous memory: open_close, anon_read,
 * anon_read_prot, anon_write, anon_write_prot, anon_read_multiple. Each asserts exactly what
 * the kernel test asserts, in the same order.
 */
import { EFAULT, EPERM } from '../../mm/errno.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_NONE, PROT_READ, PROT_WRITE } from '../../mm/constants.js';
import { HMM_DMIRROR_READ, HMM_DMIRROR_WRITE } from '../../drivers/dmirror/uapi.js';
import { ASSERT_EQ, ASSERT_NE } from './harness.js';
import { ALIGN, HMM_BUFFER_SIZE, hmm_buffer, hmm_buffer_free, hmm_dmirror_cmd, NTIMES } from './hmm_fixture.js';
import { expect_heap_i32, expect_i32, fill_i32, heap_i32, load_i32, malloc, MAP_FAILED, mmap, mprotect } from './libc.js';
const ident = (i) => i;
const neg = (i) => -i;
const zero = () => 0;
/** Opening and closing the device, nothing more: the fixture does all the work. */
export function* open_close(_self) { }
/** Read private anonymous memory (pte_none, zero page and populated pages). */
export function* anon_read(self) {
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
    // Pages 2.. get data; page 0 is never touched (pte_none) and page 1 is only read (zero page).
    yield* fill_i32(p, buffer.ptr, (2 * self.page_size) / 4, size / 4, ident);
    let ret = yield* mprotect(p, buffer.ptr, size, PROT_READ);
    ASSERT_EQ(ret, 0, 'ret');
    // A CPU read of page 1 maps the shared zero page there.
    const val = yield* load_i32(p, buffer.ptr + self.page_size);
    ASSERT_EQ(val, 0, 'val');
    ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_READ, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    ASSERT_EQ(buffer.faults, 1, 'buffer->faults');
    expect_heap_i32(p, buffer.mirror, 0, (2 * self.page_size) / 4, zero, '0');
    expect_heap_i32(p, buffer.mirror, (2 * self.page_size) / 4, size / 4, ident, 'i');
    yield* hmm_buffer_free(p, buffer);
}
/** Read private anonymous memory protected with PROT_NONE: -EFAULT, nothing copied out. */
export function* anon_read_prot(self) {
    const p = self.p;
    const npages = ALIGN(HMM_BUFFER_SIZE, self.page_size) >> self.page_shift;
    ASSERT_NE(npages, 0, 'npages');
    const size = npages << self.page_shift;
    const buffer = hmm_buffer();
    buffer.size = size;
    buffer.mirror = malloc(p, size);
    buffer.ptr = yield* mmap(p, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
    yield* fill_i32(p, buffer.ptr, 0, size / 4, ident);
    // Fill the mirror first: if the device wrote into it, the values would show.
    const m = heap_i32(p, buffer.mirror);
    for (let i = 0; i < size / 4; i++)
        m[i] = -i;
    let ret = yield* mprotect(p, buffer.ptr, size, PROT_NONE);
    ASSERT_EQ(ret, 0, 'ret');
    ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_READ, buffer, npages);
    ASSERT_EQ(ret, -EFAULT, 'ret', '-EFAULT');
    // Make the buffer readable again to look at what the device left in it.
    ret = yield* mprotect(p, buffer.ptr, size, PROT_READ);
    ASSERT_EQ(ret, 0, 'ret');
    yield* expect_i32(p, buffer.ptr, 0, size / 4, ident, 'i');
    expect_heap_i32(p, buffer.mirror, 0, size / 4, neg, '-i');
    yield* hmm_buffer_free(p, buffer);
}
/** The device writes a private anonymous buffer; the CPU sees its bytes. */
export function* anon_write(self) {
    const p = self.p;
    const npages = ALIGN(HMM_BUFFER_SIZE, self.page_size) >> self.page_shift;
    ASSERT_NE(npages, 0, 'npages');
    const size = npages << self.page_shift;
    const buffer = hmm_buffer();
    buffer.size = size;
    buffer.mirror = malloc(p, size);
    buffer.ptr = yield* mmap(p, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
    // The device writes the mirror's values into buffer->ptr.
    const m = heap_i32(p, buffer.mirror);
    for (let i = 0; i < size / 4; i++)
        m[i] = i;
    const ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_WRITE, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    ASSERT_EQ(buffer.faults, 1, 'buffer->faults');
    yield* expect_i32(p, buffer.ptr, 0, size / 4, ident, 'i');
    yield* hmm_buffer_free(p, buffer);
}
/** Write private anonymous memory mapped PROT_READ: -EPERM, then OK after mprotect RW. */
export function* anon_write_prot(self) {
    const p = self.p;
    const npages = ALIGN(HMM_BUFFER_SIZE, self.page_size) >> self.page_shift;
    ASSERT_NE(npages, 0, 'npages');
    const size = npages << self.page_shift;
    const buffer = hmm_buffer();
    buffer.size = size;
    buffer.mirror = malloc(p, size);
    buffer.ptr = yield* mmap(p, 0, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
    // The device reads a zero page.
    let ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_READ, buffer, 1);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, 1, 'buffer->cpages');
    ASSERT_EQ(buffer.faults, 1, 'buffer->faults');
    const m = heap_i32(p, buffer.mirror);
    for (let i = 0; i < size / 4; i++)
        m[i] = i;
    ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_WRITE, buffer, npages);
    ASSERT_EQ(ret, -EPERM, 'ret', '-EPERM');
    yield* expect_i32(p, buffer.ptr, 0, size / 4, zero, '0');
    // With write permission back, the device write replaces the zero page with a real one.
    ret = yield* mprotect(p, buffer.ptr, size, PROT_WRITE | PROT_READ);
    ASSERT_EQ(ret, 0, 'ret');
    ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_WRITE, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    ASSERT_EQ(buffer.faults, 1, 'buffer->faults');
    yield* expect_i32(p, buffer.ptr, 0, size / 4, ident, 'i');
    yield* hmm_buffer_free(p, buffer);
}
/** NTIMES rounds of: map a fresh anonymous buffer, have the device read it. */
export function* anon_read_multiple(self) {
    const p = self.p;
    const npages = ALIGN(HMM_BUFFER_SIZE, self.page_size) >> self.page_shift;
    ASSERT_NE(npages, 0, 'npages');
    const size = npages << self.page_shift;
    for (let c = 0; c < NTIMES; c++) {
        const buffer = hmm_buffer();
        buffer.size = size;
        buffer.mirror = malloc(p, size);
        buffer.ptr = yield* mmap(p, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
        ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
        const plus_c = (i) => i + c;
        yield* fill_i32(p, buffer.ptr, 0, size / 4, plus_c);
        const ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_READ, buffer, npages);
        ASSERT_EQ(ret, 0, 'ret');
        ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
        ASSERT_EQ(buffer.faults, 1, 'buffer->faults');
        expect_heap_i32(p, buffer.mirror, 0, size / 4, plus_c, 'i + c');
        yield* hmm_buffer_free(p, buffer);
    }
}
