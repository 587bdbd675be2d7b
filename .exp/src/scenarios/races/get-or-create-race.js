/*
 * get-or-create-race — reference/hmm-design.md §4.4 (v4 04 "Simplify hmm_get_or_create and
 * make it reliable"). The explorer picks the variant (a data choice: dfs covers both).
 *
 * Variant A, two creators (5.2 lets a range create the hmm, without mmap_sem held for write):
 *   bind    driver A registers its mirror (mmap_sem held for write): mm->hmm is NULL, it
 *           allocates an hmm...
 *   range   a range user registers a range on the same mm (5.2's hmm_range_register(range, mm,
 *           ...)): mm->hmm is still NULL, it allocates one too.
 *   Whoever installs second sees mm->hmm set, frees its copy and gets NULL: -ENOMEM for the
 *   mirror or -EFAULT for the range, although an hmm exists [5.2]. On 5.3 a range needs a
 *   registered mirror, so the range user binds a mirror first (under mmap_sem for write):
 *   creators are serialised.
 * Variant B, a dying hmm:
 *   unbind  driver A unregisters the last mirror: kref 0, hmm_free starts but has not yet
 *           cleared mm->hmm.
 *   bind    driver B registers a mirror: mm_get_hmm() finds the dying hmm (kref_get_unless_zero
 *           fails), allocates a new one, and the install check sees mm->hmm still set: it frees
 *           its copy and returns NULL -> -ENOMEM [5.2]. 5.3 looks up and installs under
 *           page_table_lock with mmap_sem held for write and overwrites a dying hmm.
 * The scenario asserts that every registration on the live process succeeds.
 * v5.2: assertion. When variant A's range user wins the install it goes on to register the
 * hmm's mmu notifier without mmap_sem held for write, which the notifier core requires (5.2's
 * mm_take_all_locks BUG_ONs on it; our core asserts it): lock-not-held in those executions.
 * And 5.2's mm_get_hmm() reads mm->hmm without a lock and only then takes its reference: when
 * the range user's last hmm_put frees the hmm (kfree at once in 5.2) between the second
 * creator's READ_ONCE and its kref_get_unless_zero, that reference is taken on freed memory
 * (reference/hmm-design.md §3.1, "the READ_ONCE can see a pointer to freed memory"; fixed by
 * §4.4, which looks mm->hmm up under page_table_lock, and §4.1's SRCU-deferred free):
 * use-after-free in those executions.
 * v5.3: clean.
 */
import { check, choose, spawn, trace } from '../../kernel/index.js';
import { PAGE_SHIFT, PAGE_SIZE, errname } from '../../mm/index.js';
import { HmmRange, hmm_range_register, hmm_range_unregister } from '../../hmm/v5.2/hmm.js';
import { device_access, device_create } from '../../drivers/device.js';
import { referenceDriver } from '../../drivers/mirror_driver.js';
import { fill_fault_range } from '../../drivers/v5/common.js';
import { clean, violation } from '../types.js';
import { page_addr, world_init } from './world.js';
function* unbind(w) {
    yield* w.drivers[0].unbind();
}
function* bind(w, name) {
    const drv = referenceDriver(w.design, device_create(name));
    const r = yield* drv.bind(w.mm);
    check(r === 0, `${name}: hmm_mirror_register failed with ${errname(r)} on a live process`);
}
/** A user of one range of the process. 5.2: a bare range; 5.3: its mirror, then a device fault. */
function* range_user(w) {
    if (w.design === 'v5.2') {
        const range = new HmmRange();
        fill_fault_range(range, page_addr(w, 0), false);
        const r = yield* hmm_range_register(range, w.mm, range.start, range.start + PAGE_SIZE, PAGE_SHIFT);
        check(r === 0, `range: hmm_range_register failed with ${errname(r)} on a live process`);
        yield* hmm_range_unregister(range);
        return;
    }
    const dev = device_create('gpu1');
    const drv = referenceDriver(w.design, dev);
    const b = yield* drv.bind(w.mm);
    check(b === 0, `gpu1: hmm_mirror_register failed with ${errname(b)} on a live process`);
    const r = yield* device_access(dev, page_addr(w, 0), false);
    check(r === 0, `gpu1: device fault failed with ${errname(r)} on a live process`);
}
function* init(design) {
    if (choose(2) === 0) {
        trace('variant A: two creators of the hmm');
        const w = yield* world_init(design, 1, 0);
        spawn('bind', () => bind(w, 'gpu0'));
        spawn('range', () => range_user(w));
    }
    else {
        trace('variant B: a registration while the previous hmm is dying');
        const w = yield* world_init(design, 1, 1);
        spawn('unbind', () => unbind(w));
        spawn('bind', () => bind(w, 'gpu1'));
    }
}
export const getOrCreateRace = {
    name: 'get-or-create-race',
    group: 'races',
    description: '§4.4 A and B: a registration fails (-ENOMEM/-EFAULT) although the process is alive and an hmm could be had',
    designs: { 'v5.2': violation('assertion', 'lock-not-held', 'use-after-free'), 'v5.3': clean() },
    setup(design) {
        spawn('init', () => init(design));
    },
};
