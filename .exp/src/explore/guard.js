/*
 * Uncontrolled nondeterminism in a scenario: a thread that uses timers, promises or I/O, reads
 * the wall clock or Math.random, or reads module-level state that changes from one execution
 * to the next. The explorer's results are only meaningful when an execution is a function of
 * its choice stream, so this is checked, as shuttle does: an execution is run again from its
 * choice stream and the two are compared decision by decision (the step of each scheduling
 * decision, the runnable threads offered, the choice made, then the outcome); the first
 * difference names the step. While such a checked execution runs, the creation of any async
 * resource (a Promise, a timer, an I/O request) inside a thread's step, and any call of
 * Math.random() or Date.now() there, is reported with the file and line that did it.
 *
 * Costs nothing on the fast path: only the executions the explorer chooses to check (the
 * first, each one that found something new, the first again at the end) run guarded.
 */
import { createHook } from 'node:async_hooks';
import { cur, js_frames, ScenarioError } from '../kernel/index.js';
/** Records every decision of an execution while forwarding to a chooser. */
export class FingerprintChooser {
    inner;
    /** Per decision: step, kind (-1 thread, -2 value), count, then the runnable ids, the choice. */
    trace = [];
    choices = [];
    constructor(inner) {
        this.inner = inner;
    }
    pickThread(runnable, last, lastRunnable, free) {
        const t = this.inner.pickThread(runnable, last, lastRunnable, free);
        this.trace.push(cur.steps, -1, runnable.length, ...runnable, t);
        this.choices.push(t);
        return t;
    }
    pickValue(n) {
        const v = this.inner.pickValue(n);
        this.trace.push(cur.steps, -2, n, v);
        this.choices.push(v);
        return v;
    }
}
/** Feeds a recorded choice stream back; running out or an impossible choice is a divergence. */
export class ReplayFingerprintChooser {
    choices;
    pos = 0;
    trace = [];
    diverged = null;
    constructor(choices) {
        this.choices = choices;
    }
    next(what) {
        if (this.pos >= this.choices.length) {
            this.diverged ??= `${what} at step ${cur.steps} that the first run did not have`;
            return null;
        }
        return this.choices[this.pos++];
    }
    pickThread(runnable) {
        const t = this.next(`a scheduling decision between threads ${names(runnable)}`);
        this.trace.push(cur.steps, -1, runnable.length, ...runnable, t ?? runnable[0]);
        if (t === null || !runnable.includes(t)) {
            if (t !== null)
                this.diverged ??= `thread ${thread_name(t)} is not runnable at step ${cur.steps} (runnable: ${names(runnable)})`;
            return runnable[0];
        }
        return t;
    }
    pickValue(n) {
        const v = this.next(`a data choice among ${n} values`);
        this.trace.push(cur.steps, -2, n, v ?? 0);
        if (v === null || v >= n)
            return 0;
        return v;
    }
    get complete() {
        return this.pos === this.choices.length;
    }
}
function thread_name(i) {
    return cur.threads[i]?.name ?? `#${i}`;
}
function names(ids) {
    return ids.map(thread_name).join(', ');
}
/**
 * Compare two decision traces; null when equal, else a description of the first difference
 * ("at step 12: first run offered gpu0, cpu0 and chose cpu0; second run offered gpu0 ...").
 */
export function trace_difference(a, b, threads) {
    const tn = (i) => threads[i] ?? `#${i}`;
    let i = 0;
    let j = 0;
    const read = (t, k) => {
        if (k >= t.length)
            return null;
        const step = t[k];
        const kind = t[k + 1];
        const n = t[k + 2];
        if (kind === -1) {
            const ids = t.slice(k + 3, k + 3 + n);
            return { end: k + 4 + n, step, text: `offered ${ids.map(tn).join(', ')} and ran ${tn(t[k + 3 + n])}` };
        }
        return { end: k + 4, step, text: `chose value ${t[k + 3]} of ${n}` };
    };
    for (;;) {
        const x = read(a, i);
        const y = read(b, j);
        if (x === null && y === null)
            return null;
        if (x === null)
            return `the first run ended before step ${y.step}, where the second ${y.text}`;
        if (y === null)
            return `the second run ended before step ${x.step}, where the first ${x.text}`;
        if (x.step !== y.step || x.text !== y.text) {
            return x.step !== y.step
                ? `the first run's next decision was at step ${x.step} (${x.text}), the second run's at step ${y.step} (${y.text})`
                : `at step ${x.step} the first run ${x.text}, the second ${y.text}`;
        }
        i = x.end;
        j = y.end;
    }
}
/** The outcome of an execution as a comparable string. */
export function outcome_of(r) {
    return [`${r.steps} steps`, ...r.violations.map((v) => `${v.kind} at step ${v.step}: ${v.message}`)].join('; ');
}
let offence = null;
let hook = null;
let depth = 0;
const realRandom = Math.random;
const realNow = Date.now;
function where(e) {
    const f = js_frames(e).find((x) => !x.file.includes('/src/explore/guard.'));
    return f ? `${f.file}:${f.line}` : 'an unknown place';
}
function offend(what) {
    const c = cur;
    if (offence !== null || c === null || !c.inStep)
        return;
    offence = { thread: c.current.name, step: c.steps, what, at: where(new Error()) };
}
const IGNORED_RESOURCES = new Set(['TickObject']);
/** Start watching (nests); each call needs a matching unguard(). */
export function guard() {
    if (depth++ > 0)
        return;
    offence = null;
    hook ??= createHook({
        init(_id, type) {
            if (!IGNORED_RESOURCES.has(type))
                offend(type === 'PROMISE' ? 'created a Promise' : `created an async resource (${type})`);
        },
    });
    hook.enable();
    Math.random = () => {
        offend('called Math.random()');
        return realRandom();
    };
    Date.now = () => {
        offend('read the wall clock (Date.now())');
        return realNow();
    };
}
export function unguard() {
    if (--depth > 0)
        return;
    hook?.disable();
    Math.random = realRandom;
    Date.now = realNow;
}
/** After a guarded step: report what the step did that the model cannot control. */
export function check_step(_t) {
    if (offence === null)
        return;
    const o = offence;
    offence = null;
    throw new ScenarioError(`uncontrolled nondeterminism: thread ${o.thread} ${o.what} at ${o.at} (step ${o.step}): model threads must not use promises, timers, I/O, the clock or Math.random; use the runtime's primitives (msleep, choose)`);
}
