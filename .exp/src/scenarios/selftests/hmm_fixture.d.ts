import { type Sched } from '../../kernel/index.js';
import { type HmmVariant } from './harness.js';
import { type Proc } from './libc.js';
export declare const TWOMEG: number;
export declare const HMM_BUFFER_SIZE: number;
export declare const NTIMES = 10;
export declare function ALIGN(x: number, a: number): number;
/** read_pmd_pagesize(): /sys/kernel/mm/transparent_hugepage/hpage_pmd_size. */
export declare function read_pmd_pagesize(): number;
/** default_huge_page_size(): Hugepagesize from /proc/meminfo (the machine's default_hugepagesz). */
export declare function default_huge_page_size(): number;
/** FIXTURE(hmm) (and FIXTURE(hmm2): fd0 is `fd`, fd1 the second device) plus the process running it. */
export interface HmmSelf {
    readonly p: Proc;
    fd: number;
    /** hmm2 only: the second device's descriptor (-1 for hmm). */
    fd1: number;
    readonly page_size: number;
    readonly page_shift: number;
    readonly variant: HmmVariant;
}
/** A TEST_F body: a module-level generator function. */
export type TestBody = (self: HmmSelf) => Sched;
/** struct hmm_buffer. */
export interface HmmBuffer {
    ptr: number;
    /** malloc'd user buffer (heap address). */
    mirror: number;
    size: number;
    fd: number;
    cpages: number;
    faults: number;
}
export declare function hmm_buffer(): HmmBuffer;
/** hmm_open(unit): open /dev/hmm_dmirror<unit>; fd or a negative value. */
export declare function hmm_open(p: Proc, unit: number): Sched<number>;
/**
 * hmm_dmirror_cmd(): run one ioctl with addr = buffer->ptr, ptr = buffer->mirror; retry on
 * EINTR; on success copy cpages and faults into the buffer. Returns 0 or -errno.
 */
export declare function hmm_dmirror_cmd(p: Proc, fd: number, request: number, buffer: HmmBuffer, npages: number): Sched<number>;
/** hmm_buffer_free(): munmap ptr (if set) for size bytes, free the mirror. */
export declare function hmm_buffer_free(p: Proc, buffer: HmmBuffer): Sched;
/** FIXTURE_TEARDOWN (close the fd or fds, each asserted 0), then the process exits. */
export declare function hmm_teardown(self: HmmSelf): Sched;
/** Set up one execution of TEST_F(hmm, <test>) or TEST_F(hmm2, <test>) on `variant`: spawns the test process. */
export declare function hmm_setup(test: string, variant: HmmVariant, body: TestBody): HmmSelf;
