/*
 * Systematic depth-first search with a preemption bound, in iterative context-bounding order
 * (CHESS): every execution with 0 preemptions, then every one with at most 1, ... up to k.
 * Counterexamples therefore come out with the fewest preemptions first.
 *
 * Stateless: an execution is replayed from the recorded prefix of choices, then extended with
 * the default choice (keep running the current thread; after an explicit yield, the next thread
 * round-robin). A preemption is a switch away from a thread that could have continued; a switch
 * after a block, an exit or an explicit yield is free. Data choices (pickValue) branch over every
 * value at no cost. When the tree at bound k is done, the bounded space is exhausted.
 *
 * Every replayed prefix is checked against what was recorded: an execution that offers other
 * threads or values at a replayed decision is not a function of its choices, and the search
 * stops with an error naming the decision instead of exploring a tree that is not there.
 */
import { ScenarioError } from '../kernel/index.js';
import { NOT_MINE } from './dpor.js';
export class DfsStrategy {
    maxBound;
    split;
    name = 'dfs';
    stack = [];
    pos = 0;
    preemptions = 0;
    started = false;
    done = false;
    /** Bound of the current iteration (iterative context bounding). */
    bound = 0;
    /**
     * Split (split.ts): the subtrees below the top of each bound's tree are numbered in
     * depth-first order; an execution entering a subtree that is not this part's is cut short at
     * its root, one that ends in the top is a subtree of its own (discarded when not this part's).
     */
    constructor(maxBound, split = null) {
        this.maxBound = maxBound;
        this.split = split;
    }
    /** Subtrees met so far in this bound. */
    frontier = 0;
    /** The execution in progress has entered a subtree (it is not in the top only). */
    inSubtree = false;
    /** The execution just finished belongs to another part: not counted, not reported. */
    discarded = false;
    snapshot() {
        return { bound: this.bound, frontier: this.frontier, started: this.started, done: this.done, stack: this.stack };
    }
    restore(st) {
        this.bound = st.bound;
        this.frontier = st.frontier;
        this.started = st.started;
        this.done = st.done;
        this.stack = st.stack.map((f) => ({ ...f }));
    }
    /** A new frame's share and place; at the root of a subtree that is not ours, cut short. */
    place() {
        const sp = this.split;
        if (sp === null)
            return { share: 1, top: false };
        if (this.inSubtree)
            return { share: 0, top: false };
        let share = 1;
        if (this.pos > 0) {
            const p = this.stack[this.pos - 1];
            let m = 0;
            for (let i = 0; i < p.order.length; i++)
                if (p.pre + p.cost[i] <= this.bound)
                    m++;
            share = p.share / Math.max(m, 1);
        }
        if (share * sp.subtrees > 1)
            return { share, top: true };
        this.inSubtree = true;
        if (!sp.owner.mine(this.bound, this.frontier++))
            throw NOT_MINE;
        return { share, top: false };
    }
    /** An execution cut short in another part's subtree. */
    executionBlocked() { }
    get exhausted() {
        return this.done && this.split?.steal?.stopped !== true;
    }
    /**
     * Work stealing: give away half (at least one) of the untried options of the shallowest frame
     * that has any; this search keeps the rest. Exact: every option is explored by one worker.
     */
    donate() {
        const st = this.stack;
        for (let d = 0; d < st.length; d++) {
            const f = st[d];
            const end = f.end ?? f.order.length;
            const open = [];
            for (let i = f.idx + 1; i < end; i++)
                if (f.pre + f.cost[i] <= this.bound)
                    open.push(i);
            if (open.length === 0)
                continue;
            const from = open[open.length >> 1];
            const frames = st.slice(0, d).map((g) => ({ ...g, end: g.idx + 1 }));
            frames.push({ ...f, idx: from, end });
            f.end = from;
            return { bound: this.bound, stack: frames };
        }
        return null;
    }
    /** Start from a donation: its prefix is replayed, its last frame's options explored. */
    receive(d) {
        this.bound = d.bound;
        this.stack = d.stack.map((f) => ({ ...f }));
        this.frontier = 0;
    }
    /** Work stealing: the next pass root nobody claimed, else a donation; false: nothing left. */
    adopt(ws) {
        for (; this.nextRoot <= this.maxBound; this.nextRoot++) {
            if (ws.claimRoot(this.nextRoot)) {
                this.bound = this.nextRoot++;
                this.stack = [];
                this.frontier = 0;
                return true;
            }
        }
        const d = ws.take();
        if (d === null)
            return false;
        this.receive(d);
        return true;
    }
    nextRoot = 0;
    nextExecution() {
        if (this.done)
            return false;
        const ws = this.split?.steal ?? null;
        if (ws !== null) {
            if (this.started)
                ws.poll(() => this.donate());
            if (!this.started || !this.backtrack()) {
                if (!this.adopt(ws)) {
                    this.done = true;
                    return false;
                }
            }
        }
        else if (this.started && !this.backtrack()) {
            if (this.bound >= this.maxBound) {
                this.done = true;
                return false;
            }
            this.bound++;
            this.stack = [];
            this.frontier = 0;
        }
        this.discarded = false;
        this.inSubtree = false;
        this.started = true;
        this.pos = 0;
        this.preemptions = 0;
        return true;
    }
    executionDone() {
        const sp = this.split;
        // An execution that ends in the top is a subtree of its own.
        if (sp !== null && !this.inSubtree && !sp.owner.mine(this.bound, this.frontier++))
            this.discarded = true;
    }
    /** Move to the next unexplored sibling, deepest first. */
    backtrack() {
        const st = this.stack;
        while (st.length > 0) {
            const f = st[st.length - 1];
            const end = f.end ?? f.order.length;
            for (let i = f.idx + 1; i < end; i++) {
                if (f.pre + f.cost[i] <= this.bound) {
                    f.idx = i;
                    return true;
                }
            }
            st.pop();
        }
        return false;
    }
    take(f) {
        this.preemptions = f.pre + f.cost[f.idx];
        return f.order[f.idx];
    }
    /**
     * Replaying the recorded prefix: the execution must offer what it offered when the frame was
     * recorded, or it is not a function of its choices (uncontrolled nondeterminism).
     */
    replay(n, runnable) {
        const f = this.stack[this.pos];
        if (f.order.length !== n || (runnable !== null && !runnable.every((t) => f.order.includes(t)))) {
            throw new ScenarioError(`uncontrolled nondeterminism: dfs replayed decision ${this.pos + 1} of an earlier execution and was offered ${runnable !== null ? `threads ${runnable.join(', ')}` : `${n} values`} instead of ${runnable !== null ? `threads ${[...f.order].sort((a, b) => a - b).join(', ')}` : `${f.order.length} values`}: threads must depend only on the model (no module-level state that changes between executions, no clock, Math.random, timers or I/O)`);
        }
        if (!f.top)
            this.inSubtree = true;
        this.pos++;
        return this.take(f);
    }
    pickThread(runnable, last, lastRunnable, freeSwitch) {
        if (this.pos < this.stack.length)
            return this.replay(runnable.length, runnable);
        const pl = this.place();
        let first;
        if (lastRunnable && !freeSwitch)
            first = last;
        else {
            // Round-robin after the last thread, so a yielding spinner lets the others run.
            first = runnable[0];
            for (const t of runnable) {
                if (t > last) {
                    first = t;
                    break;
                }
            }
        }
        const order = [first];
        for (const t of runnable)
            if (t !== first)
                order.push(t);
        const preempt = lastRunnable && !freeSwitch;
        const cost = order.map((t) => (preempt && t !== last ? 1 : 0));
        const f = { order, idx: 0, cost, pre: this.preemptions, ...pl };
        this.stack.push(f);
        this.pos++;
        return this.take(f);
    }
    pickValue(n) {
        if (this.pos < this.stack.length)
            return this.replay(n, null);
        const pl = this.place();
        const order = Array.from({ length: n }, (_, i) => i);
        const f = { order, idx: 0, cost: order.map(() => 0), pre: this.preemptions, ...pl };
        this.stack.push(f);
        this.pos++;
        return this.take(f);
    }
}
