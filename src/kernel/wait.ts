/*
 * Wait queues (completions, built on them, are in completion.ts).
 *
 * wait_event() re-checks its condition each time it is woken, as in the kernel. Timeouts are in
 * virtual milliseconds: a sleeper with a timeout only wakes by timer when every live thread is
 * blocked and its deadline is the earliest pending one (see Execution.fireTimers).
 *
 * What a condition reads. A condition is arbitrary code, so for the dependency relation its
 * check reads every object (dep_keys.ts READS_ALL) unless the wait declares what it reads
 * (CondReads: the object and field of each value the condition depends on). A declared check
 * reads only those objects, so it commutes with steps that touch nothing of them. The
 * declaration is checked, not trusted: while a dependency observer records, every step is
 * compared against each declared wait in progress (DependencyRecorder.checkWaits), and a step
 * that changes a declared field, or the condition's value, without recording a change of a
 * declared object is a ModelError naming the wait, the field and the step.
 */

import { kasan_check, type KObj } from './kasan.js';
import { might_sleep } from './lockdep.js';
import { block, cur, note, wakeAll, type DeclaredWait, type Sched, type Thread, type Waitable, lone_point } from './sched.js';
import { footprint, observing, visible } from './step.js';

/**
 * The values a wait condition depends on, as [object, field] pairs: `() => range.valid` reads
 * [[range, 'valid']]. Every step that changes one of these fields must record a change of its
 * object (WRITE_ONCE, an atomic, a visible operation on it) or of the field alone
 * (field_changed); the recorder checks.
 */
export type CondReads = ReadonlyArray<readonly [object, string]>;

/** The dependency key of one field of an object (the check reads it with the object's key). */
export function field_key(o: object, f: string): string {
  return `field:${label_of(o)}.${f}`;
}

/**
 * The current step changes field `f` of `o`, which a declared wait condition may read: for the
 * dependency relation a change of that field alone (not of the whole object, so other readers
 * of the object are not ordered against it).
 */
export function field_changed(o: object, f: string): void {
  if (observing()) footprint('field set', field_key(o, f));
}

export class WaitQueueHead implements Waitable {
  readonly waiters: Thread[] = [];
  readonly label: string;
  constructor(
    name: string,
    readonly owner: KObj | null = null,
  ) {
    this.label = owner ? `${owner.__label}->${name}` : name;
  }
}

/** Sleep until `cond()` holds (`reads`: what it reads, see CondReads; else it reads everything). */
export function* wait_event(wq: WaitQueueHead, cond: () => boolean, reads?: CondReads): Sched {
  might_sleep('wait_event');
  if (cur.record) note('wait_event', wq.label);
  if (!lone_point()) yield;
  const t = cur.current;
  const dw = reads !== undefined && observing() ? declare_wait(t, wq, cond, reads) : null;
  try {
    check_step('wait_event', wq, reads);
    while (!cond()) {
      wq.waiters.push(t);
      block(wq);
      yield;
      check_step('wait_event', wq, reads);
    }
  } finally {
    if (dw !== null) end_wait(dw);
  }
}

/**
 * Sleep until `cond()` holds or `timeoutMs` of virtual time passed. Returns 0 on timeout with
 * the condition still false, otherwise the remaining time (at least 1), as the kernel does.
 */
export function* wait_event_timeout(wq: WaitQueueHead, cond: () => boolean, timeoutMs: number, reads?: CondReads): Sched<number> {
  might_sleep('wait_event_timeout');
  if (cur.record) note('wait_event_timeout', wq.label);
  if (!lone_point()) yield;
  const t = cur.current;
  const dw = reads !== undefined && observing() ? declare_wait(t, wq, cond, reads) : null;
  try {
    check_step('wait_event_timeout', wq, reads);
    const deadline = cur.now + timeoutMs;
    for (;;) {
      if (cond()) return Math.max(1, deadline - cur.now);
      if (cur.now >= deadline) return 0;
      wq.waiters.push(t);
      block(wq, deadline);
      yield;
      check_step('wait_event_timeout', wq, reads);
      if (t.timedOut) return cond() ? 1 : 0;
    }
  } finally {
    if (dw !== null) end_wait(dw);
  }
}

