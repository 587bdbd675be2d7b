/*
 * lockdep-like checks: lock classes, the order graph of one execution, held-lock assertions
 * and the sleeping-in-atomic check.
 *
 * Dependencies are kept per lock *class* (the name given when the lock is initialised, such
 * as "hmm->lock"), as lockdep does, so an inversion is reported even in an execution that did
 * not deadlock. Taking a lock the thread already holds is reported as recursive locking.
 * Trylocks never add an edge towards the lock they take. Reports are not fatal:
 * like the kernel, the execution goes on (and may then deadlock for real).
 */
import { cur, modelStack } from './sched.js';
function callTrace() {
    return ['Call trace:', ...modelStack(8).map((f) => `  ${f}`)];
}
let state = null;
function graph() {
    if (state === null || state.exec !== cur)
        state = { exec: cur, graph: new Map(), reported: false };
    return state;
}
/** Path from `from` to `to` in the class graph, as a list of classes, or null. */
function findPath(g, from, to) {
    const seen = new Set([from]);
    const prev = new Map();
    const queue = [from];
    while (queue.length) {
        const c = queue.shift();
        if (c === to) {
            const path = [to];
            let x = to;
            while (x !== from) {
                x = prev.get(x);
                path.unshift(x);
            }
            return path;
        }
        for (const n of g.get(c)?.keys() ?? []) {
            if (!seen.has(n)) {
                seen.add(n);
                prev.set(n, c);
                queue.push(n);
            }
        }
    }
    return null;
}
/** Called when a thread starts to acquire `lock` (before it may block). */
export function lock_acquire(lock, trylock) {
    const t = cur.current;
    const held = t.held;
    if (held.length === 0 || trylock)
        return;
    const st = graph();
    if (!st.reported) {
        for (let i = 0; i < held.length; i++) {
            if (held[i].lock !== lock)
                continue;
            // The same lock again: a mutex or spinlock deadlocks on itself at once; an rwsem taken
            // for read twice deadlocks as soon as a writer queues in between.
            st.reported = true;
            cur.report('lock-order', 'WARNING: possible recursive locking detected', `possible recursive locking: ${t.name} takes ${lock.label} while holding it`, [
                `${t.name} is trying to acquire lock:`,
                `  (${lock.cls}) ${lock.label} at step ${cur.steps}`,
                'but task is already holding lock:',
                `  (${lock.cls}) ${lock.label} since step ${held[i].step}`,
                '',
                ...callTrace(),
                '',
                ' *** DEADLOCK ***',
            ], false);
            break;
        }
    }
    const g = st.graph;
    for (let i = 0; i < held.length; i++) {
        const from = held[i].lock.cls;
        const to = lock.cls;
        if (from === to)
            continue;
        let out = g.get(from);
        if (out === undefined)
            g.set(from, (out = new Map()));
        if (out.has(to))
            continue;
        // New dependency from -> to: an existing path to -> ... -> from closes a cycle.
        const back = st.reported ? null : findPath(g, to, from);
        out.set(to, { thread: t.name, step: cur.steps });
        if (back !== null) {
            st.reported = true;
            const chain = [...back, to];
            const detail = [
                `${t.name} is trying to acquire lock:`,
                `  (${to}) ${lock.label} at step ${cur.steps}`,
                'but task is already holding lock:',
                `  (${from}) ${held[i].lock.label}`,
                'which lock already depends on the new lock.',
                '',
                'the existing dependency chain (in reverse order) is:',
            ];
            for (let k = back.length - 1; k >= 1; k--) {
                const e = g.get(back[k - 1]).get(back[k]);
                detail.push(`-> #${back.length - k} (${back[k]}): taken while holding (${back[k - 1]}) by ${e.thread} at step ${e.step}`);
            }
            detail.push('', 'stack of the new dependency:', ...modelStack(8).map((f) => `  ${f}`));
            detail.push('', 'Possible unsafe locking scenario:', '', '       CPU0                    CPU1', '       ----                    ----');
            detail.push(`  lock(${from});`, `                               lock(${to});`, `                               lock(${from});`, `  lock(${to});`, '', ' *** DEADLOCK ***');
            cur.report('lock-order', 'WARNING: possible circular locking dependency detected', `possible circular locking dependency: ${chain.join(' -> ')}`, detail, false);
        }
    }
}
export function lock_acquired(t, lock, read) {
    t.held.push({ lock, read, step: cur.steps });
}
export function lock_release(t, lock) {
    const held = t.held;
    for (let i = held.length - 1; i >= 0; i--) {
        if (held[i].lock === lock) {
            // Remove in place (no splice: it allocates on this hot path).
            for (let j = i + 1; j < held.length; j++)
                held[j - 1] = held[j];
            held.pop();
            return;
        }
    }
}
export function lock_is_held(lock, t = cur.current) {
    for (const h of t.held)
        if (h.lock === lock)
            return true;
    return false;
}
/** lockdep_assert_held(): the current thread holds `lock` (in any mode). */
export function lockdep_assert_held(lock, where) {
    if (!lock_is_held(lock)) {
        cur.report('lock-not-held', `WARNING: lockdep_assert_held(${lock.cls}) failed in ${where}`, `${where} called without holding ${lock.label}`, [`${cur.current.name} holds: ${cur.current.held.map((h) => h.lock.label).join(', ') || 'nothing'}`, ...callTrace()], false);
    }
}
/** lockdep_assert_held_write(): held, and not for read. */
export function lockdep_assert_held_write(lock, where) {
    const h = cur.current.held.find((x) => x.lock === lock);
    if (!h || h.read) {
        cur.report('lock-not-held', `WARNING: lockdep_assert_held_write(${lock.cls}) failed in ${where}`, `${where} called without holding ${lock.label} for write`, [`${cur.current.name} holds: ${cur.current.held.map((x) => `${x.lock.label}${x.read ? ' (read)' : ''}`).join(', ') || 'nothing'}`, ...callTrace()], false);
    }
}
/**
 * might_sleep(): the current thread is about to sleep. Holding a spinlock, or being inside a
 * non_block_start() section (a non-blockable mmu notifier invalidation), makes that a bug.
 */
