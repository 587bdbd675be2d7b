/*
 * WARN_ON, BUG_ON and the scenario's own assertions. WARN reports and continues (as the
 * kernel does); BUG and a failed assertion end the execution.
 */
import { cur } from './sched.js';
export function WARN_ON(cond, what) {
    if (cond)
        cur.report('warn', `WARNING: ${what}`, `WARN_ON(${what})`, [`by thread ${cur.current.name} at step ${cur.steps}`], false);
    return cond;
}
export function BUG_ON(cond, what) {
    if (cond)
        cur.report('bug', `kernel BUG: ${what}`, `BUG_ON(${what})`, [`by thread ${cur.current.name} at step ${cur.steps}`]);
}
/** A property the scenario expects to hold; failing it is an `assertion` violation. */
export function check(cond, what) {
    if (!cond)
        cur.report('assertion', `ASSERTION FAILED: ${what}`, what, [`checked by thread ${cur.current.name} at step ${cur.steps}`]);
}
/**
 * WARN_ON_ONCE(cond, what): WARN_ON that reports only the first time its condition holds in
 * an execution (the kernel's once-per-boot; one execution is one boot here). Keyed by `what`.
 */
export function WARN_ON_ONCE(cond, what) {
    if (!cond)
        return false;
    let seen = cur.ext.get('kernel.warn_once');
    if (seen === undefined)
        cur.ext.set('kernel.warn_once', (seen = new Set()));
    if (!seen.has(what)) {
        seen.add(what);
        WARN_ON(true, what);
    }
    return true;
}
