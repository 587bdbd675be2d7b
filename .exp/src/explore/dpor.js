/*
 * Dynamic partial-order reduction: source-DPOR with sleep sets (Abdulla, Aronis, Jonsson and
 * Sagonas, "Source Sets", JACM 2017, Algorithm 1), stateless, over the choice tree the dfs
 * strategy walks. One execution per Mazurkiewicz trace is the goal; source sets get close
 * (extra executions end early as "sleep-set blocked": every runnable thread asleep).
 *
 * Each execution records its events and races (dependency.ts). When it ends, every race (e, e2)
 * is reversed at the node that chose e: the initials of "what could run instead" (source-DPOR's
 * I(v)) are computed from the vector clocks, and if none of them is already in the node's
 * backtrack set one is added (a thread that is not runnable there, possible only through a
 * conservative part of the model's footprint, adds every runnable thread instead: the
 * persistent-set fallback). Sleep sets: a thread explored at a node sleeps in its later
 * siblings until a step conflicting with its first step runs; a node whose runnable threads all
 * sleep ends the execution early (it is counted as blocked, not as an execution).
 *
 * Data choices (pickValue) branch over every value, as in dfs; the step that made one is never
 * put to sleep (its footprint depends on the value). No preemption bound by default; with one,
 * backtrack entries above the bound are left unexplored and the claim is a bounded one.
 */
import { ScenarioError } from '../kernel/index.js';
import { DependencyRecorder, sleep_after, footprint_from_json, footprint_to_json } from './dependency.js';
/**
 * Thrown from a scheduling decision when every runnable thread sleeps: the rest is redundant.
 * Not an Error (no stack trace to capture: it is thrown once per cut-short execution, and it
 * never reaches a user): use the two instances below.
 */