/**
 * The visible operation of a condition check: the wait queue, and what the condition reads
 * (declared objects, or everything: op 'wait_event' reads ALL in dep_keys.ts).
 */
function check_step(op: string, wq: WaitQueueHead, reads: CondReads | undefined): void {
  if (reads === undefined) visible(op, wq);
  else {
    visible('wait_check', wq);
    if (observing()) {
      for (let i = 0; i < reads.length; i++) {
        const [o, f] = reads[i]!;
        footprint('cond read', o);
        footprint('cond read', field_key(o, f));
      }
    }
  }
  if (wq.owner) kasan_check(wq.owner, op);
}

function current_value(cond: () => boolean): boolean | null {
  try {
    return cond();
  } catch {
    return null;
  }
}

function declare_wait(thread: Thread, wq: WaitQueueHead, cond: () => boolean, reads: CondReads): DeclaredWait {
  const vals: unknown[] = [];
  for (const [o, f] of reads) vals.push((o as Record<string, unknown>)[f]);
  const w: DeclaredWait = { thread, wq, cond, reads, vals, value: current_value(cond) };
  (cur.declaredWaits ??= []).push(w);
  return w;
}

function end_wait(w: DeclaredWait): void {
  const l = cur.declaredWaits;
  if (l === null) return;
  const i = l.indexOf(w);
  if (i >= 0) l.splice(i, 1);
}

/**
 * After a step: does it keep every declared wait's promise? `changed(o, f)` says whether the
 * step recorded a change of object o or of its field f. Returns a description of the first broken promise, or null.
 * Updates what each wait saw.
 */
export function check_declared_waits(waits: readonly DeclaredWait[], changed: (o: object, f: string) => boolean): string | null {
  for (const w of waits) {
    let anyChanged = false;
    for (let i = 0; i < w.reads.length; i++) {
      const [o, f] = w.reads[i]!;
      const c = changed(o, f);
      if (c) anyChanged = true;
      const v = (o as Record<string, unknown>)[f];
      if (!Object.is(v, w.vals[i])) {
        const was = w.vals[i];
        w.vals[i] = v;
        if (!c) return `${w.thread.name}'s wait on ${w.wq.label} declares reading ${label_of(o)}.${f}, which changed (${String(was)} -> ${String(v)}) in a step that recorded no change of ${label_of(o)} (WRITE_ONCE, or field_changed)`;
      }
    }
    const nv = current_value(w.cond);
    if (nv !== w.value) {
      const was = w.value;
      w.value = nv;
      if (!anyChanged && was !== null && nv !== null) {
        return `${w.thread.name}'s wait condition on ${w.wq.label} changed (${was} -> ${nv}) in a step that changed none of the objects it declares reading (${w.reads.map(([o, f]) => `${label_of(o)}.${f}`).join(', ')}): the condition reads something it does not declare`;
      }
    }
  }
  return null;
}

function label_of(o: object): string {
  const x = o as { __label?: unknown; label?: unknown; name?: unknown };
  if (typeof x.__label === 'string') return x.__label;
  if (typeof x.label === 'string') return x.label;
  if (typeof x.name === 'string') return x.name;
  return '(object)';
}

export function* wake_up_all(wq: WaitQueueHead): Sched {
  if (cur.record) note('wake_up_all', wq.label);
  if (!lone_point()) yield;
  visible('wake_up_all', wq);
  if (wq.owner) kasan_check(wq.owner, 'wake_up_all');
  wakeAll(wq.waiters, wq);
}

/** Wake without a scheduling point, for use inside another primitive's atomic step. */
export function wake_up_all_now(wq: WaitQueueHead): void {
  wakeAll(wq.waiters, wq);
}
