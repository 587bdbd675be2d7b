/*
 * Use-after-free: one thread frees an object while another still uses it without holding a
 * reference. The twin gives each user a kref and frees in the release function.
 */
import { KObj, Kref, READ_ONCE, kasan_check, kfree, kmalloc, kref_get, kref_put, spawn } from '../../kernel/index.js';
import { clean, violation } from '../types.js';
class Widget extends KObj {
    data = 42;
    kref = new Kref(this);
    constructor() {
        super('widget');
    }
}
function* widget_use(w) {
    const d = yield* READ_ONCE(w, 'data');
    kasan_check(w, 'widget_use');
    void d;
}
function* widget_release(w) {
    kfree(w, 'widget_release');
}
export const demoUseAfterFree = {
    name: 'demo-use-after-free',
    group: 'demo',
    description: 'a thread frees an object another thread still uses without a reference',
    designs: { base: violation('use-after-free') },
    setup() {
        const w = kmalloc(new Widget());
        spawn('user', () => widget_use(w));
        spawn('owner', () => widget_destroy(w));
    },
};
function* widget_destroy(w) {
    yield* READ_ONCE(w, 'data');
    kfree(w, 'widget_destroy');
}
function* widget_user(w) {
    yield* widget_use(w);
    yield* kref_put(w.kref, () => widget_release(w));
}
function* widget_owner(w) {
    yield* kref_get(w.kref);
    yield* READ_ONCE(w, 'data');
    yield* kref_put(w.kref, () => widget_release(w));
    yield* kref_put(w.kref, () => widget_release(w));
}
export const demoUseAfterFreeKref = {
    name: 'demo-use-after-free-kref',
    group: 'demo',
    description: 'the same object shared through a kref: the last put frees it; clean',
    designs: { base: clean() },
    checkLeaks: true,
    setup() {
        const w = kmalloc(new Widget());
        // The user's reference is taken before the user thread starts, as a kernel caller would.
        w.kref.refcount = 2;
        spawn('user', () => widget_user(w));
        spawn('owner', () => widget_owner(w));
    },
};
