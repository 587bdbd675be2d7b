/*
 * struct dma_resv: the fences a buffer object's users must wait for, under the reservation
 * lock (a ww_mutex in the kernel, a Mutex of class "reservation_ww_class_mutex" here), as
 * drivers/dma-buf/dma-resv.c provides.
 *
 *   dma_resv_lock / _trylock / _unlock      the reservation lock
 *   dma_resv_reserve_fences(obj, n)         make room for n fences (may fail: -ENOMEM under
 *                                           fault injection); with the lock held
 *   dma_resv_add_fence(obj, f, usage)       with the lock held and room reserved: one step
 *                                           (lockless waiters see it); takes a reference; a
 *                                           signalled fence of the same usage is replaced
 *   dma_resv_wait_timeout(obj, usage, i, t) lockless: wait for every fence of `usage` or
 *                                           stronger (KERNEL < WRITE < READ < BOOKKEEP); 0 on
 *                                           timeout, else the time left. May sleep: in a
 *                                           non-blockable notifier range (the OOM reaper's),
 *                                           under a spinlock, in an RCU section it is
 *                                           sleep-in-atomic. This is what an amdgpu/xe userptr
 *                                           invalidate callback does to wait for the GPU.
 *   dma_resv_test_signaled(obj, usage)      one lockless step
 *   dma_resv_fini(obj)                      drop the fences' references
 *
 * Checked: add_fence without the lock (lock-not-held) or without a reservation (the kernel's
 * BUG_ON, here 'bug'); fences are KObj, so a wait on a freed one is a use-after-free.
 * Simplified: no ww acquire contexts (no -EDEADLK backoff), one fence per context is not
 * tracked (every added fence is kept until signalled and replaced).
 */

import { cur, footprint, kasan_check, KObj, lockdep_assert_held, lone_point, mutex_lock, mutex_trylock, mutex_unlock, Mutex, might_sleep, note, should_failslab, visible, GFP_KERNEL, might_alloc, type Sched } from '../../kernel/index.js';
import { dma_fence_get, dma_fence_put, dma_fence_wait_timeout, type DmaFence } from './dma_fence.js';

const ENOMEM = 12;

export const DMA_RESV_USAGE_KERNEL = 0;
export const DMA_RESV_USAGE_WRITE = 1;
export const DMA_RESV_USAGE_READ = 2;
export const DMA_RESV_USAGE_BOOKKEEP = 3;
export type DmaResvUsage = 0 | 1 | 2 | 3;

export class DmaResv {
  readonly lock: Mutex;
  readonly fences: Array<{ fence: DmaFence; usage: DmaResvUsage }> = [];
  /** Slots reserved by dma_resv_reserve_fences and not used yet. */
  reserved = 0;
  readonly label: string;
  /** @param owner the buffer object the reservation object is embedded in */
  constructor(readonly owner: KObj | null = null) {
    this.lock = new Mutex('reservation_ww_class_mutex', owner);
    this.label = owner ? `${owner.__label}->resv` : 'resv';
  }
}

export function dma_resv_lock(obj: DmaResv): Sched {
  return mutex_lock(obj.lock);
}
export function dma_resv_trylock(obj: DmaResv): Sched<boolean> {
  return mutex_trylock(obj.lock);
}
export function dma_resv_unlock(obj: DmaResv): Sched {
  return mutex_unlock(obj.lock);
}
export function dma_resv_assert_held(obj: DmaResv, where = 'dma_resv_assert_held'): void {
  lockdep_assert_held(obj.lock, where);
}

/** dma_resv_reserve_fences(): 0 or -ENOMEM; the lock must be held. */
export function dma_resv_reserve_fences(obj: DmaResv, num: number): number {
  dma_resv_assert_held(obj, 'dma_resv_reserve_fences');
  might_alloc(GFP_KERNEL, 'dma_resv_reserve_fences');
  if (should_failslab('dma_resv_list', GFP_KERNEL)) return -ENOMEM;
  obj.reserved += num;
  return 0;
}

/** dma_resv_add_fence(): publish `fence` (one step, then the reference it takes is another). */
export function* dma_resv_add_fence(obj: DmaResv, fence: DmaFence, usage: DmaResvUsage): Sched {
  dma_resv_assert_held(obj, 'dma_resv_add_fence');
  if (obj.reserved <= 0) cur.report('bug', 'kernel BUG at dma_resv_add_fence: no fence slot reserved', `${obj.label}: dma_resv_add_fence without dma_resv_reserve_fences`, [`by thread ${cur.current.name} at step ${cur.steps}`]);
  yield* dma_fence_get(fence);
  if (cur.record) note('dma_resv_add_fence', `${obj.label} += ${fence.label}`);
  if (!lone_point()) yield;
  visible('dma_resv_add_fence', obj);
  if (obj.owner) kasan_check(obj.owner, 'dma_resv_add_fence', 'Write');
  obj.reserved--;
  let replaced: DmaFence | null = null;
  // It reads whether each fence of that usage is signalled (dma_fence_signal writes it).
  for (const e of obj.fences) if (e.usage === usage) footprint('read', e.fence);
  const i = obj.fences.findIndex((e) => e.usage === usage && e.fence.signaled);
  if (i >= 0) {
    replaced = obj.fences[i]!.fence;
    obj.fences[i] = { fence, usage };
  } else obj.fences.push({ fence, usage });
  if (replaced !== null) yield* dma_fence_put(replaced);
}

/** The unsignalled fences of `usage` or stronger, read locklessly (one step). */
function* snapshot(obj: DmaResv, usage: DmaResvUsage, op: string): Sched<DmaFence[]> {
  if (cur.record) note(op, obj.label);
  if (!lone_point()) yield;
  visible(op, obj);
  if (obj.owner) kasan_check(obj.owner, op);
  return obj.fences.filter((e) => e.usage <= usage).map((e) => e.fence);
}

/**
 * dma_resv_wait_timeout(): 0 on timeout, else the virtual ms left (>= 1). It may sleep even when
 * no fence is pending at the moment (stricter than the kernel, whose might_sleep sits in the
 * per-fence wait): a call from atomic context is found on every schedule, not only the busy ones.
 */
export function* dma_resv_wait_timeout(obj: DmaResv, usage: DmaResvUsage, intr: boolean, timeoutMs: number): Sched<number> {
  might_sleep('dma_resv_wait_timeout');
  let left = timeoutMs;
  const fences = yield* snapshot(obj, usage, 'dma_resv_wait_timeout');
  for (const f of fences) {
    const r = yield* dma_fence_wait_timeout(f, intr, left);
    if (r <= 0) return r;
    left = r;
  }
  return left === Infinity ? Infinity : Math.max(1, left);
}

/** dma_resv_test_signaled(): every fence of `usage` or stronger is signalled. */
export function* dma_resv_test_signaled(obj: DmaResv, usage: DmaResvUsage): Sched<boolean> {
  const fences = yield* snapshot(obj, usage, 'dma_resv_test_signaled');
  // In the same step: whether each is signalled (dma_fence_signal writes it).
  for (const f of fences) footprint('read', f);
  return fences.every((f) => f.signaled);
}

/** dma_resv_fini(): drop every fence reference (the object is going away). */
export function* dma_resv_fini(obj: DmaResv): Sched {
  for (const e of obj.fences.splice(0)) yield* dma_fence_put(e.fence);
}
