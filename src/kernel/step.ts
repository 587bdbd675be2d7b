/*
 * The step discipline and the model's check of it.
 *
 * A step is what one thread runs between two scheduling points. The model promises that a
 * step performs at most ONE operation another thread or the device can observe, and that the
 * scheduling point comes before it: otherwise an interleaving in which another thread runs
 * between two such operations could never be explored, and a "clean" would be a lie.
 *
 * Visible operations are: every lock acquire, release and trylock; every atomic or refcount
 * operation; every READ_ONCE/WRITE_ONCE (racy access); a wait-queue condition check and a
 * wake-up; SRCU read lock/unlock and grace-period checks; a write or lockless read of a CPU
 * page-table entry; a page reference drop that may free the page; a device page-table update
 * or a device access; interval-notifier sequence updates and reads. Accesses to data under a
 * lock that every writer of that data holds are not visible operations of their own (no other
 * thread can observe them until the lock is released, which is one).
 *
 * Every primitive that performs one calls visible(op, obj) right after its scheduling point.
 * In checking mode (on in the test suite, `HMMSIM_STEP_CHECK=1` for the CLI, off on the fast
 * path) a second visible operation in the same step of the same thread is a ModelError naming
 * both, with the model functions that performed them.
 */

import { ModelError } from './report.js';
import { cur, modelStack, stepObserver, type Execution } from './sched.js';

let checking = typeof process !== 'undefined' && process.env['HMMSIM_STEP_CHECK'] === '1';

/** Turn the step checker on or off (tests turn it on for the whole suite). */
export function set_step_check(on: boolean): void {
  checking = on;
}

export function step_check_enabled(): boolean {
  return checking;
}

interface OpRecord {
  exec: Execution | null;
  step: number;
  thread: string;
  op: string;
  obj: unknown;
  sub: number;
}

const last: OpRecord = { exec: null, step: -1, thread: '', op: '', obj: null, sub: -1 };
/** Operations checked so far (tests assert the checker saw work). */
let checkedOps = 0;

export function step_check_count(): number {
  return checkedOps;
}

function label_of(obj: unknown): string {
  if (obj === null || obj === undefined) return '';
  if (typeof obj === 'string') return obj;
  const o = obj as { label?: unknown; __label?: unknown; name?: unknown };
  if (typeof o.label === 'string') return o.label;
  if (typeof o.__label === 'string') return o.__label;
  if (typeof o.name === 'string') return o.name;
  return String(obj);
}

function describe_obj(obj: unknown, sub: number): string {
  const l = label_of(obj);
  return sub >= 0 ? `${l} 0x${sub.toString(16)}` : l;
}

/**
 * The current thread performs visible operation `op` on `obj` (a label or a labelled object;
 * `sub` an address or index inside it). Costs one branch unless the checker is on.
 */
export function visible(op: string, obj: unknown, sub = -1): void {
  if (checking) check_visible(op, obj, sub);
  if (stepObserver !== null) stepObserver.access(op, obj, sub);
}

/**
 * The current step also touches `obj` without it being an operation of its own: an RCU-protected
 * list read under SRCU while another CPU may change it, or a list changed inside the step of the
 * lock that orders the writers (readers do not take that lock). Not counted by the step checker
 * (the step's own operation is the one it names); recorded for the dependency relation, so a
 * reduction by partial order orders the step against other steps that touch `obj`.
 */
export function footprint(op: string, obj: unknown, sub = -1): void {
  if (stepObserver !== null) stepObserver.access(op, obj, sub);
}

/** The operation of footprint_any_state (explore/dependency.ts makes the step a global event). */
export const ANY_STATE = 'any state';

/**
 * The current step may touch any state: for partial-order reduction it conflicts with every
 * step of every thread. Recorded for code the model cannot see into, run inside a core step: a
 * driver callback (a dev_pagemap's page_free or folio_split) that does not declare what it
 * touches (DevPagemapOps.footprints).
 */
export function footprint_any_state(): void {
  if (stepObserver !== null) stepObserver.access(ANY_STATE, null, -1);
}

/** Is a dependency observer recording (footprints worth computing)? */
export function observing(): boolean {
  return stepObserver !== null;
}

function check_visible(op: string, obj: unknown, sub: number): void {
  const c = cur;
  if (c === null || !c.inStep) return;
  checkedOps++;
  const t = c.current;
  if (last.exec === c && last.step === c.steps && last.thread === t.name) {
    // The second operation's stack is at hand; the first one's is not kept (that would cost a
    // stack capture per operation), its name and object say which it was.
    const where = modelStack(6).join(' < ');
    throw new ModelError(
      `step discipline broken: step ${c.steps} of thread ${t.name} performs two visible operations: ` +
        `${last.op} ${describe_obj(last.obj, last.sub)}, then ${op} ${describe_obj(obj, sub)}${where ? ` (in ${where})` : ''}; ` +
        `each needs its own scheduling point`,
    );
  }
  last.exec = c;
  last.step = c.steps;
  last.thread = t.name;
  last.op = op;
  last.obj = obj;
  last.sub = sub;
}
