/*
 * The ported HMM selftests (tools/testing/selftests/mm/hmm-tests.c), all 38 of the newest file
 * in its declaration order, and the built-in scenarios of the concurrent ones (group
 * `selftests`).
 *
 * TEST_F(hmm, ...) runs in the hmm fixture's two variants (hmm_device_private:
 * /dev/hmm_dmirror0, hmm_device_coherent: /dev/hmm_dmirror2); TEST_F(hmm2, ...) in hmm2's
 * (devices 0 and 1, or 2 and 3). kselftest runs them fixture by fixture, variant by variant,
 * in declaration order: 35 x 2 + 3 x 2 = 76 instances.
 */
import { anon_read, anon_read_multiple, anon_read_prot, anon_write, anon_write_prot, open_close } from './anon.js';
import { exclusive, exclusive_cow, exclusive_mprotect } from './exclusive.js';
import { file_read, file_write, mixedmap } from './file.js';
import { anon_write_child, anon_write_child_shared } from './fork.js';
import { hmm_cow_in_device, hmm_gup_test } from './gup_cow.js';
import { hmm_setup } from './hmm_fixture.js';
import { double_map, migrate_mixed, snapshot } from './hmm2.js';
import { anon_write_huge, anon_write_hugetlbfs, compound } from './huge.js';
import { migrate, migrate_fault, migrate_file_private, migrate_multiple, migrate_release, migrate_shared } from './migrate.js';
import { migrateExplorePhases, migrateExploreScenarios } from './migrate_explore.js';
import { anon_teardown_phases, anon_teardown_probe, anonTeardownScenarios } from './teardown.js';
import { benchmark_thp_migration, migrate_anon_huge_empty, migrate_anon_huge_err, migrate_anon_huge_fault, migrate_anon_huge_free, migrate_anon_huge_zero, migrate_anon_huge_zero_err, migrate_partial_unmap_fault, migrate_remap_fault, } from './thp.js';
function test(name, description, body, fixture = 'hmm') {
    return {
        fixture,
        name,
        description,
        setup: (variant) => void hmm_setup(name, variant, body),
    };
}
/** A sequential test whose concurrency is also explored (the phases run after it passed). */
function explored(name, description, body) {
    return { ...test(name, description, body), phases: (variant) => migrateExplorePhases(name, variant) };
}
// With 1 GiB default huge pages the CPU fills 2^28 ints: a larger step budget.
const HUGETLB_BUDGET = 600_000_000;
export const HMM_SELFTESTS = [
    test('open_close', 'open and close the device', open_close),
    test('anon_read', 'device read of private anonymous memory (pte_none, zero page, data): cpages N, faults 1', anon_read),
    test('anon_read_prot', 'device read of PROT_NONE memory: -EFAULT, nothing copied out', anon_read_prot),
    test('anon_write', 'device write of private anonymous memory: cpages N, faults 1', anon_write),
    test('anon_write_prot', 'device write of PROT_READ memory: -EPERM; after mprotect RW: OK', anon_write_prot),
    test('anon_write_child', 'device write in a forked child (own mirror) breaks COW in the child only; also after migrating to the device', anon_write_child),
    test('anon_write_child_shared', 'device write in a forked child of MAP_SHARED memory is seen by the parent', anon_write_child_shared),
    test('anon_write_huge', 'device write of a THP', anon_write_huge),
    { ...test('anon_write_hugetlbfs', 'device write of a hugetlb page (2 MiB or, with default_hugepagesz=1G, 1 GiB)', anon_write_hugetlbfs), stepBudget: HUGETLB_BUDGET },
    test('file_read', 'device read of a shared file mapping', file_read),
    test('file_write', 'device write of a shared file mapping reaches the page cache', file_write),
    test('migrate', 'migrate anonymous memory to device memory: cpages N, data intact', migrate),
    test('migrate_file_private', 'migrate a written private file mapping (anonymous COW copies) to device memory', migrate_file_private),
    explored('migrate_fault', 'migrate, fault half back with CPU reads, migrate the mix again (explored: CPU faults racing a migration)', migrate_fault),
    explored('migrate_release', 'migrate, RELEASE (evict all device memory), read back on the CPU (explored: eviction racing CPU faults)', migrate_release),
    test('migrate_shared', 'shared anonymous memory does not migrate: -ENOENT', migrate_shared),
    test('migrate_mixed', 'migrate a mix of PROT_NONE, hole, zero, read-only and written pages; a page on device 1 is not device 0\'s', migrate_mixed, 'hmm2'),
    explored('migrate_multiple', 'migrate to the device and back 10 times (explored: a migration racing the CPU faulting back)', migrate_multiple),
    test('anon_read_multiple', 'device read of fresh mappings, 10 times', anon_read_multiple),
    {
        fixture: 'hmm',
        name: 'anon_teardown',
        description: 'device read while another thread unmaps half the buffer: success means everything was read',
        setup: anon_teardown_probe,
        phases: anon_teardown_phases,
    },
    test('mixedmap', 'snapshot of the driver\'s own VM_MIXEDMAP mapping: PROT_READ', mixedmap),
    test('snapshot', 'snapshot of every kind of page, two of them on the two devices', snapshot, 'hmm2'),
    { ...test('compound', 'snapshot of a hugetlb mapping: WRITE|PMD, then READ|PMD after mprotect (fails with 1 GiB default huge pages, as the kernel test does)', compound), stepBudget: HUGETLB_BUDGET },
    test('double_map', 'two devices read the same memory; after it moves to device 1, device 0 reads it again', double_map, 'hmm2'),
    test('exclusive', 'device-exclusive access, taken back by CPU writes; CHECK_EXCLUSIVE finds nothing left', exclusive),
    test('exclusive_mprotect', 'device-exclusive access, then mprotect PROT_READ: a device write gets -EPERM', exclusive_mprotect),
    test('exclusive_cow', 'device-exclusive access, then fork: each process takes its copy back', exclusive_cow),
    test('hmm_gup_test', 'GUP on device pages: any GUP brings private pages back, long-term pins move coherent pages out', hmm_gup_test),
    test('hmm_cow_in_device', 'COW of device pages shared with a child: the parent ends with plain writable system pages', hmm_cow_in_device),
    test('migrate_anon_huge_empty', 'an empty THP-sized range migrates as zero-filled device memory', migrate_anon_huge_empty),
    test('migrate_anon_huge_zero', 'the huge zero page migrates as zeros and faults back as zeros', migrate_anon_huge_zero),
    test('migrate_anon_huge_free', 'a migrated THP can be MADV_FREEd', migrate_anon_huge_free),
    test('migrate_anon_huge_fault', 'a collapsed THP migrates as a device-private PMD (snapshot, pagemap) and faults back intact', migrate_anon_huge_fault),
    test('migrate_partial_unmap_fault', 'partial munmap of a migrated THP, the rest faults back intact (6 rounds)', migrate_partial_unmap_fault),
    test('migrate_remap_fault', 'mremap before or after migration, aligned or not, DONTUNMAP or not, THP or not (24 rounds)', migrate_remap_fault),
    test('migrate_anon_huge_err', 'FAIL_ALLOC: 4 KiB device pages for a THP, and 4 KiB system pages on the way back', migrate_anon_huge_err),
    test('migrate_anon_huge_zero_err', 'FAIL_ALLOC while migrating the huge zero page', migrate_anon_huge_zero_err),
    { ...test('benchmark_thp_migration', 'every size of the kernel benchmark (512 KiB to 256 MiB, THP and not), 6 round trips each: every migration returns 0', benchmark_thp_migration), stepBudget: 2_000_000_000 },
];
export const selftestScenarios = [...anonTeardownScenarios, ...migrateExploreScenarios];
