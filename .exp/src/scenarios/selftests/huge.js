/*
 * TEST_F(hmm, ...) on huge pages: anon_write_huge (THP), anon_write_hugetlbfs and compound
 * (hugetlb, snapshot map order), with the newest file's skip conditions. The model always has
 * free hugetlb pages of the default size, which is 2 MiB unless the machine is configured with
 * 1 GiB (`hmmsim selftests --default-hugepagesz 1G`), so the "could not be allocated" SKIP
 * never triggers.
 */
import { MADV_HUGEPAGE, MAP_ANONYMOUS, MAP_HUGETLB, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../mm/constants.js';
import { HMM_DMIRROR_PROT_PMD, HMM_DMIRROR_PROT_READ, HMM_DMIRROR_PROT_WRITE, HMM_DMIRROR_SNAPSHOT, HMM_DMIRROR_WRITE } from '../../drivers/dmirror/uapi.js';
import { ASSERT_EQ, ASSERT_NE, SKIP } from './harness.js';
import { ALIGN, default_huge_page_size, hmm_buffer, hmm_buffer_free, hmm_dmirror_cmd, read_pmd_pagesize, TWOMEG } from './hmm_fixture.js';
import { expect_i32, fill_i32, free, heap_bytes, heap_i32, madvise, malloc, MAP_FAILED, mmap, mprotect, munmap } from './libc.js';
const ident = (i) => i;
/** The device writes a transparent huge page of a private anonymous mapping. */
export function* anon_write_huge(self) {
    const p = self.p;
    let size = 2 * read_pmd_pagesize();
    const buffer = hmm_buffer();
    buffer.fd = -1;
    buffer.size = size;
    buffer.mirror = malloc(p, size);
    buffer.ptr = yield* mmap(p, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
    size /= 2;
    const npages = size >> self.page_shift;
    const map = ALIGN(buffer.ptr, size);
    const r = yield* madvise(p, map, size, MADV_HUGEPAGE);
    ASSERT_EQ(r, 0, 'ret');
    const old_ptr = buffer.ptr;
    buffer.ptr = map;
    const m = heap_i32(p, buffer.mirror);
    for (let i = 0; i < size / 4; i++)
        m[i] = i;
    const ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_WRITE, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    ASSERT_EQ(buffer.faults, 1, 'buffer->faults');
    yield* expect_i32(p, buffer.ptr, 0, size / 4, ident, 'i');
    buffer.ptr = old_ptr;
    yield* hmm_buffer_free(p, buffer);
}
/** Write a hugetlbfs page. */
export function* anon_write_hugetlbfs(self) {
    const p = self.p;
    const default_hsize = default_huge_page_size();
    if (!default_hsize) {
        SKIP('the huge page size is unknown');
        return;
    }
    const size = ALIGN(TWOMEG, default_hsize);
    const npages = size >> self.page_shift;
    const buffer = hmm_buffer();
    buffer.ptr = yield* mmap(p, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
    if (buffer.ptr === MAP_FAILED) {
        SKIP('no huge page could be had from the pool');
        return;
    }
    buffer.fd = -1;
    buffer.size = size;
    buffer.mirror = malloc(p, size);
    const m = heap_i32(p, buffer.mirror);
    for (let i = 0; i < size / 4; i++)
        m[i] = i;
    const ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_WRITE, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    ASSERT_EQ(buffer.faults, 1, 'buffer->faults');
    yield* expect_i32(p, buffer.ptr, 0, size / 4, ident, 'i');
    yield* munmap(p, buffer.ptr, buffer.size);
    buffer.ptr = 0;
    yield* hmm_buffer_free(p, buffer);
}
/** Snapshot of a hugetlb mapping: every page WRITE|PMD, then READ|PMD after mprotect. */
export function* compound(self) {
    const p = self.p;
    const default_hsize = default_huge_page_size();
    if (!default_hsize) {
        SKIP('the huge page size is unknown');
        return;
    }
    const size = ALIGN(TWOMEG, default_hsize);
    const npages = size >> self.page_shift;
    const buffer = hmm_buffer();
    buffer.ptr = yield* mmap(p, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
    if (buffer.ptr === MAP_FAILED)
        return; // the kernel test returns silently here (a pass)
    buffer.size = size;
    buffer.mirror = malloc(p, npages);
    yield* fill_i32(p, buffer.ptr, 0, size / 4, ident);
    let ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_SNAPSHOT, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    // The newest file expects a PMD mapping whatever the default huge page size: on a machine
    // with 1 GiB default huge pages the snapshot says PUD and the test fails, here as there.
    let m = heap_bytes(p, buffer.mirror);
    for (let i = 0; i < npages; ++i)
        ASSERT_EQ(m[i], HMM_DMIRROR_PROT_WRITE | HMM_DMIRROR_PROT_PMD, `m[${i}]`, 'HMM_DMIRROR_PROT_WRITE | HMM_DMIRROR_PROT_PMD');
    ret = yield* mprotect(p, buffer.ptr, size, PROT_READ);
    ASSERT_EQ(ret, 0, 'ret');
    ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_SNAPSHOT, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    m = heap_bytes(p, buffer.mirror);
    for (let i = 0; i < npages; ++i)
        ASSERT_EQ(m[i], HMM_DMIRROR_PROT_READ | HMM_DMIRROR_PROT_PMD, `m[${i}]`, 'HMM_DMIRROR_PROT_READ | HMM_DMIRROR_PROT_PMD');
    yield* munmap(p, buffer.ptr, buffer.size);
    buffer.ptr = 0;
    yield* hmm_buffer_free(p, buffer);
    void free;
}
