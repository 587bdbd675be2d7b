/*
 * struct dma_fence: a one-shot "the device finished this job" event, with references, waits
 * (with virtual-time timeouts) and callbacks, as drivers/dma-buf/dma-fence.c provides; and the
 * signalling annotations (dma_fence_begin_signalling/end_signalling) with their lockdep map.
 *
 *   dma_fence_create(name)          a fence with one reference (dma_fence_init on a kmalloc)
 *   dma_fence_signal(f)             one step: signalled; callbacks run in the signaller, in
 *                                   atomic context (the kernel runs them under fence->lock with
 *                                   interrupts off): a callback that sleeps is sleep-in-atomic
 *   dma_fence_wait(f, intr)         sleep until signalled (may sleep: in a non-blockable mmu
 *   dma_fence_wait_timeout(f, i, t) notifier range, under a spinlock, in an RCU section it is
 *                                   sleep-in-atomic); _timeout returns 0 on timeout, else the
 *                                   virtual time left (>= 1)
 *   dma_fence_add_callback          0, or -ENOENT when already signalled (the callback is not
 *                                   called then, as in the kernel)
 *   dma_fence_is_signaled           one step
 *   dma_fence_get / dma_fence_put   references (kref): the last put frees the fence; a wait,
 *                                   signal or callback on a freed fence is a use-after-free
 *
 * lockdep: a wait takes and releases "dma_fence_map"; code between dma_fence_begin_signalling
 * and _end_signalling (the path that will signal a fence: a GPU scheduler's run_job, a driver's
 * job completion) holds it. Waiting for a fence while holding a lock the signalling path takes
 * is then a circular dependency, found without the deadlock happening.
 *
 * Simplified: no fence contexts/seqno ordering, no fence arrays or chains, no deadline hints;
 * `intr` is accepted but signals never interrupt a wait; callbacks run in order of addition.
 */

import {
  cur,
  footprint,
  kasan_check,
  kfree,
  kmalloc,
  KObj,
  Kref,
  kref_get,
  kref_put,
  lock_map_acquire,
  lock_map_release,
  LockdepMap,
  lone_point,
  might_sleep,
  note,
  ScenarioError,
  trace,
  visible,
  wait_event,
  wait_event_timeout,
  WaitQueueHead,
  wake_up_all_now,
  type Sched,
} from '../../kernel/index.js';

const ENOENT = 2;
const EINVAL = 22;

/** A fence callback: called once, in the signalling thread, in atomic context. */
export type DmaFenceFunc = (fence: DmaFence, cb: DmaFenceCb) => void | Sched;

/** struct dma_fence_cb, embedded in the waiter's structure. */
export class DmaFenceCb {
  func: DmaFenceFunc | null = null;
  /** Added and not yet called or removed. */
  linked = false;
  constructor(readonly owner: KObj | null = null) {}
}

export class DmaFence extends KObj {
  readonly refcount: Kref;
  signaled = false;
  /** Negative errno set with dma_fence_set_error before signalling. */
  error = 0;
  /** Virtual time of the signal. */
  timestamp = -1;
  readonly cbs: DmaFenceCb[] = [];
  /** Where waiters sleep. */
  readonly wq: WaitQueueHead;
  constructor(readonly name: string) {
    super('dma_fence');
    this.refcount = new Kref(this);
    this.wq = new WaitQueueHead('wait', this);
  }
  get label(): string {
    return `${this.__label}(${this.name})`;
  }
}

/** lockdep's map of fence signalling critical sections. */
export const dma_fence_lockdep_map = new LockdepMap('dma_fence_map');

/** A new fence with one reference. */
export function dma_fence_create(name: string): DmaFence {
  return kmalloc(new DmaFence(name));
}

export function* dma_fence_get(f: DmaFence): Sched<DmaFence> {
  yield* kref_get(f.refcount);
  return f;
}

function* dma_fence_release(k: Kref): Sched {
  const f = k.owner as DmaFence;
  if (!f.signaled && f.cbs.some((c) => c.linked)) {
    cur.report('bug', 'WARNING: dma_fence_release: fence freed with callbacks pending', `${f.label} freed unsignalled with callbacks still added`, [], false);
  }
  kfree(f, 'dma_fence_release');
}

/** dma_fence_put(): drop a reference (null is fine); the last one frees the fence. */
export function* dma_fence_put(f: DmaFence | null): Sched {
  if (f === null) return;
  yield* kref_put(f.refcount, dma_fence_release);
}

/** dma_fence_set_error(): mark the job failed (before signalling). */
export function dma_fence_set_error(f: DmaFence, error: number): void {
  kasan_check(f, 'dma_fence_set_error', 'Write');
  // A plain store (the KASAN check records only a read): two errors set race for the last word.
  footprint('write', f);
  if (f.signaled) cur.report('warn', 'WARNING: dma_fence_set_error on a signalled fence', `${f.label}: error set after signalling`, [], false);
  f.error = error;
}

