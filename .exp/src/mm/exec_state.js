/*
 * Per-execution state of the mm model (physical memory, swap, the notifier SRCU, observers,
 * the list of live mm_structs). Every execution starts with fresh state, kept in
 * `cur.ext` under one key per owner; a one-entry cache makes the lookup cheap on fast paths.
 * Owns no model state itself; no locking (plain JS between scheduling points is atomic).
 */
import { cur } from '../kernel/index.js';
/** Returns a getter for a per-execution singleton created by `make` on first use. */
export function per_execution(key, make) {
    let lastExec = null;
    let lastVal = null;
    return () => {
        if (lastExec === cur && lastVal !== null)
            return lastVal;
        let v = cur.ext.get(key);
        if (v === undefined) {
            v = make();
            cur.ext.set(key, v);
        }
        lastExec = cur;
        lastVal = v;
        return v;
    };
}