export class SleepBlocked {
    notMine;
    /** `notMine`: the execution entered a subtree another shard explores. */
    constructor(notMine = false) {
        this.notMine = notMine;
    }
    get message() {
        return this.notMine ? 'subtree of another shard' : 'sleep-set blocked';
    }
}
export const SLEEP_BLOCKED = new SleepBlocked(false);
export const NOT_MINE = new SleepBlocked(true);
const NO_SLEEP = new Map();
/** The placement of every node of an unsplit search (shared: only read). */
const NO_SPLIT = Object.freeze({ share: 0, top: false });
/** The same runnable threads as recorded (both lists ascending, as the scheduler builds them). */
function sameThreads(a, b) {
    if (a.length !== b.length)
        return false;
    for (let i = 0; i < a.length; i++)
        if (a[i] !== b[i])
            return false;
    return true;
}
export class DporStrategy {
    passes;
    split;
    name = 'dpor';
    stack = [];
    pos = 0;
    started = false;
    done = false;
    /** One recorder for every execution (reset between them), its callbacks bound once. */
    rec = this.makeRecorder();
    makeRecorder() {
        const rec = new DependencyRecorder();
        rec.onNodeStep = (node, t, f) => {
            const n = this.stack[node];
            if (n !== undefined && !n.value)
                n.sigs.set(t, f);
        };
        rec.onEvent = (t, f) => this.wake(t, f);
        rec.onStep = (t) => {
            if (this.sleep.size > 0 && this.sleep.has(t))
                throw SLEEP_BLOCKED;
        };
        return rec;
    }
    sleep = new Map();
    preemptions = 0;
    /** Some backtrack entry was left out because of the bound. */
    pruned = false;
    stats = { blocked: 0, races: 0, fallbacks: 0 };
    /** Bound of the pass in progress. */
    bound;
    pass = 0;
    /** Executions of the last pass (the one a claim rests on). */
    passExecutions = 0;
    /**
     * `passes`: the preemption bound of each pass, in order (default: a single pass with none).
     * The explorer's default is [0, 1, 2, Infinity]: bounded passes first find the bugs that
     * need few preemptions quickly (in iterative context-bounding order, as dfs does), then the
     * unbounded pass, whose exhaustion alone is the claim "every interleaving".
     */
    constructor(passes = [Infinity], split = null) {
        this.passes = passes;
        this.split = split;
        this.bound = passes[0] ?? Infinity;
    }
    /** Subtrees met so far in this pass (numbered in depth-first order). */
    frontier = 0;
    /** The execution in progress has entered a subtree (it is not in the top only). */
    inSubtree = false;
    /** The execution just finished belongs to another part: not counted, not reported. */
    discarded = false;
    /** The search state between two executions, as plain JSON (checkpoint.ts). */
    snapshot() {
        return {
            pass: this.pass,
            bound: this.bound,
            frontier: this.frontier,
            started: this.started,
            done: this.done,
            pruned: this.pruned,
            passExecutions: this.passExecutions,
            stats: this.stats,
            stack: this.stack.map((n) => n.value
                ? n
                : {
                    ...n,
                    backtrack: [...n.backtrack],
                    sleep0: [...n.sleep0].map(([t, f]) => [t, footprint_to_json(f)]),
                    sigs: [...n.sigs].map(([t, f]) => [t, f === null ? null : footprint_to_json(f)]),
                }),
        };
    }
    restore(state) {
        const st = state;
        this.pass = st.pass;
        // JSON has no Infinity.
        this.bound = st.bound ?? Infinity;
        this.frontier = st.frontier;
        this.started = st.started;
        this.done = st.done;
        this.pruned = st.pruned;
        this.passExecutions = st.passExecutions;
        Object.assign(this.stats, st.stats);
        this.stack = st.stack.map((n) => n.value
            ? { ...n }
            : {
                ...n,
                backtrack: new Set(n.backtrack),
                sleep0: new Map(n.sleep0.map(([t, f]) => [t, footprint_from_json(f)])),
                sigs: new Map(n.sigs.map(([t, f]) => [t, f === null ? null : footprint_from_json(f)])),
            });
    }
    /** A new node's share and place; at the root of a subtree that is not ours, cut short. */
    place() {
        const sp = this.split;
        if (sp === null || this.inSubtree)
            return NO_SPLIT;
        let share = 1;
        if (this.pos > 0) {
            const p = this.stack[this.pos - 1];
            let m = 1;
            if (p.value)
                m = p.n;
            else {
                m = 0;
                for (const t of p.runnable)
                    if (!p.sleep0.has(t) && p.pre + this.cost(p, t) <= this.bound)
                        m++;
            }
            share = p.share / Math.max(m, 1);
        }
        if (share * sp.subtrees > 1)
            return { share, top: true };
        this.inSubtree = true;
        if (!sp.owner.mine(this.pass, this.frontier++))
            throw NOT_MINE;
        return { share, top: false };
    }
    /** An execution that ended in the top (done or sleep-blocked) is a subtree of its own. */
    ownTop() {
        const sp = this.split;
        return sp === null || this.inSubtree || sp.owner.mine(this.pass, this.frontier++);
    }
    aboveSplit(pos) {
        return this.stack[pos]?.top === true;
    }
    /** The bound of the last pass (Infinity: the claim is every interleaving). */
    get finalBound() {
        return this.passes[this.passes.length - 1] ?? Infinity;
    }
    get exhausted() {
        return this.done && this.split?.steal?.stopped !== true;
    }
    /**
     * Work stealing: the shallowest node with alternatives still to explore here gives half of
     * them (at least one) away: the donor marks given threads done (they never sleep here: it has
     * no footprint of their step, so a later sibling is explored with fewer threads asleep, which
     * is coarser, never finer), a value node ends before the given values. The given threads stay
     * in the backtrack set, so races the donor finds later that a given thread reverses add
     * nothing: the receiver explores it.
     */
    donate() {
        const st = this.stack;
        for (let d = 0; d < st.length; d++) {
            const n = st[d];
            let given;
            if (n.value) {
                const end = n.end ?? n.n;
                if (n.idx + 1 >= end)
                    continue;
                const from = n.idx + 1 + ((end - n.idx - 1) >> 1);
                given = [from, end];
                const stack = st.slice(0, d + 1).map((m) => this.nodeJson(m));
                n.end = from;
                return { pass: this.pass, stack, given };
            }
            const open = [...n.backtrack].filter((t) => t !== n.chosen && !n.done.includes(t) && !n.sleep0.has(t) && n.pre + this.cost(n, t) <= this.bound);
            if (open.length === 0)
                continue;
            given = open.slice(open.length >> 1);
            this.share(d);
            const stack = st.slice(0, d + 1).map((m) => this.nodeJson(m));
            for (const t of given)
                n.done.push(t);
            return { pass: this.pass, stack, given };
        }
        return null;
    }
    /**
     * Nodes 0..d become shared: each gets an id, and what this worker explored or explores there
     * (its done threads, its chosen one) is claimed as its own.
     */
    share(d) {
        const ws = this.split?.steal;
        if (ws === undefined)
            return;
        for (let i = 0; i <= d; i++) {
            const m = this.stack[i];
            if (m.value || m.id !== undefined)
                continue;
            m.id = ws.nodeId();
            ws.claim(m.id, m.chosen);
            for (const t of m.done)
                ws.claim(m.id, t);
        }
    }
    nodeJson(n) {
        if (n.value)
            return { ...n };
        return {
            ...n,
            backtrack: [...n.backtrack],
            sleep0: [...n.sleep0].map(([t, f]) => [t, footprint_to_json(f)]),
            sigs: [...n.sigs].map(([t, f]) => [t, f === null ? null : footprint_to_json(f)]),
        };
    }
    /**
     * Start from a donation. Above the donating node the receiver replays the donor's choices and
     * every alternative the donor had there is marked done (the donor's: explored, being
     * explored or still to come); at the donating node every thread but the given ones likewise.
     * Races the receiver finds may add backtrack points at these nodes: it explores those itself
     * (dpor.ts, head comment: duplicates possible, nothing missed).
     */
    receive(dn) {
        this.pass = dn.pass;
        this.bound = this.passes[dn.pass];
        this.frontier = 0;
        const last = dn.stack.length - 1;
        this.stack = dn.stack.map((j, i) => {
            if (j.value) {
                if (i < last)
                    return { ...j, end: j.idx + 1 };
                return { ...j, idx: dn.given[0], end: dn.given[1] };
            }
            const n = {
                ...j,
                backtrack: new Set(j.backtrack),
                done: [...j.done],
                sleep0: j.sleep0.length === 0 ? NO_SLEEP : new Map(j.sleep0.map(([t, f]) => [t, footprint_from_json(f)])),
                sigs: new Map(j.sigs.map(([t, f]) => [t, f === null ? null : footprint_from_json(f)])),
            };
            const mine = i < last ? [] : dn.given;
            for (const t of n.backtrack)
                if (t !== n.chosen && !mine.includes(t) && !n.done.includes(t))
                    n.done.push(t);
            if (i === last) {
                // The donor's thread here is finished or in progress: done for the receiver.
                if (!n.done.includes(n.chosen))
                    n.done.push(n.chosen);
                n.chosen = -1;
            }
            return n;
        });
    }
    /**
     * Start from a donation: false when another worker already claimed every given thread (a
     * node shared before: it added them there itself); then nothing is the receiver's.
     */
    start(dn) {
        this.receive(dn);
        const n = this.stack[this.stack.length - 1];
        if (n.value)
            return true;
        const ws = this.split?.steal;
        for (const t of dn.given) {
            if (ws === undefined || n.id === undefined || ws.claim(n.id, t)) {
                n.chosen = t;
                return true;
            }
            n.done.push(t);
        }
        return false;
    }
    /** Work stealing: the next pass root nobody claimed, else a donation; false: nothing left. */
    adopt(ws) {
        for (; this.nextRoot < this.passes.length; this.nextRoot++) {
            if (ws.claimRoot(this.nextRoot)) {
                this.pass = this.nextRoot++;
                this.bound = this.passes[this.pass];
                this.stack = [];
                this.frontier = 0;
                return true;
            }
        }
        for (;;) {
            const d = ws.take();
            if (d === null)
                return false;
            if (this.start(d))
                return true;
        }
    }
    nextRoot = 0;
    /** The observer explore() installs for the execution nextExecution() prepared. */
    get observer() {
        return this.rec;
    }
    /** How far the search is: fraction of the root's explored subtrees (for progress lines). */
    progress() {
        let f = 0;
        let scale = 1;
        for (const n of this.stack) {
            const total = n.value ? n.n : Math.max(n.backtrack.size, 1);
            const doneHere = n.value ? n.idx : n.done.length;
            f += (scale * doneHere) / total;
            scale /= total;
            if (scale < 1e-9)
                break;
        }
        return Math.min(1, f);
    }
    nextExecution() {
        if (this.done)
            return false;
        const ws = this.split?.steal ?? null;
        if (ws !== null) {
            if (this.started)
                ws.poll(() => this.donate());
            if (!this.started || !this.backtrackStack()) {
                if (!this.adopt(ws)) {
                    this.done = true;
                    return false;
                }
            }
        }
        else if (this.started && !this.backtrackStack()) {
            if (this.pass + 1 >= this.passes.length) {
                this.done = true;
                return false;
            }
            this.pass++;
            this.bound = this.passes[this.pass];
            this.passExecutions = 0;
            this.pruned = false;
            this.stack = [];
            this.frontier = 0;
        }
        this.discarded = false;
        this.inSubtree = false;
        this.started = true;
        this.pos = 0;
        this.preemptions = 0;
        this.sleep = NO_SLEEP;
        this.rec.reset();
        return true;
    }
    /** The execution was cut short (every runnable thread asleep, or another shard's subtree). */
    executionBlocked(notMine = false) {
        if (!notMine && this.ownTop())
            this.stats.blocked++;
        this.finish();
    }
    executionDone() {
        if (!this.ownTop())
            this.discarded = true;
        // Work stealing mixes passes: count the last pass's executions only.
        if (!this.discarded && (this.split?.steal === undefined || this.pass === this.passes.length - 1))
            this.passExecutions++;
        this.rec.flush();
        if (this.rec.exitedCount < this.rec.spawnedCount)
            this.cutShort();
        this.finish();
    }
    /**
     * The execution ended with threads still alive (a fatal report, the step budget): the next
     * steps of the threads that could still run never became events, so their races with what
     * ran are unknown. Each of them (awake) is explored at the last choice instead of the final
     * step, where it becomes an event whose races are reversed as usual.
     */
    cutShort() {
        for (let i = Math.min(this.pos, this.stack.length) - 1; i >= 0; i--) {
            const n = this.stack[i];
            if (n.value)
                continue;
            if (!this.aboveSplit(i))
                for (const t of n.runnable)
                    if (!n.sleep0.has(t))
                        n.backtrack.add(t);
            return;
        }
    }
    finish() {
        const rec = this.rec;
        rec.flush();
        for (const race of rec.races) {
            const ni = rec.node[race.e];
            if (ni < 0 || this.aboveSplit(ni))
                continue;
            const n = this.stack[ni];
            if (n === undefined || n.value)
                continue;
            this.stats.races++;
            // Every runnable thread is already to be explored here: nothing to add.
            if (n.backtrack.size >= n.runnable.length)
                continue;
            const init = rec.initials(race);
            if (init.some((t) => n.backtrack.has(t)))
                continue;
            const ok = init.filter((t) => n.runnable.includes(t));
            if (ok.length === 0) {
                // No thread that could start the reversal is runnable at e: what makes them runnable
                // (a wake-up, a spawn, a timer that fires only when every thread sleeps) is e or
                // comes after it, so the race cannot be reversed.
                this.stats.fallbacks++;
                continue;
            }
            const awake = ok.find((t) => !n.sleep0.has(t));
            n.backtrack.add(awake ?? ok[0]);
        }
    }
    cost(n, t) {
        return n.preempt && t !== n.last ? 1 : 0;
    }
    backtrackStack() {
        const st = this.stack;
        while (st.length > 0) {
            const n = st[st.length - 1];
            if (n.value) {
                if (n.idx + 1 < (n.end ?? n.n)) {
                    n.idx++;
                    return true;
                }
            }
            else {
                if (!n.done.includes(n.chosen))
                    n.done.push(n.chosen);
                for (const t of n.backtrack) {
                    if (n.done.includes(t) || n.sleep0.has(t))
                        continue;
                    if (n.pre + this.cost(n, t) > this.bound) {
                        this.pruned = true;
                        continue;
                    }
                    if (n.id !== undefined && this.split?.steal?.claim(n.id, t) === false) {
                        // Another worker explores t here (it added t itself): done, without a footprint.
                        n.done.push(t);
                        continue;
                    }
                    n.chosen = t;
                    return true;
                }
            }
            st.pop();
        }
        return false;
    }
    /** A step of thread t with footprint f ran: threads whose next step conflicts wake up. */
    wake(t, f) {
        if (this.sleep.size === 0)
            return;
        for (const [q, g] of this.sleep) {
            const g2 = q === t ? null : sleep_after(f, g);
            if (g2 === null)
                this.sleep.delete(q);
            else if (g2 !== g)
                this.sleep.set(q, g2);
        }
    }
    enterNode(n, _pos) {
        if (n.sleep0.size === 0 && (n.done.length === 0 || (n.done.length === 1 && n.done[0] === n.chosen))) {
            // Nothing sleeps here: share one empty set (wake() only deletes).
            this.sleep = NO_SLEEP;
            this.preemptions = n.pre + this.cost(n, n.chosen);
            return;
        }
        const s = new Map(n.sleep0);
        for (const q of n.done) {
            if (q === n.chosen)
                continue;
            const g = n.sigs.get(q);
            if (g !== undefined && g !== null)
                s.set(q, g);
        }
        this.sleep = s;
        this.preemptions = n.pre + this.cost(n, n.chosen);
    }
    mismatch(what) {
        throw new ScenarioError(`uncontrolled nondeterminism: dpor replayed decision ${this.pos + 1} of an earlier execution and was offered ${what}: threads must depend only on the model (no module-level state that changes between executions, no clock, Math.random, timers or I/O)`);
    }
    pickThread(runnable, last, lastRunnable, freeSwitch) {
        this.rec.flush();
        if (this.pos < this.stack.length) {
            const n = this.stack[this.pos];
            if (n.value || !sameThreads(n.runnable, runnable))
                this.mismatch(`threads ${runnable.join(', ')}`);
            if (!n.top)
                this.inSubtree = true;
            this.enterNode(n, this.pos);
            this.rec.nodeForNextStep = this.pos++;
            return n.chosen;
        }
        const pl = this.place();
        // Nothing asleep (the common case): share the empty set and the runnable list (both only read).
        const sleep0 = this.sleep.size === 0 ? NO_SLEEP : new Map(this.sleep);
        const enabled = sleep0.size === 0 ? runnable : runnable.filter((t) => !sleep0.has(t));
        const preempt = lastRunnable && !freeSwitch;
        let chosen = -1;
        if (preempt && enabled.includes(last))
            chosen = last;
        else {
            for (const t of enabled) {
                if (t > last) {
                    chosen = t;
                    break;
                }
            }
            if (chosen < 0)
                chosen = enabled[0] ?? -1;
        }
        if (chosen < 0)
            throw SLEEP_BLOCKED;
        const n = { value: false, runnable: runnable.slice(), chosen, backtrack: new Set().add(chosen), done: [], sleep0, sigs: new Map(), pre: this.preemptions, last, preempt, share: pl.share, top: pl.top };
        if (n.pre + this.cost(n, chosen) > this.bound) {
            // Under a bound the default choice may be a preemption (the last thread asleep): take
            // the cheapest awake thread instead.
            const free = enabled.find((t) => this.cost(n, t) === 0);
            if (free === undefined)
                throw SLEEP_BLOCKED;
            n.chosen = free;
            n.backtrack = new Set([free]);
        }
        if (pl.top)
            n.backtrack = new Set(runnable);
        this.stack.push(n);
        this.enterNode(n, this.pos);
        this.rec.nodeForNextStep = this.pos++;
        return n.chosen;
    }
    pickValue(count) {
        this.rec.valueChoice();
        if (this.pos < this.stack.length) {
            const n = this.stack[this.pos];
            if (!n.value || n.n !== count)
                this.mismatch(`${count} values`);
            if (!n.top)
                this.inSubtree = true;
            this.pos++;
            return n.idx;
        }
        const pl = this.place();
        this.stack.push({ value: true, n: count, idx: 0, pre: this.preemptions, share: pl.share, top: pl.top });
        this.pos++;
        return 0;
    }
}
