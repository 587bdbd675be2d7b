/*
 * Small helpers the v5.2/v5.3 HMM models need from the mm model (additive; owned by the HMM
 * work, not by the mm core).
 *
 * pre_5_4_end_context(): the notifier core of Linux <= 5.3 called ->invalidate_range_end with
 * no non-blocking section (only ->invalidate_range_start had a `blockable` flag; the
 * non_block_start() wrapping of both callbacks arrived in 5.4). v5.2's hmm_invalidate_range_end
 * takes a mutex on every call, including the OOM reaper's; the model's core applies the 5.4
 * rule, so v5.2 runs its end callback under the contract it was written against.
 */

import { cur, type Sched } from '../kernel/index.js';

export function* pre_5_4_end_context<T>(body: Sched<T>): Sched<T> {
  const t = cur.current;
  const depth = t.nonBlockDepth;
  t.nonBlockDepth = 0;
  try {
    return yield* body;
  } finally {
    t.nonBlockDepth += depth;
  }
}
