/*
 * Allocation flags and the allocator's lockdep annotations: gfp_t bits with the kernel's names,
 * the fs_reclaim pseudo-lock and might_alloc().
 *
 * An allocation that may enter direct reclaim (GFP_KERNEL, GFP_USER, GFP_HIGHUSER_MOVABLE: the
 * page fault's) may sleep and, with __GFP_FS, may recurse into filesystem and mm reclaim,
 * which calls mmu notifiers. lockdep models that with the fs_reclaim map: might_alloc()
 * acquires and releases it, so "a lock held across an allocation" becomes the dependency
 * lock -> fs_reclaim, and reclaim running with fs_reclaim held adds fs_reclaim -> whatever it
 * takes. A thread that already runs reclaim (holds fs_reclaim) allocates without it, as the
 * kernel's PF_MEMALLOC does.
 */
import { lock_is_held, lock_map_acquire, lock_map_release, LockdepMap, might_sleep } from './lockdep.js';
import { cur } from './sched.js';
export const __GFP_HIGH = 0x20;
export const __GFP_IO = 0x40;
export const __GFP_FS = 0x80;
export const __GFP_ZERO = 0x100;
export const __GFP_DIRECT_RECLAIM = 0x400;
export const __GFP_KSWAPD_RECLAIM = 0x800;
export const __GFP_HARDWALL = 0x100000;
export const __GFP_HIGHMEM = 0x02;
export const __GFP_MOVABLE = 0x08;
export const __GFP_RECLAIM = __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM;
export const GFP_ATOMIC = __GFP_HIGH | __GFP_KSWAPD_RECLAIM;
export const GFP_NOWAIT = __GFP_KSWAPD_RECLAIM;
export const GFP_NOIO = __GFP_RECLAIM;
export const GFP_NOFS = __GFP_RECLAIM | __GFP_IO;
export const GFP_KERNEL = __GFP_RECLAIM | __GFP_IO | __GFP_FS;
export const GFP_USER = GFP_KERNEL | __GFP_HARDWALL;
export const GFP_HIGHUSER_MOVABLE = GFP_USER | __GFP_HIGHMEM | __GFP_MOVABLE;
/** gfpflags_allow_blocking(). */
export function gfpflags_allow_blocking(gfp) {
    return (gfp & __GFP_DIRECT_RECLAIM) !== 0;
}
/** The lockdep map of memory reclaim ("fs_reclaim"). */
export const fs_reclaim_map = new LockdepMap('fs_reclaim');
function reclaims(gfp) {
    return (gfp & __GFP_DIRECT_RECLAIM) !== 0 && (gfp & __GFP_FS) !== 0;
}
/** fs_reclaim_acquire(): entering (possible) reclaim; a no-op for atomic allocations and inside reclaim. */
export function fs_reclaim_acquire(gfp) {
    if (!reclaims(gfp) || lock_is_held(fs_reclaim_map))
        return false;
    lock_map_acquire(fs_reclaim_map);
    return true;
}
export function fs_reclaim_release(taken) {
    if (taken)
        lock_map_release(fs_reclaim_map);
}
/**
 * might_alloc(): this allocation may reclaim (lockdep: fs_reclaim) and may sleep. Outside a
 * thread (scenario set-up) there is nothing to check.
 */
export function might_alloc(gfp, where) {
    const c = cur;
    if (c === null || !c.inStep)
        return;
    const t = c.current;
    if (t.held.length > 0)
        fs_reclaim_release(fs_reclaim_acquire(gfp));
    if (gfpflags_allow_blocking(gfp))
        might_sleep(where);
}
