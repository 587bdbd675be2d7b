/*
 * Shrinking a found violation: a shorter, simpler schedule that still ends in the same report
 * (same kind, same title: the title names the function where it happened). Order of merit:
 * fewest preemptions, then fewest steps, then fewest context switches.
 *
 * A candidate is a choice stream replayed leniently: each recorded choice is followed while it
 * is possible, and where it is not (the thread is not runnable, a value is out of range, the
 * stream ran out) the non-preemptive default is taken (keep running the last thread; after it
 * blocks, exits or yields, the next thread round-robin; value 0). The choices actually made are
 * the candidate's new stream, so every accepted candidate is an exact replay token.
 *
 * Candidates, repeated until none improves or the budget is spent (delta debugging over the
 * choice stream): cut the stream after each prefix (the rest runs by default); undo one
 * preemption (the preempted thread keeps running); drop a chunk of decisions (halves, then
 * quarters, ... down to single decisions).
 */
import { ExplorationStop, ScenarioError } from '../kernel/index.js';
import { memory_guard } from './memory.js';
import { runExecution } from './run.js';
/** Replays a stream where it can, takes the default where it cannot, and measures the schedule. */
class LenientChooser {
    stream;
    pos = 0;
    taken = [];
    preemptions = 0;
    switches = 0;
    constructor(stream) {
        this.stream = stream;
    }
    pickThread(runnable, last, lastRunnable, freeSwitch) {
        let t = this.pos < this.stream.length ? this.stream[this.pos] : -1;
        this.pos++;
        if (!runnable.includes(t)) {
            if (lastRunnable && !freeSwitch)
                t = last;
            else {
                t = runnable[0];
                for (const r of runnable) {
                    if (r > last) {
                        t = r;
                        break;
                    }
                }
            }
        }
        if (t !== last && last >= 0) {
            this.switches++;
            if (lastRunnable && !freeSwitch)
                this.preemptions++;
        }
        this.taken.push(t);
        return t;
    }
    pickValue(n) {
        let v = this.pos < this.stream.length ? this.stream[this.pos] : 0;
        this.pos++;
        if (v >= n)
            v = 0;
        this.taken.push(v);
        return v;
    }
}
function same(a, b) {
    return a.kind === b.kind && a.title === b.title;
}
function better(a, b) {
    if (a.preemptions !== b.preemptions)
        return a.preemptions < b.preemptions;
    if (a.steps !== b.steps)
        return a.steps < b.steps;
    if (a.switches !== b.switches)
        return a.switches < b.switches;
    return a.choices.length < b.choices.length;
}
export const DEFAULT_SHRINK_BUDGET = { attempts: 400, ms: 1500 };
/**
 * Shrink the execution of `choices`, which reported `target`. Returns null when the original
 * execution cannot be measured (it does not report `target` again).
 */
export function shrink(scenario, design, stepBudget, choices, target, budget = DEFAULT_SHRINK_BUDGET) {
    const t0 = performance.now();
    let attempts = 0;
    const tryStream = (stream) => {
        attempts++;
        const ch = new LenientChooser(stream);
        let res;
        try {
            res = runExecution(scenario, design, ch, stepBudget, false, { limits: { deadline: t0 + budget.ms * 4, memory: memory_guard } });
        }
        catch (e) {
            if (e instanceof ExplorationStop || e instanceof ScenarioError)
                return null;
            throw e;
        }
        const v = res.violations.find((x) => same(x, target));
        if (v === undefined)
            return null;
        return { choices: ch.taken, steps: res.steps, preemptions: ch.preemptions, switches: ch.switches, violation: v };
    };
    const from = tryStream(choices);
    if (from === null)
        return null;
    let best = from;
    const out = () => attempts >= budget.attempts || performance.now() - t0 > budget.ms;
    const attempt = (stream) => {
        if (out())
            return false;
        const s = tryStream(stream);
        if (s !== null && better(s, best)) {
            best = s;
            return true;
        }
        return false;
    };
    let improved = true;
    while (improved && !out()) {
        improved = false;
        // 1. Cut: the shortest prefix after which the default schedule still fails.
        for (let i = 0; i < best.choices.length && !out(); i++) {
            if (attempt(best.choices.slice(0, i))) {
                improved = true;
                break;
            }
        }
        if (improved)
            continue;
        // 2. Undo one preemption: find decisions whose thread differs from the one before.
        const c = best.choices;
        for (let i = 1; i < c.length && !out(); i++) {
            if (c[i] === c[i - 1])
                continue;
            const cand = c.slice();
            cand[i] = c[i - 1];
            if (attempt(cand)) {
                improved = true;
                break;
            }
        }
        if (improved)
            continue;
        // 3. Drop chunks of decisions, large first.
        for (let size = Math.max(1, best.choices.length >> 1); size >= 1 && !improved && !out(); size >>= 1) {
            for (let i = 0; i + size <= best.choices.length && !out(); i += size) {
                const cand = [...best.choices.slice(0, i), ...best.choices.slice(i + size)];
                if (attempt(cand)) {
                    improved = true;
                    break;
                }
            }
        }
    }
    return { from, to: best, attempts };
}
