/*
 * HMM mirror as in Linux 5.2: mm/hmm.c plus the inline parts of include/linux/hmm.h.
 *
 * What it owns: struct hmm (one per mm, reached through the weak pointer mm->hmm), the mirrors
 * registered on it, the ranges drivers register to snapshot or fault the CPU page table, and
 * the mmu notifier embedded in struct hmm that turns CPU invalidations into
 * ->sync_cpu_device_pagetables() calls and range->valid updates.
 *
 * Locking and lifetime, as 5.2 had them (this is the baseline with its races, see
 * reference/hmm-design.md §3.1 and §4):
 *   mm->hmm        written under mm->page_table_lock, read WITHOUT it (READ_ONCE in mm_get_hmm);
 *                  nothing keeps the hmm alive between that read and kref_get_unless_zero.
 *   hmm->kref      one per mirror, one per range, temporary ones in the notifier callbacks.
 *                  The last put frees at once: mmu_notifier_unregister_no_release() is not an
 *                  SRCU fence, so a callback already running on another CPU can touch freed
 *                  memory (§4.1).
 *   hmm->mm        weak (no mmgrab); cleared by hmm_mm_destroy() from __mmdrop (§4.3).
 *   hmm->lock      mutex: ranges, notifiers, every range->valid.
 *   mirrors_sem    write: add/remove mirror, hmm_release walk (dropped around ->release, §4.11);
 *                  read: the invalidation walk.
 *   hmm->dead      written and read with no lock at all (READ_ONCE/WRITE_ONCE here, §4.7).
 *   range->valid   "no invalidation in flight since the range was (re)validated": a bool plus
 *                  the global notifiers counter (cannot see a complete start/end pair, §4.13).
 *                  Written under hmm->lock, read by drivers and hmm_range_fault() without it.
 * Every racy unlocked access of the kernel is an explicit scheduling point here, and so is
 * every write, even under a lock, of a field that some reader reads without that lock.
 */
