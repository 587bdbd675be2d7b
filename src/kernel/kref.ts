/*
 * struct kref on top of a refcount_t: get/put are scheduling points; the release function runs
 * in the thread that dropped the last reference. Like refcount_t, addition on 0 and underflow
 * are reported (the kernel says "use-after-free" for both; we keep them apart by kind).
 */

import { kasan_check, type KObj } from './kasan.js';
import { cur, note, type Sched, lone_point } from './sched.js';
import { visible } from './step.js';

export class Kref {
  refcount = 1;
  readonly label: string;
  constructor(readonly owner: KObj) {
    this.label = `${owner.__label}->kref`;
  }
}

export function kref_init(k: Kref): void {
  k.refcount = 1;
}

export function kref_read(k: Kref): number {
  return k.refcount;
}

export function* kref_get(k: Kref): Sched {
  if (cur.record) note('kref_get', k.label);
  if (!lone_point()) yield;
  visible('kref_get', k);
  kasan_check(k.owner, 'kref_get', 'Write');
  if (k.refcount === 0) {
    cur.report('use-after-free', 'refcount_t: addition on 0; use-after-free.', `kref_get on ${k.label} whose count is 0`, [
      `kref_get of ${k.label} by thread ${cur.current.name} at step ${cur.steps}`,
    ]);
  }
  k.refcount++;
}

export function* kref_get_unless_zero(k: Kref): Sched<boolean> {
  if (cur.record) note('kref_get_unless_zero', k.label);
  if (!lone_point()) yield;
  visible('kref_get_unless_zero', k);
  kasan_check(k.owner, 'kref_get_unless_zero', 'Write');
  if (k.refcount === 0) return false;
  k.refcount++;
  return true;
}

/** Drops a reference; at zero runs `release` and returns true. */
export function* kref_put(k: Kref, release: (k: Kref) => Sched): Sched<boolean> {
  if (cur.record) note('kref_put', k.label);
  if (!lone_point()) yield;
  // The operation's name tells the dependency relation whether the count reaches zero (dep_keys DEC).
  visible(k.refcount >= 2 ? 'kref_put nonzero' : 'kref_put', k, k.refcount);
  kasan_check(k.owner, 'kref_put', 'Write');
  if (k.refcount <= 0) {
    cur.report('refcount-underflow', 'refcount_t: underflow; use-after-free.', `kref_put on ${k.label} whose count is already 0`, [
      `kref_put of ${k.label} by thread ${cur.current.name} at step ${cur.steps}`,
    ]);
  }
  if (--k.refcount === 0) {
    yield* release(k);
    return true;
  }
  return false;
}
