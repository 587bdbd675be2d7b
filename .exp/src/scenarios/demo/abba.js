/*
 * ABBA: one thread takes A then B, another B then A. lockdep reports the inversion in every
 * execution where both orders were seen, even when the threads did not actually deadlock;
 * executions where each thread holds one lock deadlock for real. The twin uses one order.
 */
import { Mutex, mutex_lock, mutex_unlock, spawn } from '../../kernel/index.js';
import { clean, violation } from '../types.js';
function* take_two(first, second) {
    yield* mutex_lock(first);
    yield* mutex_lock(second);
    yield* mutex_unlock(second);
    yield* mutex_unlock(first);
}
function abbaScenario(name, description, ordered) {
    return {
        name,
        group: 'demo',
        description,
        designs: { base: ordered ? clean() : violation('lock-order', 'deadlock') },
        setup() {
            const a = new Mutex('lock_a');
            const b = new Mutex('lock_b');
            spawn('cpu0', () => take_two(a, b));
            spawn('cpu1', () => (ordered ? take_two(a, b) : take_two(b, a)));
        },
    };
}
export const demoAbba = abbaScenario('demo-abba', 'A->B on one thread, B->A on another: lock-order, and deadlock when they interleave', false);
export const demoAbbaOrdered = abbaScenario('demo-abba-ordered', 'both threads take A then B: clean', true);
