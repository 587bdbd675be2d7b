/*
 * KASAN-like object lifetime for model objects.
 *
 * Every model structure (struct hmm, hmm_mirror, mm_struct...) extends KObj. kmalloc() marks it
 * allocated and remembers who allocated it; kfree() marks it freed (it stays in "quarantine":
 * its fields keep their values, so a stale access is reported, not silently misbehaving).
 * Code that dereferences a pointer in the kernel calls kasan_check() (or a primitive that does)
 * with the function name, exactly where the kernel would touch the memory.
 *
 * Poison: pointer fields that the kernel poisons (LIST_POISON, hmm's POISON) hold POISON; any
 * dereference of it is a `poison-deref` report.
 */
import { GFP_KERNEL, might_alloc } from './gfp.js';
import { ScenarioError } from './report.js';
import { cur, modelStack, stepObserver } from './sched.js';
export class KObj {
    /** "hmm#1": type name plus a per-execution counter. */
    __label;
    __state = 0 /* ObjState.Static */;
    __alloc = null;
    __free = null;
    constructor(type) {
        this.__label = cur ? cur.label(type) : `${type}#0`;
    }
}
class Poison {
    __label = 'POISON';
}
/** The poison value stored in pointers that must never be used again. */
export const POISON = Object.freeze(new Poison());
export function isPoison(p) {
    return p === POISON;
}
const liveSets = new WeakMap();
function site() {
    return { thread: cur.current ? cur.current.name : 'init', step: cur.steps, stack: cur.record ? modelStack(8) : [] };
}
/**
 * Mark a model object allocated. Returns it for `const x = kmalloc(new X())`. `gfp` says how
 * (GFP_KERNEL by default: may sleep and reclaim, see gfp.ts; GFP_ATOMIC/GFP_NOWAIT under a
 * spinlock or in a non-blockable notifier).
 */
export function kmalloc(obj, gfp = GFP_KERNEL) {
    if (!(obj instanceof KObj))
        not_a_kobj(obj, 'kmalloc');
    might_alloc(gfp, 'kmalloc');
    obj.__state = 1 /* ObjState.Live */;
    obj.__alloc = site();
    let s = liveSets.get(cur);
    if (!s)
        liveSets.set(cur, (s = new Set()));
    s.add(obj);
    return obj;
}
export function kfree(obj, where = 'kfree') {
    if (obj === null)
        return;
    if (obj === POISON)
        reportPoison(where, 'kfree');
    if (obj.__state === 2 /* ObjState.Freed */) {
        const stack = modelStack(8);
        const fn = stack[0] ?? where;
        cur.report('double-free', `BUG: KASAN: double-free in ${fn}`, `double free of ${obj.__label} in ${fn}`, [`Free of ${obj.__label} by thread ${cur.current.name} at step ${cur.steps}:`, ...stack.map((f) => `  ${f}`), ...siteLines(obj)]);
    }
    if (stepObserver !== null)
        stepObserver.access('kfree', obj, -1);
    obj.__state = 2 /* ObjState.Freed */;
    obj.__free = site();
    liveSets.get(cur)?.delete(obj);
}
/**
 * A ScenarioError for an object that is not a KObj of this copy of the model: most often a
 * driver that imports hmmsim from a second installed copy (its KObj is another class), or a
 * plain object passed where a model structure is expected.
 */
export function not_a_kobj(obj, where) {
    const label = obj !== null && typeof obj === 'object' ? obj.__label : undefined;
    if (typeof label === 'string') {
        throw new ScenarioError(`${where}: ${label} is a KObj of another copy of hmmsim (the driver and the hmmsim running it import the package from different places): import hmmsim from one installation only`);
    }
    throw new ScenarioError(`${where}: expected a model structure (a class extending KObj from hmmsim/kernel), got ${obj === null ? 'null' : typeof obj}`);
}
/**
 * container_of(member, Type): the structure of class `Type` that `member` (a lock, work item,
 * rcu_head, notifier... created with that structure as its owner) is embedded in; a
 * ScenarioError if it is embedded in something else. KASAN-checked: the container must not
 * have been freed.
 */
export function container_of(member, type, where = 'container_of') {
    const o = member.owner;
    if (!(o instanceof type)) {
        throw new ScenarioError(`${where}: the member is embedded in ${o === null ? 'nothing (created without an owner)' : o.__label}, not in a ${type.name}`);
    }
    return kasan_check(o, where);
}
function siteLines(obj) {
    const out = [];
    const fmt = (what, s) => {
        if (!s)
            return;
        out.push('', `${what} by thread ${s.thread} at step ${s.step}:`);
        for (const f of s.stack)
            out.push(`  ${f}`);
    };
    fmt('Allocated', obj.__alloc);
    fmt('Freed', obj.__free);
    return out;
}
function reportPoison(where, access) {
    const stack = modelStack(8);
    const fn = stack[0] ?? where;
    cur.report('poison-deref', `BUG: unable to handle page fault for address: dead000000000122 (poison) in ${fn}`, `${access.toLowerCase()} through a poisoned pointer in ${fn}`, [`${access} through POISON (${where}) by thread ${cur.current.name} at step ${cur.steps}:`, ...stack.map((f) => `  ${f}`)]);
    throw new Error('unreachable');
}
/**
 * The kernel dereferences `p` in function `where`. Reports NULL, poison and freed memory.
 * Returns `p` so it can wrap an expression.
 */
export function kasan_check(p, where, access = 'Read') {
    if (p === null || p === undefined) {
        const stack = modelStack(8);
        const fn = stack[0] ?? where;
        cur.report('bug', `BUG: kernel NULL pointer dereference in ${fn}`, `NULL pointer dereference in ${fn}`, [
            `${access} through NULL (${where}) by thread ${cur.current.name} at step ${cur.steps}:`,
            ...stack.map((f) => `  ${f}`),
        ]);
    }
    if (p === POISON)
        reportPoison(where, access);
    const o = p;
    if (stepObserver !== null)
        stepObserver.access('kasan read', o, -1);
    if (o.__state === 2 /* ObjState.Freed */) {
        const stack = modelStack(8);
        const fn = stack[0] ?? where;
        cur.report('use-after-free', `BUG: KASAN: use-after-free in ${fn}`, `${access.toLowerCase()} of freed ${o.__label} in ${fn}`, [`${access} of ${o.__label} (${where}) by thread ${cur.current.name} at step ${cur.steps}:`, ...stack.map((f) => `  ${f}`), ...siteLines(o)]);
    }
    return p;
}
/** True if the object has been freed (for model code that must not report, e.g. device checks). */
export function kasan_is_freed(o) {
    return o.__state === 2 /* ObjState.Freed */;
}
/** Objects allocated and not freed in the running execution, in allocation order. */
export function live_objects() {
    return [...(liveSets.get(cur) ?? [])];
}
/** Report every object still allocated as a leak (called at the end of an execution). */
export function check_leaks(filter = () => true) {
    const leaked = live_objects().filter(filter);
    if (leaked.length === 0)
        return;
    cur.report('leak', `unreferenced object ${leaked[0].__label} (kmemleak)`, `leaked ${leaked.map((o) => o.__label).join(', ')}`, leaked.flatMap((o) => [`${o.__label} allocated by thread ${o.__alloc?.thread} at step ${o.__alloc?.step}`]));
}
