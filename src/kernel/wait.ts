/*
 * Wait queues (completions, built on them, are in completion.ts).
 *
 * wait_event() re-checks its condition each time it is woken, as in the kernel. Timeouts are in
 * virtual milliseconds: a sleeper with a timeout only wakes by timer when every live thread is
 * blocked and its deadline is the earliest pending one (see Execution.fireTimers).
 */

import { kasan_check, type KObj } from './kasan.js';
import { might_sleep } from './lockdep.js';
import { block, cur, note, wakeAll, type Sched, type Thread, type Waitable, lone_point } from './sched.js';
import { visible } from './step.js';

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

/** Sleep until `cond()` holds. */
export function* wait_event(wq: WaitQueueHead, cond: () => boolean): Sched {
  might_sleep('wait_event');
  if (cur.record) note('wait_event', wq.label);
  if (!lone_point()) yield;
  visible('wait_event', wq);
  if (wq.owner) kasan_check(wq.owner, 'wait_event');
  const t = cur.current;
  while (!cond()) {
    wq.waiters.push(t);
    block(wq);
    yield;
    visible('wait_event', wq);
    if (wq.owner) kasan_check(wq.owner, 'wait_event');
  }
}

/**
 * Sleep until `cond()` holds or `timeoutMs` of virtual time passed. Returns 0 on timeout with
 * the condition still false, otherwise the remaining time (at least 1), as the kernel does.
 */
export function* wait_event_timeout(wq: WaitQueueHead, cond: () => boolean, timeoutMs: number): Sched<number> {
  might_sleep('wait_event_timeout');
  if (cur.record) note('wait_event_timeout', wq.label);
  if (!lone_point()) yield;
  visible('wait_event_timeout', wq);
  if (wq.owner) kasan_check(wq.owner, 'wait_event_timeout');
  const t = cur.current;
  const deadline = cur.now + timeoutMs;
  for (;;) {
    if (cond()) return Math.max(1, deadline - cur.now);
    if (cur.now >= deadline) return 0;
    wq.waiters.push(t);
    block(wq, deadline);
    yield;
    visible('wait_event_timeout', wq);
    if (wq.owner) kasan_check(wq.owner, 'wait_event_timeout');
    if (t.timedOut) return cond() ? 1 : 0;
  }
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
