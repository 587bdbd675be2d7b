/*
 * SRCU: a reader dereferences a published pointer inside srcu_read_lock; the updater
 * unpublishes it and frees it at once, without waiting for the grace period. The twin frees
 * through call_srcu, whose callback runs only after every pre-existing reader left.
 */
import { KObj, READ_ONCE, SrcuStruct, WRITE_ONCE, call_srcu, kasan_check, kfree, kmalloc, schedule_point, spawn, srcu_read_lock, srcu_read_unlock } from '../../kernel/index.js';
import { clean, violation } from '../types.js';
class Config extends KObj {
    value = 7;
    constructor() {
        super('config');
    }
}
class Holder extends KObj {
    ptr = null;
    constructor() {
        super('holder');
    }
}
function* config_reader(ss, h) {
    const idx = yield* srcu_read_lock(ss);
    const c = yield* READ_ONCE(h, 'ptr');
    if (c !== null) {
        yield* schedule_point('use config');
        kasan_check(c, 'config_reader');
    }
    yield* srcu_read_unlock(ss, idx);
}
function* config_free_rcu(old) {
    kfree(old, 'config_free_rcu');
}
function* config_update(ss, h, deferred) {
    const old = h.ptr;
    yield* WRITE_ONCE(h, 'ptr', null);
    if (deferred)
        yield* call_srcu(ss, () => config_free_rcu(old));
    else
        kfree(old, 'config_update');
}
function srcuScenario(name, description, deferred) {
    return {
        name,
        group: 'demo',
        description,
        designs: { base: deferred ? clean() : violation('use-after-free') },
        checkLeaks: deferred,
        setup() {
            const ss = new SrcuStruct('config_srcu');
            const h = new Holder();
            h.ptr = kmalloc(new Config());
            spawn('reader', () => config_reader(ss, h));
            spawn('updater', () => config_update(ss, h, deferred));
        },
    };
}
export const demoSrcu = srcuScenario('demo-srcu-free', 'an SRCU reader races with a free that skips the grace period', false);
export const demoSrcuCallSrcu = srcuScenario('demo-srcu-call-srcu', 'the free is deferred with call_srcu: clean', true);