import { Kref, KObj, Mutex, READ_ONCE, RwSemaphore, WaitQueueHead, WRITE_ONCE, BUG_ON, cur, down_read, down_read_trylock, down_write, kasan_check, kfree, kmalloc, kref_get_unless_zero, kref_put, mutex_lock, mutex_trylock, mutex_unlock, spin_lock, spin_unlock, trace, up_read, up_write, wait_event_timeout, wake_up_all, } from '../../kernel/index.js';
import { EAGAIN, EBUSY, EFAULT, EINVAL, ENOMEM, EPERM, MmuNotifier, __mmu_notifier_register, find_vma, mmu_notifier_range_blockable, mmu_notifier_unregister_no_release, register_mmdrop_hook, } from '../../mm/index.js';
import { per_execution } from '../../mm/exec_state.js';
import { bug_on } from '../../mm/bug_switch.js';
import { KERNEL_5_2, kernel_release_at_most } from '../../mm/release.js';
import { hmm_dma_map_range, hmm_dma_unmap_range } from '../dma.js';
import { hmm_walk_page_range, HMM_PFN_NONE } from '../walk.js';
export { HMM_PFN_VALID, HMM_PFN_WRITE, HMM_PFN_DEVICE_PRIVATE, HMM_PFN_ERROR, HMM_PFN_NONE, HMM_PFN_SPECIAL, HMM_PFN_FLAG_MAX, HMM_PFN_VALUE_MAX } from '../walk.js';
export { hmm_device_entry_to_page, hmm_device_entry_to_pfn, hmm_device_entry_from_page, hmm_device_entry_from_pfn, hmm_pfn_to_page, hmm_pfn_to_pfn, hmm_pfn_from_page, hmm_pfn_from_pfn } from '../walk.js';
export const DESIGN = 'v5.2';
/** HMM_RANGE_DEFAULT_TIMEOUT, in milliseconds. */
export const HMM_RANGE_DEFAULT_TIMEOUT = 1000;
export const HMM_UPDATE_INVALIDATE = 0;
/** list_head state of an entry: linked, self-linked (list_del_init) or poisoned (list_del). */
const LINKED = 'linked';
/** struct hmm. */
export class Hmm extends KObj {
    mm;
    kref;
    lock;
    ranges = [];
    mirrors = [];
    mmu_notifier;
    mirrors_sem;
    wq;
    notifiers = 0;
    dead = false;
    constructor(mm) {
        super('hmm');
        this.mm = mm;
        this.kref = new Kref(this);
        this.lock = new Mutex('hmm->lock', this);
        this.mirrors_sem = new RwSemaphore('hmm->mirrors_sem', this);
        this.wq = new WaitQueueHead('wq', this);
        this.mmu_notifier = new MmuNotifier(NO_OPS, this);
    }
}
/** struct hmm_mirror: embedded in the driver's per-mm structure (pass it as `container`). */
export class HmmMirror extends KObj {
    ops;
    container;
    hmm = null;
    list = null;
    constructor(ops, 
    /** The driver structure embedding the mirror: a use after the driver freed it is KASAN. */
    container = null) {
        super('hmm_mirror');
        this.ops = ops;
        this.container = container;
    }
}
/** struct hmm_range (5.2 layout). */
export class HmmRange extends KObj {
    hmm = null;
    vma = null;
    list = null;
    start = 0;
    end = 0;
    pfns = new BigUint64Array(0);
    flags = [];
    values = [];
    default_flags = 0n;
    pfn_flags_mask = 0n;
    page_shift = 12;
    pfn_shift = 0;
    valid = false;
    constructor() {
        super('hmm_range');
    }
}
const NO_OPS = {};
function obj(m) {
    return m.container ?? m;
}
/* ---- struct hmm lifetime -------------------------------------------------------------- */
/** mm_get_hmm(): the unlocked lookup of mm->hmm plus a reference (5.2 only). */
function* mm_get_hmm(mm) {
    const hmm = (yield* READ_ONCE(mm, 'hmm'));
    if (hmm !== null && (yield* kref_get_unless_zero(hmm.kref)))
        return hmm;
    return null;
}
/** hmm_get_or_create(): reference the mm's hmm, or create and install one. */
function* hmm_get_or_create(mm) {
    hmm_mm_destroy_hook();
    // The notifier core under this hmm is 5.2's (no lockdep map, no non_block sections).
    kernel_release_at_most(KERNEL_5_2);
    let hmm = yield* mm_get_hmm(mm);
    if (hmm !== null)
        return hmm;
    hmm = kmalloc(new Hmm(mm));
    let cleanup = false;
    yield* spin_lock(mm.page_table_lock);
    if (mm.hmm === null)
        yield* WRITE_ONCE(mm, 'hmm', hmm);
    else
        cleanup = true;
    yield* spin_unlock(mm.page_table_lock);
    if (cleanup) {
        // Someone installed an hmm meanwhile: give up (and return NULL although one exists, §4.4).
        kfree(hmm, 'hmm_get_or_create');
        return null;
    }
    // Only a mirror registration (mmap_sem held for write) is expected to get here.
    hmm.mmu_notifier.ops = hmm_mmu_notifier_ops;
    if ((yield* __mmu_notifier_register(hmm.mmu_notifier, mm)) !== 0) {
        yield* spin_lock(mm.page_table_lock);
        if (mm.hmm === hmm)
            yield* WRITE_ONCE(mm, 'hmm', null);
        yield* spin_unlock(mm.page_table_lock);
        kfree(hmm, 'hmm_get_or_create');
        return null;
    }
    trace(() => `hmm_get_or_create: ${hmm.__label} installed on ${mm.__label}`);
    return hmm;
}
/** hmm_free(): the kref release. Frees at once: no SRCU grace period (§4.1). */
function* hmm_free(hmm) {
    const mm = kasan_check(hmm.mm, 'hmm_free');
    yield* mmu_notifier_unregister_no_release(hmm.mmu_notifier, mm);
    yield* spin_lock(mm.page_table_lock);
    if (mm.hmm === hmm)
        yield* WRITE_ONCE(mm, 'hmm', null);
    yield* spin_unlock(mm.page_table_lock);
    kfree(hmm, 'hmm_free');
}
function* hmm_put(hmm) {
    yield* kref_put(hmm.kref, () => hmm_free(hmm));
}
/** hmm_mm_destroy(): called from __mmdrop when the mm struct itself goes away. */
export function* hmm_mm_destroy(mm) {
    yield* spin_lock(mm.page_table_lock);
    const hmm = yield* mm_get_hmm(mm);
    yield* WRITE_ONCE(mm, 'hmm', null);
    if (hmm !== null) {
        yield* WRITE_ONCE(hmm, 'mm', null);
        yield* WRITE_ONCE(hmm, 'dead', true);
        yield* spin_unlock(mm.page_table_lock);
        yield* hmm_put(hmm);
        return;
    }
    yield* spin_unlock(mm.page_table_lock);
}
/** In 5.2 every __mmdrop calls hmm_mm_destroy (CONFIG_HMM_MIRROR); hook it per execution. */
const hmm_mm_destroy_hook = per_execution('hmm.v5.2.mmdrop', () => {
    register_mmdrop_hook(hmm_mm_destroy);
    return true;
});
/* ---- the mmu notifier ----------------------------------------------------------------- */
/** ->release at exit_mmap: mark dead, invalidate every range, hand each mirror to ->release. */
function* hmm_release(_mn, mm) {
    const hmm = yield* mm_get_hmm(mm);
    // No NULL check in 5.2.
    yield* WRITE_ONCE(kasan_check(hmm, 'hmm_release', 'Write'), 'dead', true);
    yield* mutex_lock(hmm.lock);
    for (const range of hmm.ranges)
        yield* WRITE_ONCE(range, 'valid', false);
    yield* wake_up_all(hmm.wq);
    yield* mutex_unlock(hmm.lock);
    yield* down_write(hmm.mirrors_sem);
    let mirror = hmm.mirrors[0] ?? null;
    while (mirror !== null) {
        list_del_init(hmm.mirrors, mirror);
        kasan_check(obj(mirror), 'hmm_release');
        if (mirror.ops?.release !== undefined) {
            // mirrors_sem is dropped so ->release can wait for work that itself needs it; nothing
            // keeps the mirror alive meanwhile (§4.11).
            yield* up_write(hmm.mirrors_sem);
            const m = mirror;
            kasan_check(obj(m), 'hmm_release');
            yield* m.ops.release(m);
            yield* down_write(hmm.mirrors_sem);
        }
        mirror = hmm.mirrors[0] ?? null;
    }
    yield* up_write(hmm.mirrors_sem);
    yield* hmm_put(hmm);
}
function* hmm_invalidate_range_start(_mn, nrange) {
    const hmm = yield* mm_get_hmm(nrange.mm);
    let ret = 0;
    BUG_ON(hmm === null, 'VM_BUG_ON(!hmm) in hmm_invalidate_range_start');
    const update = { start: nrange.start, end: nrange.end, event: HMM_UPDATE_INVALIDATE, blockable: mmu_notifier_range_blockable(nrange) };
    out: {
        if (update.blockable)
            yield* mutex_lock(hmm.lock);
        else if (!(yield* mutex_trylock(hmm.lock))) {
            ret = -EAGAIN;
            break out;
        }
        hmm.notifiers++;
        for (const range of hmm.ranges.slice()) {
            // An update that ends exactly at range.start still counts as overlapping, as in the release.
            if (range.end <= update.start || range.start > update.end)
                continue;
            yield* WRITE_ONCE(range, 'valid', false);
        }
        yield* mutex_unlock(hmm.lock);
        // Before 4.20 the device page tables were only synchronised at the end (hmm-history §4).
        if (bug_on('hmm-sync-at-end'))
            break out;
        if (update.blockable)
            yield* down_read(hmm.mirrors_sem);
        else if (!(yield* down_read_trylock(hmm.mirrors_sem))) {
            // notifiers stays raised: the core will not call ->invalidate_range_end (§4.12a).
            ret = -EAGAIN;
            break out;
        }
        for (const mirror of hmm.mirrors.slice()) {
            // The 5.2 code declares a second `ret` here; the -EAGAIN below never reaches the
            // caller, which goes on to free pages the device still maps (§4.12b).
            let ret;
            kasan_check(obj(mirror), 'hmm_invalidate_range_start');
            ret = yield* mirror.ops.sync_cpu_device_pagetables(mirror, update);
            if (!update.blockable && ret === -EAGAIN) {
                yield* up_read(hmm.mirrors_sem);
                ret = -EAGAIN;
                void ret;
                break out;
            }
        }
        yield* up_read(hmm.mirrors_sem);
    }
    yield* hmm_put(hmm);
    return ret;
}
function* hmm_invalidate_range_end(_mn, nrange) {
    const hmm = yield* mm_get_hmm(nrange.mm);
    BUG_ON(hmm === null, 'VM_BUG_ON(!hmm) in hmm_invalidate_range_end');
    yield* mutex_lock(hmm.lock);
    hmm.notifiers--;
    if (hmm.notifiers === 0) {
        // Every range becomes valid again, whatever happened while it was invalid (§4.13).
        for (const range of hmm.ranges.slice())
            if (!range.valid)
                yield* WRITE_ONCE(range, 'valid', true);
        yield* wake_up_all(hmm.wq);
    }
    yield* mutex_unlock(hmm.lock);
    if (bug_on('hmm-sync-at-end'))
        yield* sync_mirrors_at_end(hmm, nrange);
    yield* hmm_put(hmm);
}
/** The pre-4.20 placement: every mirror's device page table is zapped only once the CPU is done. */
function* sync_mirrors_at_end(hmm, nrange) {
    const update = { start: nrange.start, end: nrange.end, event: HMM_UPDATE_INVALIDATE, blockable: true };
    yield* down_read(hmm.mirrors_sem);
    for (const mirror of hmm.mirrors.slice()) {
        kasan_check(obj(mirror), 'hmm_invalidate_range_end');
        yield* mirror.ops.sync_cpu_device_pagetables(mirror, update);
    }
    yield* up_read(hmm.mirrors_sem);
}
const hmm_mmu_notifier_ops = {
    release: hmm_release,
    invalidate_range_start: hmm_invalidate_range_start,
    invalidate_range_end: hmm_invalidate_range_end,
};
/* ---- lists ---------------------------------------------------------------------------- */
function list_del_init(list, e) {
    const i = list.indexOf(e);
    if (i >= 0)
        list.splice(i, 1);
    e.list = null;
}
/* ---- mirrors -------------------------------------------------------------------------- */
/**
 * hmm_mirror_register(): start mirroring `mm`. The caller must hold mmap_sem for write (a
 * comment in 5.2, not checked). 0, -EINVAL, or -ENOMEM (also when racing creators, §4.4).
 */
