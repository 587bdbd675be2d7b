/*
 * release-vs-unregister — reference/hmm-design.md §4.11 (v4 11 "Remove confusing comment and
 * logic from hmm_release").
 *
 *   proc    exits: hmm_release pops gpu0's mirror off the list, drops mirrors_sem "so the
 *           callback can wait", and is about to call mirror->ops->release(mirror).
 *   unbind  gpu0's driver unbinds: hmm_mirror_unregister gets mirrors_sem at once (the mirror
 *           is already unlinked), puts its reference, and the driver frees the structure that
 *           embeds the mirror.
 *   proc    dereferences the mirror: use-after-free [5.2].
 * gpu1 stays bound all along (it keeps the hmm itself alive). v5.2: use-after-free. v5.3:
 * hmm_release holds mirrors_sem for read across every ->release, so the unregister waits: clean.
 */
import { spawn } from '../../kernel/index.js';
import { sys_exit } from '../../mm/index.js';
import { clean, violation } from '../types.js';
import { world_init } from './world.js';
function* proc_exit(w) {
    yield* sys_exit(w.task);
}
function* unbind_and_free(w) {
    const drv = w.drivers[0];
    yield* drv.unbind();
    drv.destroy();
}
function* init(design) {
    const w = yield* world_init(design, 1, 2);
    spawn('proc', () => proc_exit(w));
    spawn('unbind', () => unbind_and_free(w));
}
export const releaseVsUnregister = {
    name: 'release-vs-unregister',
    group: 'races',
    description: '§4.11: a mirror freed by its driver while hmm_release is calling it',
    designs: { 'v5.2': violation('use-after-free'), 'v5.3': clean() },
    setup(design) {
        spawn('init', () => init(design));
    },
};