export function might_sleep(where) {
    const t = cur.current;
    if (t.atomicDepth > 0 || t.nonBlockDepth > 0 || t.rcuDepth > 0 || t.atomicContext !== '') {
        const why = t.atomicContext !== ''
            ? `in_atomic(): 1, ${t.atomicContext}`
            : t.atomicDepth > 0
                ? `in_atomic(): 1, holding ${t.held.filter((h) => isSpin(h.lock)).map((h) => h.lock.label).join(', ')}`
                : t.rcuDepth > 0
                    ? `RCU nest depth: ${t.rcuDepth}, expected: 0 (inside rcu_read_lock())`
                    : 'non_block_count: 1 (non-blockable context)';
        cur.report('sleep-in-atomic', `BUG: sleeping function called from invalid context at ${where}`, `${where} may sleep but ${t.name} is in atomic context`, [
            why,
            `thread: ${t.name}, step ${cur.steps}`,
            ...callTrace(),
        ]);
    }
}
function isSpin(l) {
    return l.spin === true;
}
/**
 * struct lockdep_map: a lock class with no lock behind it (a pseudo-lock), for dependencies
 * the kernel annotates by hand: reclaim (fs_reclaim), the mmu notifier invalidation
 * (mmu_notifier_invalidate_range_start). Acquiring one never blocks; it records the order
 * against the locks the thread holds, and while held, the locks taken under it.
 */
export class LockdepMap {
    cls;
    label;
    constructor(cls) {
        this.cls = cls;
        this.label = cls;
    }
    holders() {
        return 'a lockdep map (no holder)';
    }
}
/** lock_map_acquire(): take the pseudo-lock (exclusive, so taking it twice is recursion). */
export function lock_map_acquire(map) {
    lock_acquire(map, false);
    lock_acquired(cur.current, map, false);
}
/** lock_map_release(). */
export function lock_map_release(map) {
    lock_release(cur.current, map);
}
/** non_block_start()/non_block_end(): the OOM reaper's "must not sleep" section. */
export function non_block_start() {
    cur.current.nonBlockDepth++;
}
export function non_block_end() {
    cur.current.nonBlockDepth--;
}