export function* hmm_mirror_register(mirror, mm) {
    if (mm === null || mirror === null || mirror.ops === null)
        return -EINVAL;
    const hmm = yield* hmm_get_or_create(mm);
    yield* WRITE_ONCE(mirror, 'hmm', hmm);
    if (hmm === null)
        return -ENOMEM;
    yield* down_write(hmm.mirrors_sem);
    hmm.mirrors.unshift(mirror);
    mirror.list = LINKED;
    yield* up_write(hmm.mirrors_sem);
    return 0;
}
/** hmm_mirror_unregister(): with 5.2's racy "already unregistered" guard (§4.9). */
export function* hmm_mirror_unregister(mirror) {
    const hmm = yield* READ_ONCE(mirror, 'hmm');
    if (hmm === null)
        return;
    yield* down_write(hmm.mirrors_sem);
    list_del_init(hmm.mirrors, mirror);
    // The guard against a second unregister only works when the two do not overlap.
    yield* WRITE_ONCE(mirror, 'hmm', null);
    yield* up_write(hmm.mirrors_sem);
    yield* hmm_put(hmm);
}
/** hmm_mirror_mm_is_alive(): a racy hint (documented as such). */
export function* hmm_mirror_mm_is_alive(mirror) {
    if (mirror === null)
        return false;
    const hmm = yield* READ_ONCE(mirror, 'hmm');
    if (hmm === null)
        return false;
    const mm = yield* READ_ONCE(hmm, 'mm');
    if ((yield* READ_ONCE(hmm, 'dead')) || mm === null)
        return false;
    return true;
}
/* ---- ranges --------------------------------------------------------------------------- */
/**
 * hmm_range_register(range, mm, start, end, page_shift): track CPU page-table changes over
 * [start, end). 0, -EINVAL (alignment), -EFAULT (no hmm could be had, or the mm is dying).
 * Note: creates the hmm if the mm has none, with no mirror and no mmap_sem (§4.2).
 */
