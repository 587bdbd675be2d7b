/*
 * The kernel release whose rules the mm core follows in this execution.
 *
 * The HMM designs model three generations, and the notifier core under them changed too:
 * lockdep's invalidation map and non_block_start() around the callbacks came in 5.4;
 * since 5.13 a failed non-blockable invalidate_range_start ends the classic notifiers that
 * started. The explorer sets the release from the design before a scenario's set-up runs
 * (src/explore/run.ts: v5.2 -> 5.2, v5.3 -> 5.3, every other design -> the newest kernel the
 * model follows); an execution that is not run by the explorer follows the newest rules.
 *
 * A release is a number, major * 100 + minor (5.13 is 513). Per execution; no locking.
 */
import { per_execution } from './exec_state.js';
export const KERNEL_5_2 = 502;
export const KERNEL_5_3 = 503;
/** lockdep's __mmu_notifier_invalidate_range_start_map, non_block_start() around callbacks, mmu_notifier_get/put/synchronize. */
export const KERNEL_5_4 = 504;
/** A failed non-blockable start calls invalidate_range_end on the classic notifiers. */
export const KERNEL_5_13 = 513;
/** The newest kernel the model follows (today's 6.x). */
export const KERNEL_LATEST = 699;
const state = per_execution('mm.release', () => ({ release: KERNEL_LATEST }));
/** Follow the rules of `release` in this execution (before any thread runs, normally). */
export function set_kernel_release(release) {
    state().release = release;
}
/**
 * An HMM model of an older release, used under a design the explorer does not know as that
 * release (a user's own design name), lowers the rules to its own from then on. Each core
 * function reads the release once, so an invalidation in flight keeps the rules it began with.
 */
export function kernel_release_at_most(release) {
    const st = state();
    if (st.release > release)
        st.release = release;
}
/** The release this execution follows. */
export function kernel_release() {
    return state().release;
}
/** True if this execution's kernel has what `release` introduced. */
export function kernel_since(release) {
    return state().release >= release;
}
/** "5.13", or "6.x" for the newest. */
export function release_name(release) {
    return release === KERNEL_LATEST ? '6.x' : `${Math.floor(release / 100)}.${release % 100}`;
}
