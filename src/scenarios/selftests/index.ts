/*
 * The ported HMM selftests (tools/testing/selftests/mm/hmm-tests.c), in the kernel's order,
 * and the built-in scenarios of the concurrent ones (group `selftests`).
 *
 * The tests that need no device memory. Each runs in both fixture variants
 * (hmm_device_private: /dev/hmm_dmirror0, hmm_device_coherent: /dev/hmm_dmirror2); the coherent
 * one SKIPs while the model has no coherent device memory (as the kernel test does without it).
 */

import type { Scenario } from '../types.js';
import { anon_read, anon_read_multiple, anon_read_prot, anon_write, anon_write_prot, open_close } from './anon.js';
import { file_read, file_write, mixedmap } from './file.js';
import { anon_write_child, anon_write_child_shared } from './fork.js';
import type { HmmVariant, Selftest } from './harness.js';
import { hmm_setup, type TestBody } from './hmm_fixture.js';
import { anon_write_huge, anon_write_hugetlbfs, compound } from './huge.js';
import { anon_teardown_phases, anon_teardown_probe, anonTeardownScenarios } from './teardown.js';

function test(name: string, description: string, body: TestBody): Selftest {
  return {
    fixture: 'hmm',
    name,
    description,
    setup: (variant: HmmVariant) => void hmm_setup(name, variant, body),
  };
}

export const HMM_SELFTESTS: readonly Selftest[] = [
  test('open_close', 'open and close the device', open_close),
  test('anon_read', 'device read of private anonymous memory (pte_none, zero page, data): cpages N, faults 1', anon_read),
  test('anon_read_prot', 'device read of PROT_NONE memory: -EFAULT, nothing copied out', anon_read_prot),
  test('anon_write', 'device write of private anonymous memory: cpages N, faults 1', anon_write),
  test('anon_write_prot', 'device write of PROT_READ memory: -EPERM; after mprotect RW: OK', anon_write_prot),
  test('anon_write_child', 'device write in a forked child (own mirror) breaks COW in the child only', anon_write_child),
  test('anon_write_child_shared', 'device write in a forked child of MAP_SHARED memory is seen by the parent', anon_write_child_shared),
  test('anon_write_huge', 'device write of a THP', anon_write_huge),
  // With 1 GiB default huge pages the CPU fills 2^28 ints: a larger step budget.
  { ...test('anon_write_hugetlbfs', 'device write of a hugetlb page (2 MiB or, with default_hugepagesz=1G, 1 GiB)', anon_write_hugetlbfs), stepBudget: 600_000_000 },
  test('file_read', 'device read of a shared file mapping', file_read),
  test('file_write', 'device write of a shared file mapping reaches the page cache', file_write),
  test('anon_read_multiple', 'device read of fresh mappings, 10 times', anon_read_multiple),
  {
    fixture: 'hmm',
    name: 'anon_teardown',
    description: 'device read while another thread unmaps half the buffer: success means everything was read',
    setup: anon_teardown_probe,
    phases: anon_teardown_phases,
  },
  test('mixedmap', 'snapshot of the driver\'s own VM_MIXEDMAP mapping: PROT_READ', mixedmap),
  { ...test('compound', 'snapshot of a hugetlb mapping: WRITE|PMD, then READ|PMD after mprotect (fails with 1 GiB default huge pages, as the kernel test does)', compound), stepBudget: 600_000_000 },
];

export const selftestScenarios: Scenario[] = [...anonTeardownScenarios];