export function* hmm_range_register(range, mm, start, end, page_shift) {
    const size = 2 ** page_shift;
    range.valid = false;
    range.hmm = null;
    if (start % size !== 0 || end % size !== 0)
        return -EINVAL;
    if (start >= end)
        return -EINVAL;
    range.page_shift = page_shift;
    range.start = start;
    range.end = end;
    range.hmm = yield* hmm_get_or_create(mm);
    if (range.hmm === null)
        return -EFAULT;
    const hmm = range.hmm;
    // Unlocked reads: has teardown (hmm_mm_destroy, hmm_release) already begun?
    if ((yield* READ_ONCE(hmm, 'mm')) === null || (yield* READ_ONCE(hmm, 'dead'))) {
        yield* hmm_put(hmm);
        return -EFAULT;
    }
    yield* mutex_lock(hmm.lock);
    hmm.ranges.unshift(range);
    range.list = LINKED;
    // With invalidations in flight the range waits for them (hmm_range_wait_until_valid()).
    if (hmm.notifiers === 0)
        yield* WRITE_ONCE(range, 'valid', true);
    yield* mutex_unlock(hmm.lock);
    return 0;
}
/** hmm_range_unregister(): silently ignores a range that is not registered (§4.10). */
export function* hmm_range_unregister(range) {
    if (range.hmm === null || range.end <= range.start)
        return;
    const hmm = range.hmm;
    yield* mutex_lock(hmm.lock);
    list_del_init(hmm.ranges, range);
    yield* mutex_unlock(hmm.lock);
    range.valid = false;
    yield* hmm_put(hmm);
    range.hmm = null;
}
/** hmm_range_wait_until_valid() (inline in hmm.h): false if the mm is dying or on timeout. */
export function* hmm_range_wait_until_valid(range, timeout) {
    const hmm = range.hmm;
    if (hmm === null || (yield* READ_ONCE(hmm, 'dead')) || (yield* READ_ONCE(hmm, 'mm')) === null) {
        yield* WRITE_ONCE(range, 'valid', false);
        return false;
    }
    if (yield* READ_ONCE(range, 'valid'))
        return true;
    yield* wait_event_timeout(hmm.wq, () => range.valid || hmm.dead, timeout, [
        [range, 'valid'],
        [hmm, 'dead'],
    ]);
    return yield* READ_ONCE(range, 'valid');
}
/**
 * hmm_range_valid(): meaningful only under the lock the driver's sync callback takes. An
 * unlocked read of range->valid in the kernel: its own step (`yield* hmm_range_valid(range)`).
 */
