/*
 * TEST_F(hmm, ...) on PMD-sized (THP) migration, the newest tests of hmm-tests.c (they need the
 * driver's MIGRATE_VMA_SELECT_COMPOUND support): migrate_anon_huge_empty, _zero, _free, _fault,
 * migrate_partial_unmap_fault, migrate_remap_fault, migrate_anon_huge_err, _zero_err, and
 * benchmark_thp_migration. Each asserts exactly what the kernel test asserts, in the same order.
 *
 * migrate_anon_huge_fault follows the newest form (hmm-selftests.md §2.6): MADV_COLLAPSE makes
 * the THP, and the private variant checks the snapshot (PRIVATE_LOCAL|WRITE|PMD) and
 * /proc/self/pagemap (swap entries, not present) of the device-private THP before faulting it
 * back.
 *
 * benchmark_thp_migration runs all of its work (every size, with and without THP, a warm-up
 * and five timed rounds each way) and asserts what the kernel test asserts: that every run
 * returns 0. Its timings are not printed: the model's time is not the machine's; `npm run
 * bench` measures the migration instead.
 */
import { MADV_COLLAPSE, MADV_FREE, MADV_HUGEPAGE, MADV_NOHUGEPAGE, MAP_ANONYMOUS, MAP_PRIVATE, MREMAP_DONTUNMAP, MREMAP_FIXED, MREMAP_MAYMOVE, PROT_READ, PROT_WRITE, } from '../../mm/constants.js';
import { PM_PRESENT, PM_SWAP } from '../../mm/pagemap.js';
import { HMM_DMIRROR_FLAG_FAIL_ALLOC, HMM_DMIRROR_FLAGS, HMM_DMIRROR_PROT_DEV_PRIVATE_LOCAL, HMM_DMIRROR_PROT_PMD, HMM_DMIRROR_PROT_WRITE, HMM_DMIRROR_SNAPSHOT } from '../../drivers/dmirror/uapi.js';
import { ASSERT_EQ, ASSERT_GE, ASSERT_NE, hmm_is_coherent_type } from './harness.js';
import { ALIGN, hmm_buffer, hmm_buffer_free, hmm_dmirror_cmd, read_pmd_pagesize, TWOMEG } from './hmm_fixture.js';
import { hmm_migrate_dev_to_sys, hmm_migrate_sys_to_dev } from './migrate.js';
import { close, expect_heap_i32, expect_i32, fill_i32, heap_bytes, load_i32, madvise, malloc, MAP_FAILED, mmap, mremap, munmap, open, pread } from './libc.js';
const ident = (i) => i;
const zero = () => 0;
const ONEKB = 1 << 10;
const ONEMEG = 1 << 20;
/** The THP idiom: mmap 2 x size, align to size, madvise the window; buffer.ptr = the window. */
function* thp_buffer(self, size, prot, advice, mirror = size) {
    const p = self.p;
    const buffer = hmm_buffer();
    buffer.fd = -1;
    buffer.size = 2 * size;
    buffer.mirror = malloc(p, mirror);
    heap_bytes(p, buffer.mirror).fill(0xff, 0, mirror);
    buffer.ptr = yield* mmap(p, 0, 2 * size, prot, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
    const map = ALIGN(buffer.ptr, size);
    if (advice !== null) {
        const ret = yield* madvise(p, map, size, advice);
        ASSERT_EQ(ret, 0, 'ret');
    }
    const old_ptr = buffer.ptr;
    buffer.ptr = map;
    return { buffer, old_ptr, map };
}
/** Migrate and check the device read `want`. */
function* migrate_checked(self, buffer, npages, size, want, rhs) {
    const ret = yield* hmm_migrate_sys_to_dev(self.p, self.fd, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    expect_heap_i32(self.p, buffer.mirror, 0, size / 4, want, rhs);
}
/** An untouched THP-sized range migrates as zero-filled device memory. */
export function* migrate_anon_huge_empty(self) {
    const size = read_pmd_pagesize();
    const { buffer, old_ptr } = yield* thp_buffer(self, size, PROT_READ, MADV_HUGEPAGE);
    const npages = size >> self.page_shift;
    yield* migrate_checked(self, buffer, npages, size, zero, '0');
    buffer.ptr = old_ptr;
    yield* hmm_buffer_free(self.p, buffer);
}
/** The huge zero page migrates as zero-filled device memory, and faults back as zeros. */
export function* migrate_anon_huge_zero(self) {
    const p = self.p;
    const size = read_pmd_pagesize();
    const { buffer, old_ptr } = yield* thp_buffer(self, size, PROT_READ, MADV_HUGEPAGE);
    const npages = size >> self.page_shift;
    // A read maps the huge zero page.
    const val = yield* load_i32(p, buffer.ptr);
    ASSERT_EQ(val, 0, 'val');
    yield* migrate_checked(self, buffer, npages, size, zero, '0');
    yield* expect_i32(p, buffer.ptr, 0, size / 4, zero, '0');
    buffer.ptr = old_ptr;
    yield* hmm_buffer_free(p, buffer);
}
/** A migrated THP can be MADV_FREEd. */
export function* migrate_anon_huge_free(self) {
    const p = self.p;
    const size = read_pmd_pagesize();
    const { buffer, old_ptr, map } = yield* thp_buffer(self, size, PROT_READ | PROT_WRITE, MADV_HUGEPAGE);
    const npages = size >> self.page_shift;
    yield* fill_i32(p, buffer.ptr, 0, size / 4, ident);
    yield* migrate_checked(self, buffer, npages, size, ident, 'i');
    const ret = yield* madvise(p, map, size, MADV_FREE);
    ASSERT_EQ(ret, 0, 'ret');
    buffer.ptr = old_ptr;
    yield* hmm_buffer_free(p, buffer);
}
/** A collapsed THP migrates whole (a device-private PMD) and faults back intact. */
export function* migrate_anon_huge_fault(self) {
    const p = self.p;
    const size = read_pmd_pagesize();
    const { buffer, old_ptr, map } = yield* thp_buffer(self, size, PROT_READ | PROT_WRITE, null);
    const npages = size >> self.page_shift;
    yield* fill_i32(p, buffer.ptr, 0, size / 4, ident);
    let ret = yield* madvise(p, map, size, MADV_COLLAPSE);
    ASSERT_EQ(ret, 0, 'ret');
    yield* migrate_checked(self, buffer, npages, size, ident, 'i');
    if (!hmm_is_coherent_type(self.variant.device_number)) {
        // The device-private THP stays PMD-mapped: every page PRIVATE_LOCAL | WRITE | PMD.
        ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_SNAPSHOT, buffer, npages);
        ASSERT_EQ(ret, 0, 'ret');
        ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
        const m = heap_bytes(p, buffer.mirror);
        const want = HMM_DMIRROR_PROT_DEV_PRIVATE_LOCAL | HMM_DMIRROR_PROT_WRITE | HMM_DMIRROR_PROT_PMD;
        for (let i = 0; i < npages; i++)
            ASSERT_EQ(m[i], want, `m[${i}]`, 'HMM_DMIRROR_PROT_DEV_PRIVATE_LOCAL | HMM_DMIRROR_PROT_WRITE | HMM_DMIRROR_PROT_PMD');
        // /proc/self/pagemap: swap entries (device-private), not present.
        const fd = yield* open(p, '/proc/self/pagemap');
        ASSERT_GE(fd, 0, 'fd');
        const ents = malloc(p, npages * 8);
        const n = yield* pread(p, fd, ents, npages * 8, (buffer.ptr / self.page_size) * 8);
        ASSERT_EQ(n, npages * 8, 'pread(fd, ...)', 'npages * sizeof(uint64_t)');
        const view = new DataView(heap_bytes(p, ents).buffer, heap_bytes(p, ents).byteOffset, npages * 8);
        for (let i = 0; i < npages; i++) {
            const e = view.getBigUint64(i * 8, true);
            ASSERT_NE(e & PM_SWAP, 0n, `pagemap[${i}] & PM_SWAP`, '0');
            ASSERT_EQ(e & PM_PRESENT, 0n, `pagemap[${i}] & PM_PRESENT`, '0');
        }
        yield* close(p, fd);
    }
    yield* expect_i32(p, buffer.ptr, 0, size / 4, ident, 'i');
    buffer.ptr = old_ptr;
    yield* hmm_buffer_free(p, buffer);
}
/** Migrate, unmap part of the (device) THP, fault the rest back: 3 offsets x THP or not. */
export function* migrate_partial_unmap_fault(self) {
    const p = self.p;
    const size = read_pmd_pagesize() || TWOMEG;
    const offsets = [0, 512 * ONEKB, ONEMEG];
    for (let use_thp = 0; use_thp < 2; ++use_thp) {
        for (const off of offsets) {
            const { buffer, old_ptr } = yield* thp_buffer(self, size, PROT_READ | PROT_WRITE, use_thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
            const npages = size >> self.page_shift;
            yield* fill_i32(p, buffer.ptr, 0, size / 4, ident);
            yield* migrate_checked(self, buffer, npages, size, ident, 'i');
            yield* munmap(p, buffer.ptr + off, ONEMEG);
            // Every int outside the unmapped window faults back intact.
            yield* expect_i32(p, buffer.ptr, 0, off / 4, ident, 'i');
            yield* expect_i32(p, buffer.ptr, (off + ONEMEG) / 4, size / 4, ident, 'i');
            buffer.ptr = old_ptr;
            yield* hmm_buffer_free(p, buffer);
        }
    }
}
/** mremap before or after migration, to aligned and unaligned targets, with and without DONTUNMAP. */
export function* migrate_remap_fault(self) {
    const p = self.p;
    const size = read_pmd_pagesize() || TWOMEG;
    const offsets = [0, 512 * ONEKB, ONEMEG];
    for (let before = 0; before < 2; ++before) {
        for (let dont_unmap = 0; dont_unmap < 2; ++dont_unmap) {
            for (let use_thp = 0; use_thp < 2; ++use_thp) {
                for (const off of offsets) {
                    let flags = MREMAP_MAYMOVE | MREMAP_FIXED;
                    if (dont_unmap)
                        flags |= MREMAP_DONTUNMAP;
                    const buffer = hmm_buffer();
                    buffer.fd = -1;
                    buffer.size = 8 * size;
                    buffer.mirror = malloc(p, size);
                    heap_bytes(p, buffer.mirror).fill(0xff, 0, size);
                    buffer.ptr = yield* mmap(p, 0, buffer.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
                    ASSERT_NE(buffer.ptr, MAP_FAILED, 'buffer->ptr', 'MAP_FAILED');
                    const npages = size >> self.page_shift;
                    const map = ALIGN(buffer.ptr, size);
                    const ret = yield* madvise(p, map, size, use_thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
                    ASSERT_EQ(ret, 0, 'ret');
                    const old_ptr = buffer.ptr;
                    yield* munmap(p, map + size, size * 2);
                    buffer.ptr = map;
                    yield* fill_i32(p, buffer.ptr, 0, size / 4, ident);
                    let new_ptr = 0;
                    if (before) {
                        new_ptr = yield* mremap(p, map, size, size, flags, map + size + off);
                        ASSERT_NE(new_ptr, MAP_FAILED, 'new_ptr', 'MAP_FAILED');
                        buffer.ptr = new_ptr;
                    }
                    yield* migrate_checked(self, buffer, npages, size, ident, 'i');
                    if (!before) {
                        new_ptr = yield* mremap(p, map, size, size, flags, map + size + off);
                        ASSERT_NE(new_ptr, MAP_FAILED, 'new_ptr', 'MAP_FAILED');
                        buffer.ptr = new_ptr;
                    }
                    yield* expect_i32(p, buffer.ptr, 0, size / 4, ident, 'i');
                    yield* munmap(p, new_ptr, size);
                    buffer.ptr = old_ptr;
                    yield* hmm_buffer_free(p, buffer);
                }
            }
        }
    }
}
/** FAIL_ALLOC on the way to the device (4 KiB device pages) and on the way back (4 KiB system pages). */
export function* migrate_anon_huge_err(self) {
    const p = self.p;
    const size = read_pmd_pagesize();
    const buffer = hmm_buffer();
    buffer.fd = -1;
    buffer.size = 2 * size;
    buffer.mirror = malloc(p, 2 * size);
    heap_bytes(p, buffer.mirror).fill(0xff, 0, 2 * size);
    let old_ptr = yield* mmap(p, 0, 2 * size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
    ASSERT_NE(old_ptr, MAP_FAILED, 'old_ptr', 'MAP_FAILED');
    const npages = size >> self.page_shift;
    let map = ALIGN(old_ptr, size);
    let ret = yield* madvise(p, map, size, MADV_HUGEPAGE);
    ASSERT_EQ(ret, 0, 'ret');
    buffer.ptr = map;
    yield* fill_i32(p, buffer.ptr, 0, size / 4, ident);
    // The THP's device allocation "fails": 4 KiB device pages instead.
    ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_FLAGS, buffer, HMM_DMIRROR_FLAG_FAIL_ALLOC);
    ASSERT_EQ(ret, 0, 'ret');
    yield* migrate_checked(self, buffer, npages, size, ident, 'i');
    // One 4 KiB page back.
    ASSERT_EQ(yield* load_i32(p, buffer.ptr + 2048 * 4), 2048, 'ptr[2048]', '2048');
    // Start again with a fresh mapping.
    ret = yield* munmap(p, old_ptr, 2 * size);
    ASSERT_EQ(ret, 0, 'ret');
    old_ptr = yield* mmap(p, 0, 2 * size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
    ASSERT_NE(old_ptr, MAP_FAILED, 'old_ptr', 'MAP_FAILED');
    map = ALIGN(old_ptr, size);
    ret = yield* madvise(p, map, size, MADV_HUGEPAGE);
    ASSERT_EQ(ret, 0, 'ret');
    buffer.ptr = map;
    yield* fill_i32(p, buffer.ptr, 0, size / 4, ident);
    ret = yield* hmm_migrate_sys_to_dev(p, self.fd, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    // The THP's system allocation on the way back "fails": 4 KiB pages instead.
    ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_FLAGS, buffer, HMM_DMIRROR_FLAG_FAIL_ALLOC);
    ASSERT_EQ(ret, 0, 'ret');
    ret = yield* hmm_migrate_dev_to_sys(p, self.fd, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(yield* load_i32(p, buffer.ptr + 2048 * 4), 2048, 'ptr[2048]', '2048');
    buffer.ptr = old_ptr;
    yield* hmm_buffer_free(p, buffer);
}
/** FAIL_ALLOC while migrating the huge zero page (and an empty range). */
export function* migrate_anon_huge_zero_err(self) {
    const p = self.p;
    const size = read_pmd_pagesize();
    const buffer = hmm_buffer();
    buffer.fd = -1;
    buffer.size = 2 * size;
    buffer.mirror = malloc(p, 2 * size);
    heap_bytes(p, buffer.mirror).fill(0xff, 0, 2 * size);
    let old_ptr = yield* mmap(p, 0, 2 * size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
    ASSERT_NE(old_ptr, MAP_FAILED, 'old_ptr', 'MAP_FAILED');
    const npages = size >> self.page_shift;
    let map = ALIGN(old_ptr, size);
    let ret = yield* madvise(p, map, size, MADV_HUGEPAGE);
    ASSERT_EQ(ret, 0, 'ret');
    buffer.ptr = map;
    ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_FLAGS, buffer, HMM_DMIRROR_FLAG_FAIL_ALLOC);
    ASSERT_EQ(ret, 0, 'ret');
    yield* migrate_checked(self, buffer, npages, size, zero, '0');
    // The local pointer: page 2 of the old window.
    const ptr = buffer.ptr;
    ASSERT_EQ(yield* load_i32(p, ptr + 2048 * 4), 0, 'ptr[2048]', '0');
    ret = yield* munmap(p, old_ptr, 2 * size);
    ASSERT_EQ(ret, 0, 'ret');
    old_ptr = yield* mmap(p, 0, 2 * size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, buffer.fd, 0);
    ASSERT_NE(old_ptr, MAP_FAILED, 'old_ptr', 'MAP_FAILED');
    map = ALIGN(old_ptr, size);
    ret = yield* madvise(p, map, size, MADV_HUGEPAGE);
    ASSERT_EQ(ret, 0, 'ret');
    buffer.ptr = map;
    // The kernel test reads through the old local pointer (not refreshed after the re-mmap): it
    // relies on the new mapping landing where the old one was, as it does here too.
    ret = yield* load_i32(p, ptr);
    ASSERT_EQ(ret, 0, 'ret');
    ret = yield* hmm_dmirror_cmd(p, self.fd, HMM_DMIRROR_FLAGS, buffer, HMM_DMIRROR_FLAG_FAIL_ALLOC);
    ASSERT_EQ(ret, 0, 'ret');
    ret = yield* hmm_migrate_sys_to_dev(p, self.fd, buffer, npages);
    ASSERT_EQ(ret, 0, 'ret');
    ASSERT_EQ(buffer.cpages, npages, 'buffer->cpages', 'npages');
    yield* expect_i32(p, buffer.ptr, 0, size / 4, zero, '0');
    buffer.ptr = old_ptr;
    yield* hmm_buffer_free(p, buffer);
}
/** Buffer sizes of benchmark_thp_migration (each run with and without THP). */
export const BENCHMARK_THP_SIZES = [TWOMEG / 4, TWOMEG / 2, TWOMEG, TWOMEG * 2, TWOMEG * 4, TWOMEG * 8, TWOMEG * 128];
const BENCHMARK_ITERATIONS = 5;
/** run_migration_benchmark(): a warm-up round trip and `iterations` timed ones; 0 or the first error. */
function* run_migration_benchmark(p, fd, use_thp, buffer_size, iterations) {
    const npages = buffer_size / 4096;
    const buffer = hmm_buffer();
    buffer.fd = -1;
    buffer.size = buffer_size;
    buffer.mirror = malloc(p, buffer_size);
    heap_bytes(p, buffer.mirror).fill(0xff, 0, buffer_size);
    buffer.ptr = yield* mmap(p, 0, buffer_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buffer.ptr === 0)
        return -1;
    let ret = yield* madvise(p, buffer.ptr, buffer_size, use_thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
    if (ret)
        return ret;
    yield* fill_i32(p, buffer.ptr, 0, buffer_size / 4, (i) => i & 0xff);
    ret = yield* hmm_migrate_sys_to_dev(p, fd, buffer, npages);
    if (ret)
        return ret;
    ret = yield* hmm_migrate_dev_to_sys(p, fd, buffer, npages);
    if (ret)
        return ret;
    for (let i = 0; i < iterations; i++) {
        ret = yield* hmm_migrate_sys_to_dev(p, fd, buffer, npages);
        if (ret)
            return ret;
        ret = yield* hmm_migrate_dev_to_sys(p, fd, buffer, npages);
        if (ret)
            return ret;
    }
    yield* hmm_buffer_free(p, buffer);
    return 0;
}
/** Every size, with and without THP: every migration returns 0 (timings: npm run bench). */
export function* benchmark_thp_migration(self) {
    for (const size of BENCHMARK_THP_SIZES) {
        ASSERT_EQ(yield* run_migration_benchmark(self.p, self.fd, 1, size, BENCHMARK_ITERATIONS), 0, 'run_migration_benchmark(self->fd, 1, test_sizes[i], iterations, &thp_results)', '0');
        ASSERT_EQ(yield* run_migration_benchmark(self.p, self.fd, 0, size, BENCHMARK_ITERATIONS), 0, 'run_migration_benchmark(self->fd, 0, test_sizes[i], iterations, &regular_results)', '0');
    }
}
