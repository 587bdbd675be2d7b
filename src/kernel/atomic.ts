/*
 * atomic_t and marked racy accesses (READ_ONCE / WRITE_ONCE). Each is one scheduling point,
 * placed before the access, so another thread can run between any two of them. Plain field
 * accesses in model code are atomic with the surrounding step: a racy unlocked access in the
 * kernel must be written with READ_ONCE/WRITE_ONCE here to be interleaved.
 */

import { kasan_check, type KObj } from './kasan.js';
import { cur, note, type Sched, lone_point } from './sched.js';
import { visible } from './step.js';

export class Atomic {
  readonly label: string;
  constructor(
    public v: number,
    name: string,
    readonly owner: KObj | null = null,
  ) {
    this.label = owner ? `${owner.__label}->${name}` : name;
  }
}

function* at(a: Atomic, op: string): Sched {
  if (cur.record) note(op, a.label);
  if (!lone_point()) yield;
  visible(op, a);
  if (a.owner) kasan_check(a.owner, op);
}

export function* atomic_read(a: Atomic): Sched<number> {
  yield* at(a, 'atomic_read');
  return a.v;
}
export function* atomic_set(a: Atomic, v: number): Sched {
  yield* at(a, 'atomic_set');
  a.v = v;
}
export function* atomic_inc(a: Atomic): Sched {
  yield* at(a, 'atomic_inc');
  a.v++;
}
export function* atomic_dec(a: Atomic): Sched {
  yield* at(a, 'atomic_dec');
  a.v--;
}
export function* atomic_add_return(a: Atomic, d: number): Sched<number> {
  yield* at(a, 'atomic_add_return');
  return (a.v += d);
}
export function* atomic_dec_and_test(a: Atomic): Sched<boolean> {
  if (cur.record) note('atomic_dec_and_test', a.label);
  if (!lone_point()) yield;
  // The operation's name tells the dependency relation whether the result was zero (dep_keys DEC).
  visible(a.v >= 2 ? 'atomic_dec_and_test nonzero' : 'atomic_dec_and_test', a, a.v);
  if (a.owner) kasan_check(a.owner, 'atomic_dec_and_test');
  return --a.v === 0;
}
export function* atomic_inc_not_zero(a: Atomic): Sched<boolean> {
  yield* at(a, 'atomic_inc_not_zero');
  if (a.v === 0) return false;
  a.v++;
  return true;
}
export function* atomic_cmpxchg(a: Atomic, old: number, v: number): Sched<number> {
  yield* at(a, 'atomic_cmpxchg');
  const prev = a.v;
  if (prev === old) a.v = v;
  return prev;
}

/** READ_ONCE(o->field): a racy read that is its own scheduling point. */
export function* READ_ONCE<O extends object, F extends keyof O>(o: O, field: F): Sched<O[F]> {
  if (cur.record) note('READ_ONCE', `${(o as { __label?: string }).__label ?? '?'}->${String(field)}`);
  if (!lone_point()) yield;
  visible('READ_ONCE', o);
  if ((o as { __state?: unknown }).__state !== undefined) kasan_check(o as unknown as KObj, 'READ_ONCE');
  return o[field];
}

/** WRITE_ONCE(o->field, v). */
export function* WRITE_ONCE<O extends object, F extends keyof O>(o: O, field: F, v: O[F]): Sched {
  if (cur.record) note('WRITE_ONCE', `${(o as { __label?: string }).__label ?? '?'}->${String(field)}`);
  if (!lone_point()) yield;
  visible('WRITE_ONCE', o);
  if ((o as { __state?: unknown }).__state !== undefined) kasan_check(o as unknown as KObj, 'WRITE_ONCE', 'Write');
  o[field] = v;
}