export function* hmm_range_valid(range) {
    return yield* READ_ONCE(range, 'valid');
}
function* vma_checks(range, hmm, start) {
    const mm = kasan_check(hmm.mm, 'hmm_range_snapshot');
    const vma = find_vma(mm, start);
    // find_vma() gives the first VMA ending after `start`; whether it also begins at or before
    // `start` is not checked (the walk then meets a hole with no VMA: hmm_walk_page_range).
    if (vma === null || vma.vm_flags & (0x4000 | 0x400 | 0x10000000))
        return -EFAULT;
    if (range.page_shift !== 12)
        return -EINVAL;
    if (!(vma.vm_flags & 0x1)) {
        hmm_pfns_clear(range, 0, range.start, range.end);
        return -EPERM;
    }
    return vma;
}
function hmm_pfns_clear(range, i, addr, end) {
    for (; addr < end; addr += 4096, i++)
        range.pfns[i] = range.values[HMM_PFN_NONE];
}
/**
 * hmm_range_snapshot(): fill range->pfns from the CPU page table without faulting. Returns
 * the number of pages filled, or -EFAULT, -EINVAL, -EPERM, -EAGAIN (range invalidated).
 * The caller holds mmap_sem for read (not checked in 5.2).
 */
export function* hmm_range_snapshot(range) {
    const hmm = kasan_check(range.hmm, 'hmm_range_snapshot');
    if ((yield* READ_ONCE(hmm, 'mm')) === null || (yield* READ_ONCE(hmm, 'dead')))
        return -EFAULT;
    let start = range.start;
    let last = start;
    do {
        if (!(yield* READ_ONCE(range, 'valid')))
            return -EAGAIN;
        const vma = yield* vma_checks(range, hmm, start);
        if (typeof vma === 'number')
            return vma;
        range.vma = vma;
        const end = Math.min(range.end, vma.vm_end);
        const r = yield* hmm_walk_page_range(range, vma.vm_mm, vma, start, end, false, false);
        last = r.last;
        start = end;
    } while (start < range.end);
    return (last - range.start) / 4096;
}
/**
 * hmm_range_fault(range, block): like snapshot, faulting what the request flags ask for. On an
 * invalid range it releases mmap_sem ITSELF and returns -EAGAIN (5.2); -EBUSY when the range
 * was invalidated while faulting; -EFAULT/-EPERM/-EINVAL/-ENOMEM otherwise. 5.2 passes
 * FAULT_FLAG_ALLOW_RETRY to every fault whatever `block` says, so a fault that has to wait
 * (a swap-in) drops mmap_sem and this returns -EAGAIN with it released.
 */
