/*
 * Lost update: two threads increment a shared counter with an unlocked read-modify-write.
 * The twin takes a mutex around the increment and must be clean.
 */
import { KObj, Mutex, READ_ONCE, WRITE_ONCE, check, kthread_join, mutex_lock, mutex_unlock, spawn } from '../../kernel/index.js';
import { clean, violation } from '../types.js';
class Counter extends KObj {
    value = 0;
    lock = new Mutex('counter->lock', this);
    constructor() {
        super('counter');
    }
}
function* increment_racy(c) {
    const v = yield* READ_ONCE(c, 'value');
    yield* WRITE_ONCE(c, 'value', v + 1);
}
function* increment_locked(c) {
    yield* mutex_lock(c.lock);
    const v = yield* READ_ONCE(c, 'value');
    yield* WRITE_ONCE(c, 'value', v + 1);
    yield* mutex_unlock(c.lock);
}
function* lost_update_check(c, a, b) {
    yield* kthread_join(a);
    yield* kthread_join(b);
    check(c.value === 2, `counter is ${c.value} after two increments (expected 2)`);
}
function counterScenario(name, description, locked) {
    return {
        name,
        group: 'demo',
        description,
        designs: { base: locked ? clean() : violation('assertion') },
        setup() {
            const c = new Counter();
            const inc = locked ? increment_locked : increment_racy;
            const a = spawn('cpu0', () => inc(c));
            const b = spawn('cpu1', () => inc(c));
            spawn('checker', () => lost_update_check(c, a, b));
        },
    };
}
export const demoLostUpdate = counterScenario('demo-lost-update', 'two unlocked increments of one counter lose an update', false);
export const demoLostUpdateLocked = counterScenario('demo-lost-update-locked', 'the same increments under a mutex: clean', true);
