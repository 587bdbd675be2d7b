/*
 * Driver callbacks called by the model (mmu notifier ops, work functions, fence and RCU
 * callbacks that may sleep): what one returns must be a generator, since the model runs it
 * with `yield*`. A callback written as a plain function (returning a boolean, a number, a
 * promise) is a mistake in the scenario, not a finding: a one-line ScenarioError naming the
 * callback and where it was defined.
 */
import { ScenarioError } from './report.js';
import { function_location } from './source_location.js';
/** `r`, the value callback `fn` returned, as a Sched; a ScenarioError when it is not a generator. */
export function callback_sched(r, what, fn = null) {
    if (r !== null && typeof r === 'object' && typeof r.next === 'function' && typeof r[Symbol.iterator] === 'function')
        return r;
    const at = fn !== null ? function_location(fn) : null;
    const got = r !== null && typeof r === 'object' && typeof r.then === 'function' ? 'a Promise (an async function?)' : r === undefined ? 'undefined' : `a ${typeof r}`;
    throw new ScenarioError(`${what}${at ? ` (defined at ${at})` : ''} is not a generator function: it returned ${got}; callbacks the model calls are written as function* and return their result`);
}
