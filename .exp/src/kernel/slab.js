/*
 * The failable face of the slab allocator: kmalloc_may_fail() (kmalloc as the kernel has it:
 * NULL when the allocation fails, see fault_inject.ts), kzalloc_may_fail(), kvmalloc(),
 * kvzalloc() and kvfree(). kmalloc()/kfree() themselves are in kasan.ts and never fail.
 *
 * kvmalloc(): a blocking allocation larger than PAGE_ALLOC_COSTLY_ORDER (8 pages) is taken as
 * served by vmalloc (the kernel falls back to it when the slab allocation would be costly); a
 * non-blocking one is always a kmalloc. kvfree() of a vmalloc'ed object may sleep (vfree), so
 * under a spinlock or in an RCU section it is sleep-in-atomic; of a kmalloc'ed one it never
 * sleeps. Objects are the same KObj as kmalloc's, KASAN-checked the same way.
 */
import { GFP_KERNEL, gfpflags_allow_blocking, might_alloc } from './gfp.js';
import { kfree, kmalloc } from './kasan.js';
import { should_failslab } from './fault_inject.js';
import { might_sleep } from './lockdep.js';
const PAGE_SIZE = 4096;
/** Above this size a blocking kvmalloc is served by vmalloc. */
export const KVMALLOC_VMALLOC_THRESHOLD = 8 * PAGE_SIZE;
const vmalloced = new WeakSet();
function site_of(obj) {
    return obj.__label.replace(/#\d+$/, '');
}
/** kmalloc() as the kernel has it: null when fault injection fails the allocation. */
export function kmalloc_may_fail(obj, gfp = GFP_KERNEL, site = site_of(obj)) {
    might_alloc(gfp, 'kmalloc');
    if (should_failslab(site, gfp))
        return null;
    return kmalloc(obj, gfp);
}
/** kzalloc(): the same (model objects start zeroed: their constructor sets them). */
export const kzalloc_may_fail = kmalloc_may_fail;
/** kvmalloc(obj, gfp, size): may fail (null); large blocking allocations come from vmalloc. */
export function kvmalloc(obj, gfp = GFP_KERNEL, size = 0, site = site_of(obj)) {
    might_alloc(gfp, 'kvmalloc');
    if (should_failslab(site, gfp))
        return null;
    kmalloc(obj, gfp);
    if (gfpflags_allow_blocking(gfp) && size > KVMALLOC_VMALLOC_THRESHOLD)
        vmalloced.add(obj);
    return obj;
}
export const kvzalloc = kvmalloc;
/** is_vmalloc_addr(). */
export function is_vmalloc_addr(obj) {
    return vmalloced.has(obj);
}
/** kvfree(): kfree or vfree (which may sleep). */
export function kvfree(obj) {
    if (obj === null)
        return;
    if (vmalloced.has(obj))
        might_sleep('vfree');
    kfree(obj, 'kvfree');
}
