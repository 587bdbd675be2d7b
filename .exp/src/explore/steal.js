/*
 * Work stealing between the workers of `explore --jobs N` (dfs, dpor).
 *
 * Every worker runs its own depth-first search over the same choice tree. Each pass (dfs: a
 * preemption bound; dpor: a pass of its bound list) has one root, which the first worker to ask
 * claims; a worker with no root left to claim waits for a donation. A busy worker looks, between
 * two executions, whether some worker waits (one shared counter: a load per execution); if so
 * it donates: the shallowest node of its stack that still has alternatives it has not tried
 * gives away half of them (at least one), the donor marks them as not its own, and the waiting
 * worker gets the choice prefix down to that node with the node's state (dfs.ts, dpor.ts
 * donate/receive). The receiver replays the prefix, whose nodes it never branches on (dpor:
 * except for backtrack points that races in its own subtree add there; dpor.ts says why that is
 * sound), and explores the donated branches' subtrees, then waits again.
 *
 * Termination: a worker that waits counts itself idle; a donor takes its receiver out of the
 * idle count before it posts the donation, so the count reaches N only when every worker waits
 * and no donation is on its way: then nothing is left anywhere and every waiter ends. A worker
 * that stops early (violation, budgets, interrupt) leaves the count idle too (`leave`), so the
 * others end; its own part is then not exhausted and the merged verdict claims nothing.
 *
 * Shared memory (one Int32Array for the whole run, `sharedLength`): [0] stop, [1] executions
 * (run.ts), then the pass-root claims, the idle and waiting counters, per worker a waiting flag,
 * a mailbox state and the donation's length, and after the integers one mailbox of bytes per
 * worker (the donation as JSON).
 */
