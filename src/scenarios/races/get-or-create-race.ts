/*
 * get-or-create-race — reference/hmm-design.md §4.4 B (v4 04 "Simplify hmm_get_or_create and
 * make it reliable").
 *
 *   unbind  driver A unregisters the last mirror: kref 0, hmm_free starts but has not yet
 *           cleared mm->hmm.
 *   bind    driver B registers a mirror (mmap_sem held for write): mm_get_hmm() finds the dying
 *           hmm (kref_get_unless_zero fails), allocates a new one, and the install check sees
 *           mm->hmm still set: it frees its copy and returns NULL -> -ENOMEM, although the
 *           process is alive and an hmm could be had [5.2].
 * The scenario asserts that B's registration succeeds. v5.2: assertion. v5.3: lookup and
 * install under page_table_lock with mmap_sem held for write; a dying hmm (kref 0) in mm->hmm
 * is simply overwritten: clean.
 */

import { check, spawn, type Sched } from '../../kernel/index.js';
import { errname } from '../../mm/index.js';
import { device_create } from '../../drivers/device.js';
import { referenceDriver } from '../../drivers/mirror_driver.js';
import { clean, violation, type Scenario } from '../types.js';
import { world_init, type World } from './world.js';

function* unbind(w: World): Sched {
  yield* w.drivers[0]!.unbind();
}

function* bind(w: World): Sched {
  const drv = referenceDriver(w.design, device_create('gpu1'));
  const r = yield* drv.bind(w.mm);
  check(r === 0, `gpu1: hmm_mirror_register failed with ${errname(r)} on a live process`);
}

function* init(design: string): Sched {
  const w = yield* world_init(design, 1, 1);
  spawn('unbind', () => unbind(w));
  spawn('bind', () => bind(w));
}

export const getOrCreateRace: Scenario = {
  name: 'get-or-create-race',
  group: 'races',
  description: '§4.4: mirror registration fails with -ENOMEM while the previous hmm is dying',
  designs: { 'v5.2': violation('assertion'), 'v5.3': clean() },
  setup(design) {
    spawn('init', () => init(design));
  },
};