export function* hmm_range_fault(range, block) {
    const hmm = kasan_check(range.hmm, 'hmm_range_fault');
    if ((yield* READ_ONCE(hmm, 'mm')) === null || (yield* READ_ONCE(hmm, 'dead')))
        return -EFAULT;
    let start = range.start;
    let last = start;
    do {
        if (!(yield* READ_ONCE(range, 'valid'))) {
            yield* up_read(kasan_check(hmm.mm, 'hmm_range_fault').mmap_lock);
            return -EAGAIN;
        }
        const vma = yield* vma_checks(range, hmm, start);
        if (typeof vma === 'number')
            return vma;
        range.vma = vma;
        const end = Math.min(range.end, vma.vm_end);
        let ret;
        do {
            const r = yield* hmm_walk_page_range(range, vma.vm_mm, vma, start, end, true, true);
            ret = r.ret;
            last = r.last;
            start = last;
            // A fault went through (-EBUSY): walk again from where it stopped, unless invalidated.
        } while (ret === -EBUSY && (yield* READ_ONCE(range, 'valid')));
        if (ret !== 0) {
            hmm_pfns_clear(range, (last - range.start) / 4096, last, range.end);
            return ret;
        }
        start = end;
    } while (start < range.end);
    return (last - range.start) / 4096;
}
/** hmm_range_dma_map(range, device, daddrs, block): fault, then DMA-map every valid page. */
export function* hmm_range_dma_map(range, _device, daddrs, block) {
    return yield* hmm_dma_map_range(hmm_range_fault, range, daddrs, block);
}
/** hmm_range_dma_unmap(range, vma, device, daddrs, dirty): 5.2 still takes the vma. */
export function* hmm_range_dma_unmap(range, _vma, _device, daddrs, dirty) {
    return yield* hmm_dma_unmap_range(range, daddrs, dirty);
}
/* ---- the legacy helpers of hmm.h ------------------------------------------------------ */
/** hmm_vma_range_done(): valid? then unregister. */
export function* hmm_vma_range_done(range) {
    const ret = yield* hmm_range_valid(range);
    yield* hmm_range_unregister(range);
    return ret;
}
/**
 * hmm_vma_fault(range, block): the old one-call API (range->vma, start, end, pfns set; mmap_sem
 * held for read). On success returns 0 with the range still registered (finish with
 * hmm_vma_range_done); on failure mmap_sem may have been released (-EAGAIN, -EBUSY).
 */
export function* hmm_vma_fault(range, block) {
    range.default_flags = 0n;
    range.pfn_flags_mask = 0xffffffffffffffffn;
    const mm = kasan_check(range.vma, 'hmm_vma_fault').vm_mm;
    let ret = yield* hmm_range_register(range, mm, range.start, range.end, 12);
    if (ret !== 0)
        return ret;
    if (!(yield* hmm_range_wait_until_valid(range, HMM_RANGE_DEFAULT_TIMEOUT))) {
        yield* up_read(mm.mmap_lock);
        return -EAGAIN;
    }
    ret = yield* hmm_range_fault(range, block);
    if (ret <= 0) {
        if (ret === -EBUSY || ret === 0) {
            yield* up_read(mm.mmap_lock);
            ret = -EBUSY;
        }
        else if (ret === -EAGAIN)
            ret = -EBUSY;
        yield* hmm_range_unregister(range);
        return ret;
    }
    return 0;
}
/** For tests: the state of an hmm (counts, flags). */
export function hmm_debug(hmm) {
    void cur;
    return { refs: hmm.kref.refcount, notifiers: hmm.notifiers, mirrors: hmm.mirrors.length, ranges: hmm.ranges.length, dead: hmm.dead };
}