import { interrupted } from '../kernel/index.js';
const MAX_PASSES = 64;
const CLAIMS = 2;
const IDLE = CLAIMS + MAX_PASSES;
const WAITING = IDLE + 1;
const NEXT_NODE = WAITING + 1;
const PER_WORKER = NEXT_NODE + 1;
/** Shared dpor nodes with an id: one Int32 each, a bit per thread claimed there. */
const MAX_NODES = 1 << 18;
/** Bytes of one worker's mailbox: a donation that does not fit is not made. */
const MAILBOX_BYTES = 4 << 20;
/** Int32 slots before the mailboxes. */
function intSlots(workers) {
    return PER_WORKER + 4 * workers + MAX_NODES;
}
function nodeSlot(workers, id) {
    return PER_WORKER + 4 * workers + id;
}
/** The SharedArrayBuffer of a `--jobs` run with `workers` workers. */
export function sharedBuffer(workers) {
    return new SharedArrayBuffer(4 * intSlots(workers) + workers * MAILBOX_BYTES);
}
const encoder = new TextEncoder();
const decoder = new TextDecoder();
export class SharedStealing {
    shared;
    index;
    workers;
    waitFlag;
    box;
    len;
    bytes;
    stopped = false;
    stats = { donated: 0, received: 0, bytes: 0, waitMs: 0 };
    constructor(shared, index, workers) {
        this.shared = shared;
        this.index = index;
        this.workers = workers;
        if (shared.length < intSlots(workers))
            throw new Error('work stealing: shared memory too small for the workers');
        this.waitFlag = PER_WORKER;
        this.box = PER_WORKER + workers;
        this.len = PER_WORKER + 2 * workers;
        this.bytes = new Uint8Array(shared.buffer, shared.byteOffset + 4 * intSlots(workers), workers * MAILBOX_BYTES);
    }
    claimRoot(pass) {
        if (pass >= MAX_PASSES)
            throw new Error(`work stealing: more than ${MAX_PASSES} passes`);
        return Atomics.add(this.shared, CLAIMS + pass, 1) === 0;
    }
    nodeId() {
        const id = Atomics.add(this.shared, NEXT_NODE, 1);
        return id < MAX_NODES ? id : -1;
    }
    claim(id, t) {
        // Thread numbers past 30 are not tracked: explored, possibly twice.
        if (id < 0 || t < 0 || t > 30)
            return true;
        const bit = 1 << t;
        return (Atomics.or(this.shared, nodeSlot(this.workers, id), bit) & bit) === 0;
    }
    poll(make) {
        const s = this.shared;
        if (Atomics.load(s, WAITING) === 0)
            return;
        for (let k = 1; k < this.workers; k++) {
            const w = (this.index + k) % this.workers;
            // Claim the waiting worker: no other donor can give to it now.
            if (Atomics.compareExchange(s, this.waitFlag + w, 1, 0) !== 1)
                continue;
            const d = make();
            const data = d === null ? null : encoder.encode(JSON.stringify(d));
            if (data === null || data.length > MAILBOX_BYTES) {
                Atomics.store(s, this.waitFlag + w, 1);
                return;
            }
            this.bytes.set(data, w * MAILBOX_BYTES);
            Atomics.store(s, this.len + w, data.length);
            // Out of the idle count before the donation is visible (termination, above).
            Atomics.store(s, idleFlag(this.workers, w), 0);
            Atomics.sub(s, IDLE, 1);
            Atomics.sub(s, WAITING, 1);
            Atomics.store(s, this.box + w, 1);
            Atomics.notify(s, this.box + w);
            this.stats.donated++;
            this.stats.bytes += data.length;
            return;
        }
    }
    take() {
        const s = this.shared;
        const me = this.index;
        markIdle(s, me, this.workers);
        Atomics.add(s, WAITING, 1);
        Atomics.store(s, this.waitFlag + me, 1);
        const t0 = performance.now();
        try {
            return this.wait();
        }
        finally {
            this.stats.waitMs += performance.now() - t0;
            if (process.env['HMMSIM_STEAL_DEBUG'])
                process.stderr.write(`worker ${me}: ${JSON.stringify(this.stats)}\n`);
        }
    }
    wait() {
        const s = this.shared;
        const me = this.index;
        for (;;) {
            if (Atomics.load(s, this.box + me) === 1) {
                const n = Atomics.load(s, this.len + me);
                const text = decoder.decode(this.bytes.slice(me * MAILBOX_BYTES, me * MAILBOX_BYTES + n));
                Atomics.store(s, this.box + me, 0);
                // The donor took this worker out of the idle and waiting counts.
                this.stats.received++;
                return JSON.parse(text);
            }
            if (Atomics.load(s, IDLE) >= this.workers) {
                this.wakeAll();
                return null;
            }
            if (Atomics.load(s, 0) !== 0 || interrupted()) {
                // Stop waiting: no donor can claim this worker any more.
                if (Atomics.compareExchange(s, this.waitFlag + me, 1, 0) === 1) {
                    Atomics.sub(s, WAITING, 1);
                    this.stopped = true;
                    return null;
                }
                // A donor claimed it: its donation comes at once.
            }
            Atomics.wait(s, this.box + me, 0, 20);
        }
    }
    wakeAll() {
        wakeAll(this.shared, this.workers);
    }
}
function idleFlag(workers, w) {
    return PER_WORKER + 3 * workers + w;
}
/** Count worker `w` idle, once (it waits, or is gone). */
function markIdle(s, w, workers) {
    if (Atomics.compareExchange(s, idleFlag(workers, w), 0, 1) === 0)
        Atomics.add(s, IDLE, 1);
}
function wakeAll(s, workers) {
    for (let w = 0; w < workers; w++)
        Atomics.notify(s, PER_WORKER + workers + w);
}
/**
 * Worker `w`'s explore() returned (done, stopped, or failed): it takes no more part, and the
 * others stop waiting for it.
 */
export function leaveSharing(shared, w, workers) {
    markIdle(shared, w, workers);
    wakeAll(shared, workers);
}
