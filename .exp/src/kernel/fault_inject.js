/*
 * Allocation fault injection, as the kernel's failslab (CONFIG_FAULT_INJECTION): chosen
 * allocations fail with NULL / -ENOMEM, so a driver's error paths run and what they leave
 * behind (a lock still held, a reference never dropped, an object never freed) is found by
 * the checks that run anyway (lockdep's "lock held when returning", kmemleak-like leak check,
 * refcount checks).
 *
 * Only the failable allocation APIs consult it: kmalloc_may_fail(), kvmalloc() (slab.ts),
 * xa_store()/xa_alloc()/xa_insert() (xarray.ts), dma_resv_reserve_fences(); plain kmalloc()
 * keeps never failing, as model code written before fault injection expects.
 *
 * A scenario turns it on in its set-up with failslab_setup():
 *   { fail_nth: n }        the n-th failable allocation of the execution fails (1-based), as
 *                          /proc/self/task/<tid>/fail-nth does;
 *   { explore: true }      every failable allocation is a data choice of the explorer (succeed
 *                          or fail), at most `max_failures` (default 1) failing per execution:
 *                          dfs then runs every error path, a replay token replays the one found;
 *   `sites`                only allocations at these sites (the object's type, or the name the
 *                          caller passes, e.g. "odp_range") may fail, as failslab's cache filter.
 * __GFP_NOFAIL allocations never fail. Each injected failure is logged in the explain trace.
 */
import { cur } from './sched.js';
import { trace } from './thread.js';
export const __GFP_NOFAIL = 0x8000;
export const __GFP_NOWARN = 0x2000;
function state() {
    return cur.ext.get('kernel.failslab') ?? null;
}
/** Turn fault injection on for the running execution (call in scenario set-up). */
export function failslab_setup(cfg) {
    if (cfg.fail_nth !== undefined && (!Number.isInteger(cfg.fail_nth) || cfg.fail_nth < 1))
        throw new RangeError(`failslab: fail_nth must be a positive integer, got ${cfg.fail_nth}`);
    cur.ext.set('kernel.failslab', { cfg, seen: 0, failed: 0, failures: [] });
}
/** The sites whose allocation was made to fail in the running execution. */
export function failslab_failures() {
    return state()?.failures ?? [];
}
/**
 * should_failslab(): does this allocation fail? `site` names it (the object type or the
 * caller's name). Consulted only by the failable APIs.
 */
export function should_failslab(site, gfp) {
    const st = state();
    if (st === null || (gfp & __GFP_NOFAIL) !== 0)
        return false;
    const cfg = st.cfg;
    if (cfg.sites !== undefined && !cfg.sites.includes(site))
        return false;
    st.seen++;
    let fail = false;
    if (cfg.fail_nth !== undefined)
        fail = st.seen === cfg.fail_nth;
    else if (cfg.explore && st.failed < (cfg.max_failures ?? 1))
        fail = cur.choose(2) === 1;
    if (fail) {
        st.failed++;
        st.failures.push(site);
        trace(() => `FAULT_INJECTION: forcing a failure of allocation #${st.seen} (${site})`);
    }
    return fail;
}