/** dma_fence_signal(): 0, or -EINVAL when already signalled. Runs the callbacks. */
export function* dma_fence_signal(f: DmaFence): Sched<number> {
  if (cur.record) note('dma_fence_signal', f.label);
  if (!lone_point()) yield;
  visible('dma_fence_signal', f);
  kasan_check(f, 'dma_fence_signal', 'Write');
  if (f.signaled) return -EINVAL;
  f.signaled = true;
  f.timestamp = cur.now;
  trace(() => `${f.label} signalled`);
  wake_up_all_now(f.wq);
  const cbs = f.cbs.splice(0);
  const t = cur.current;
  const was = t.atomicContext;
  t.atomicContext = `dma_fence callback of ${f.label} (fence->lock held, interrupts off)`;
  try {
    for (const cb of cbs) {
      if (!cb.linked) continue;
      cb.linked = false;
      if (cb.owner) kasan_check(cb.owner, 'dma_fence_signal');
      const r = cb.func!(f, cb);
      if (r !== undefined && r !== null && typeof (r as Sched).next === 'function') yield* r as Sched;
    }
  } finally {
    t.atomicContext = was;
  }
  return 0;
}

/** dma_fence_is_signaled(): one step. */
export function* dma_fence_is_signaled(f: DmaFence): Sched<boolean> {
  if (cur.record) note('dma_fence_is_signaled', f.label);
  if (!lone_point()) yield;
  visible('dma_fence_is_signaled', f);
  kasan_check(f, 'dma_fence_is_signaled');
  return f.signaled;
}

/** dma_fence_add_callback(): 0, or -ENOENT if the fence is already signalled (func is not called). */
export function* dma_fence_add_callback(f: DmaFence, cb: DmaFenceCb, func: DmaFenceFunc): Sched<number> {
  if (typeof func !== 'function') throw new ScenarioError(`dma_fence_add_callback(${f.label}): the callback must be a function, got ${typeof func}`);
  if (cur.record) note('dma_fence_add_callback', f.label);
  if (!lone_point()) yield;
  visible('dma_fence_add_callback', f);
  kasan_check(f, 'dma_fence_add_callback', 'Write');
  if (f.signaled) return -ENOENT;
  cb.func = func;
  cb.linked = true;
  f.cbs.push(cb);
  return 0;
}

/** dma_fence_remove_callback(): true if the callback was still pending (it will not be called). */
export function* dma_fence_remove_callback(f: DmaFence, cb: DmaFenceCb): Sched<boolean> {
  if (cur.record) note('dma_fence_remove_callback', f.label);
  if (!lone_point()) yield;
  visible('dma_fence_remove_callback', f);
  kasan_check(f, 'dma_fence_remove_callback', 'Write');
  const i = f.cbs.indexOf(cb);
  if (i < 0 || !cb.linked) return false;
  f.cbs.splice(i, 1);
  cb.linked = false;
  return true;
}

function might_wait(where: string): void {
  might_sleep(where);
  lock_map_acquire(dma_fence_lockdep_map);
  lock_map_release(dma_fence_lockdep_map);
}

/** dma_fence_wait_timeout(): 0 on timeout, else the virtual ms left (>= 1); -EINVAL for a negative timeout. */
export function* dma_fence_wait_timeout(f: DmaFence, intr: boolean, timeoutMs: number): Sched<number> {
  void intr;
  if (timeoutMs < 0) return -EINVAL;
  might_wait('dma_fence_wait_timeout');
  kasan_check(f, 'dma_fence_wait_timeout');
  if (timeoutMs === Infinity) {
    yield* wait_event(f.wq, () => f.signaled);
    return Infinity;
  }
  return yield* wait_event_timeout(f.wq, () => f.signaled, timeoutMs);
}

/** MAX_SCHEDULE_TIMEOUT: wait without a deadline. */
export const MAX_SCHEDULE_TIMEOUT = Infinity;

/** dma_fence_wait(): sleep until signalled; 0 (or the fence's error is not returned, as in the kernel). */
export function* dma_fence_wait(f: DmaFence, intr: boolean): Sched<number> {
  const r = yield* dma_fence_wait_timeout(f, intr, MAX_SCHEDULE_TIMEOUT);
  return r < 0 ? r : 0;
}

/** dma_fence_begin_signalling(): the caller is on a path that signals fences; returns the cookie for _end. */
export function dma_fence_begin_signalling(): boolean {
  lock_map_acquire(dma_fence_lockdep_map);
  return true;
}

export function dma_fence_end_signalling(cookie: boolean): void {
  if (cookie) lock_map_release(dma_fence_lockdep_map);
}
