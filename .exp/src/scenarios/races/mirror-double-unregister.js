/*
 * mirror-double-unregister — reference/hmm-design.md §4.9 (v4 09 "Remove racy protection
 * against double-unregistration").
 *
 *   gpu0-a, gpu0-b  two paths of one driver (say, a file release and a device reset) both
 *                   call hmm_mirror_unregister() on gpu0's mirror. gpu1 keeps its own mirror.
 *   5.2: both read mirror->hmm != NULL before either stores NULL, both list_del_init, both
 *        hmm_put: the kref drops twice, the hmm is freed while gpu1's mirror still uses it;
 *        gpu1's later unbind touches freed memory (or puts a zero kref).
 *   5.3: no guard: the first list_del poisons the entry, and mirror->hmm still points at the
 *        hmm (gpu1's mirror keeps it alive), so the second call takes mirrors_sem and its
 *        list_del dereferences the poison, whatever the interleaving.
 * v5.2: refcount-underflow or use-after-free (in the racy executions). v5.3: poison-deref in
 * every execution.
 */
import { kthread_join, spawn } from '../../kernel/index.js';
import { hmm_mirror_unregister as unregister52 } from '../../hmm/v5.2/hmm.js';
import { hmm_mirror_unregister as unregister53 } from '../../hmm/v5.3/hmm.js';
import { everyExecution, violation } from '../types.js';
import { world_init } from './world.js';
function* unregister_gpu0(w) {
    if (w.design === 'v5.2')
        yield* unregister52(w.drivers[0].mirror);
    else
        yield* unregister53(w.drivers[0].mirror);
}
function* unbind_gpu1(w, a, b) {
    yield* kthread_join(a);
    yield* kthread_join(b);
    yield* w.drivers[1].unbind();
}
function* init(design) {
    const w = yield* world_init(design, 1, 2);
    const a = spawn('gpu0-a', () => unregister_gpu0(w));
    const b = spawn('gpu0-b', () => unregister_gpu0(w));
    spawn('gpu1', () => unbind_gpu1(w, a, b));
}
export const mirrorDoubleUnregister = {
    name: 'mirror-double-unregister',
    group: 'races',
    description: '§4.9: two threads unregister the same mirror',
    designs: { 'v5.2': violation('refcount-underflow', 'use-after-free'), 'v5.3': everyExecution('poison-deref') },
    setup(design) {
        spawn('init', () => init(design));
    },
};
