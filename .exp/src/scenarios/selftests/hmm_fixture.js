/*
 * What hmm-tests.c defines around its tests: FIXTURE(hmm) setup and teardown, the constants,
 * struct hmm_buffer, hmm_open(), hmm_dmirror_cmd() and hmm_buffer_free(). The test process is
 * one model thread ("hmm-tests") running the fixture around a TEST_F body.
 */
import { spawn } from '../../kernel/index.js';
import { PAGE_SHIFT, PAGE_SIZE, PMD_SIZE } from '../../mm/constants.js';
import { default_hugepage_shift } from '../../mm/hugetlb.js';
import { EINTR } from '../../mm/errno.js';
import { ASSERT_EQ, ASSERT_GE, hmm_is_coherent_type, SKIP, test_state } from './harness.js';
import { close, exit, free, ioctl, munmap, open, proc_create } from './libc.js';
export const TWOMEG = 1 << 21;
export const HMM_BUFFER_SIZE = 1024 << 12;
export const NTIMES = 10;
export function ALIGN(x, a) {
    return Math.ceil(x / a) * a;
}
/** read_pmd_pagesize(): /sys/kernel/mm/transparent_hugepage/hpage_pmd_size. */
export function read_pmd_pagesize() {
    return PMD_SIZE;
}
/** default_huge_page_size(): Hugepagesize from /proc/meminfo (the machine's default_hugepagesz). */
export function default_huge_page_size() {
    return 2 ** default_hugepage_shift();
}
export function hmm_buffer() {
    return { ptr: 0, mirror: 0, size: 0, fd: -1, cpages: 0, faults: 0 };
}
/** hmm_open(unit): open /dev/hmm_dmirror<unit>; fd or a negative value. */
export function* hmm_open(p, unit) {
    return yield* open(p, `/dev/hmm_dmirror${unit}`);
}
/**
 * hmm_dmirror_cmd(): run one ioctl with addr = buffer->ptr, ptr = buffer->mirror; retry on
 * EINTR; on success copy cpages and faults into the buffer. Returns 0 or -errno.
 */
export function* hmm_dmirror_cmd(p, fd, request, buffer, npages) {
    const cmd = { addr: buffer.ptr, ptr: buffer.mirror, npages, cpages: 0, faults: 0 };
    for (;;) {
        const ret = yield* ioctl(p, fd, request, cmd);
        if (ret === 0)
            break;
        if (ret === -EINTR)
            continue;
        return ret;
    }
    buffer.cpages = cmd.cpages;
    buffer.faults = cmd.faults;
    return 0;
}
/** hmm_buffer_free(): munmap ptr (if set) for size bytes, free the mirror. */
export function* hmm_buffer_free(p, buffer) {
    if (buffer.ptr)
        yield* munmap(p, buffer.ptr, buffer.size);
    free(p, buffer.mirror);
}
/** The test process: FIXTURE_SETUP, the body, FIXTURE_TEARDOWN, then exit. */
function* hmm_test_process(self, body) {
    const two = self.variant.device_number1 !== undefined;
    self.fd = yield* hmm_open(self.p, self.variant.device_number);
    if (self.fd < 0 && hmm_is_coherent_type(self.variant.device_number)) {
        SKIP('DEVICE_COHERENT not available');
        yield* exit(self.p, 0);
        return;
    }
    ASSERT_GE(self.fd, 0, two ? 'self->fd0' : 'self->fd');
    if (two) {
        self.fd1 = yield* hmm_open(self.p, self.variant.device_number1);
        ASSERT_GE(self.fd1, 0, 'self->fd1');
    }
    yield* body(self);
    yield* hmm_teardown(self);
}
/** FIXTURE_TEARDOWN (close the fd or fds, each asserted 0), then the process exits. */
export function* hmm_teardown(self) {
    let ret = yield* close(self.p, self.fd);
    ASSERT_EQ(ret, 0, 'ret');
    self.fd = -1;
    if (self.variant.device_number1 !== undefined) {
        ret = yield* close(self.p, self.fd1);
        ASSERT_EQ(ret, 0, 'ret');
        self.fd1 = -1;
    }
    yield* exit(self.p, 0);
}
/** Set up one execution of TEST_F(hmm, <test>) or TEST_F(hmm2, <test>) on `variant`: spawns the test process. */
export function hmm_setup(test, variant, body) {
    test_state().test = test;
    const p = proc_create('hmm-tests');
    const self = { p, fd: -1, fd1: -1, page_size: PAGE_SIZE, page_shift: PAGE_SHIFT, variant };
    p.thread = spawn('hmm-tests', () => hmm_test_process(self, body));
    return self;
}
