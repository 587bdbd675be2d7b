/*
 * migrate-aba — the §4.13 ABA with the most common real trigger: page migration (NUMA
 * balancing, compaction, move_pages) runs under mmap_lock for read, so it can fall entirely
 * between a device fault's page-table read and the driver's validity check.
 *
 *   gpu0     device read fault on page 0: hmm_range_fault reads the PTE -> page P.
 *   migrate  try_to_migrate: MMU_NOTIFY_CLEAR start (the driver zaps nothing yet), the PTE
 *            becomes a migration entry, end (on 5.x every range is valid again); the contents
 *            move to a new page Q, the PTE points at Q and P is freed.
 *   gpu0     takes its lock: 5.x's hmm_range_valid() is true, so the device maps P, a freed
 *            page; v6's mmu_interval_read_retry() sees the sequence move and faults again.
 * v5.2 and v5.3: device-use-after-free or stale-device-mapping. Where the fault's walk meets
 * the migration entry itself, those releases report it NONE with success (fixed in 5.4,
 * hmm-history §6) and the reference driver fails the fault with -EFAULT: the assertion that a
 * fault on live memory succeeds fails (assertion). v6: clean.
 */
import { check, spawn } from '../../kernel/index.js';
import { PAGE_SIZE, sys_migrate_pages } from '../../mm/index.js';
import { clean, violation } from '../types.js';
import { gpu_access, page_addr, world_init } from './world.js';
function* gpu0(w) {
    const r = yield* gpu_access(w, 0, 0, false);
    check(r === 0, `device read fault failed with ${r}`);
}
function* migrate(w) {
    yield* sys_migrate_pages(w.task, page_addr(w, 0), PAGE_SIZE);
}
function* init(design) {
    const w = yield* world_init(design, 1, 1);
    spawn('gpu0', () => gpu0(w));
    spawn('migrate', () => migrate(w));
}
export const migrateAba = {
    name: 'migrate-aba',
    group: 'races',
    description: '§4.13 with page migration: a whole CLEAR invalidation between the fault and the valid check',
    designs: {
        'v5.2': violation('device-use-after-free', 'stale-device-mapping', 'assertion'),
        'v5.3': violation('device-use-after-free', 'stale-device-mapping', 'assertion'),
        v6: clean(),
    },
    setup(design) {
        spawn('init', () => init(design));
    },
};
