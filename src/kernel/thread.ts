/*
 * Threads and time: kthread_run, explicit yields, sleeping on virtual time, jiffies.
 */

import { might_sleep } from './lockdep.js';
import { block, cur, lone_point, note, stepObserver, TState, type Sched, type Thread, type ThreadFn, type Waitable } from './sched.js';
import { visible } from './step.js';

/**
 * Start a model thread (wake_up_process of a new kthread): its own step, after which the new
 * thread may run before the caller's next operation.
 */
export function* kthread_run(name: string, fn: ThreadFn): Sched<Thread> {
  if (cur.record) note('kthread_run', name);
  if (!lone_point()) yield;
  visible('kthread_run', name);
  return cur.spawn(name, fn);
}

/** Start a thread without a scheduling point (scenario set-up). */
export function spawn(name: string, fn: ThreadFn): Thread {
  return cur.spawn(name, fn);
}

/** cond_resched()/cpu_relax() in a retry loop: let others run; switching here is not a preemption. */
export function* yield_now(): Sched {
  if (cur.record) note('yield', '');
  if (lone_point()) return;
  const t = cur.current;
  t.yielded = true;
  // Which step of another thread comes next decides when t may go on: for a dependency observer
  // this step conflicts with every step of another thread (explore/dep_keys.ts STEP).
  if (stepObserver !== null) stepObserver.access('yield', t, -1);
  // On a declared CPU the thread gives the CPU up: another thread of that CPU may run now.
  if (t.cpu >= 0 && cur.ncpus > 0) t.ceded = true;
  yield;
}

/** A marked scheduling point with no other effect (for modelling a racy window). */
export function* schedule_point(what: string): Sched {
  if (cur.record) note(what, '');
  if (!lone_point()) yield;
}

const sleeping: Waitable = { label: 'msleep timer' };

/** msleep(): sleep for `ms` of virtual time. */
export function* msleep(ms: number): Sched {
  might_sleep('msleep');
  if (cur.record) note('msleep', `${ms}ms`);
  if (!lone_point()) yield;
  block(sleeping, cur.now + ms);
  yield;
}

/** Virtual time in milliseconds since the execution started. */
export function jiffies(): number {
  return cur.now;
}

/** The running thread's name. */
export function current_name(): string {
  return cur.current.name;
}

/** Explain path only: add a line to the interleaving ("device maps 0x1000 -> pfn 7"). */
export function trace(text: string | (() => string)): void {
  if (cur.record) cur.log(typeof text === 'string' ? text : text());
}

/** A value chosen by the explorer (part of the choice stream, replayed exactly). */
export function choose(n: number): number {
  return cur.choose(n);
}

/** Wait until thread `t` has exited. */
export function* kthread_join(t: Thread): Sched {
  if (cur.record) note('kthread_join', t.name);
  if (!lone_point()) yield;
  visible('kthread_join', t);
  while (t.state !== TState.Done) {
    t.joiners.push(cur.current);
    block(t);
    yield;
    visible('kthread_join', t);
  }
}
