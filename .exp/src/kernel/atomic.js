/*
 * atomic_t and marked racy accesses (READ_ONCE / WRITE_ONCE). Each is one scheduling point,
 * placed before the access, so another thread can run between any two of them. Plain field
 * accesses in model code are atomic with the surrounding step: a racy unlocked access in the
 * kernel must be written with READ_ONCE/WRITE_ONCE here to be interleaved.
 */
import { kasan_check } from './kasan.js';
import { cur, note, lone_point } from './sched.js';
import { visible } from './step.js';
export class Atomic {
    v;
    owner;
    label;
    constructor(v, name, owner = null) {
        this.v = v;
        this.owner = owner;
        this.label = owner ? `${owner.__label}->${name}` : name;
    }
}
function* at(a, op) {
    if (cur.record)
        note(op, a.label);
    if (!lone_point())
        yield;
    visible(op, a);
    if (a.owner)
        kasan_check(a.owner, op);
}
export function* atomic_read(a) {
    yield* at(a, 'atomic_read');
    return a.v;
}
export function* atomic_set(a, v) {
    yield* at(a, 'atomic_set');
    a.v = v;
}
export function* atomic_inc(a) {
    yield* at(a, 'atomic_inc');
    a.v++;
}
export function* atomic_dec(a) {
    yield* at(a, 'atomic_dec');
    a.v--;
}
export function* atomic_add_return(a, d) {
    yield* at(a, 'atomic_add_return');
    return (a.v += d);
}
export function* atomic_dec_and_test(a) {
    if (cur.record)
        note('atomic_dec_and_test', a.label);
    if (!lone_point())
        yield;
    if (a.owner)
        kasan_check(a.owner, 'atomic_dec_and_test');
    // The operation's name tells the dependency relation whether the result was zero (dep_keys DEC).
    visible(a.v >= 2 ? 'atomic_dec_and_test nonzero' : 'atomic_dec_and_test', a, a.v);
    return --a.v === 0;
}
export function* atomic_inc_not_zero(a) {
    yield* at(a, 'atomic_inc_not_zero');
    if (a.v === 0)
        return false;
    a.v++;
    return true;
}
export function* atomic_cmpxchg(a, old, v) {
    yield* at(a, 'atomic_cmpxchg');
    const prev = a.v;
    if (prev === old)
        a.v = v;
    return prev;
}
/** READ_ONCE(o->field): a racy read that is its own scheduling point. */
export function* READ_ONCE(o, field) {
    if (cur.record)
        note('READ_ONCE', `${o.__label ?? '?'}->${String(field)}`);
    if (!lone_point())
        yield;
    visible('READ_ONCE', o);
    if (o.__state !== undefined)
        kasan_check(o, 'READ_ONCE');
    return o[field];
}
/** WRITE_ONCE(o->field, v). */
export function* WRITE_ONCE(o, field, v) {
    if (cur.record)
        note('WRITE_ONCE', `${o.__label ?? '?'}->${String(field)}`);
    if (!lone_point())
        yield;
    visible('WRITE_ONCE', o);
    if (o.__state !== undefined)
        kasan_check(o, 'WRITE_ONCE', 'Write');
    o[field] = v;
}
