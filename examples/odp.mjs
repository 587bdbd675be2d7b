// An RDMA on-demand-paging driver like mlx5's implicit ODP MR (drivers/infiniband/hw/mlx5/odp.c,
// in outline): a parent MR covering the address space creates child MRs on demand, one per
// faulting range, each with its own interval notifier; a child whose pages are all unmapped is
// torn down later, from a workqueue, since its notifier cannot be removed from its own
// callback.
//
//   fault      look the child up in the parent's xarray under rcu_read_lock with
//              kref_get_unless_zero, else create it (insert its notifier, publish it with
//              xa_cmpxchg; a racing creator's child wins); then the v6 pattern under the
//              child's umem_mutex: DMA-map the page (dma_map_page, mirrored) and write the
//              NIC's translation table (device_map).
//   invalidate the child's notifier: under umem_mutex, set_seq, zap the translation and
//              dma_unmap_page; the child is then unused: claim it (xa_cmpxchg to NULL) and
//              queue its destroy work.
//   destroy    (a work item) mark it dying under umem_mutex, remove its notifier, drop the
//              xarray's reference (the last reference frees it with kfree_rcu), and count the
//              parent's deferred work down (waking dereg at zero).
//   dereg      stop faults, tear down the children still published, wait until no deferred
//              destroy is pending (the count: an invalidation may have claimed a child and not
//              queued its work yet; draining the queue would not wait for that one), destroy the
//              workqueue, free the parent.
//
// The scenario: the application's RDMA access faults the page in while the process munmaps it,
// then the application deregisters the MR. Clean on v6 over every interleaving of dfs k=2,
// with the driver's objects leak-checked. `bugs.drain_only` (examples/odp-buggy.mjs) only
// drains the workqueue at dereg, as a first version of this driver did: an invalidation that
// claimed a child but has not queued its destroy yet then queues it on the destroyed
// workqueue, or its work touches the freed parent (use-after-free). The explorer found that
// race, and the one of counting the deferred work after the claim instead of before it, while
// this example was written.

import {
  alloc_workqueue,
  Atomic,
  atomic_dec_and_test,
  atomic_inc,
  check,
  check_leaks,
  container_of,
  cur,
  destroy_workqueue,
  INIT_WORK,
  kasan_check,
  kfree,
  kfree_rcu,
  kmalloc,
  KObj,
  Kref,
  kref_get,
  kref_get_unless_zero,
  kref_put,
  Mutex,
  mutex_lock,
  mutex_trylock,
  mutex_unlock,
  queue_work,
  rcu_read_lock,
  rcu_read_unlock,
  spawn,
  wait_event,
  WaitQueueHead,
  wake_up_all,
  WorkStruct,
  xa_cmpxchg,
  xa_for_each,
  xa_init,
  xa_load,
  GFP_KERNEL,
} from 'hmmsim/kernel';
import { EBUSY, EFAULT, MAP_ANONYMOUS, MAP_PRIVATE, mmap_read_lock, mmap_read_unlock, mmu_notifier_range_blockable, PAGE_SIZE, PROT_READ, PROT_WRITE, sys_mmap, sys_munmap, task_create, user_write_u8 } from 'hmmsim/mm';
import {
  HMM_PFN_REQ_FAULT,
  HMM_PFN_REQ_WRITE,
  HMM_PFN_VALID,
  HmmRange,
  hmm_pfn_to_pfn,
  hmm_range_fault,
  MmuIntervalNotifier,
  mmu_interval_notifier_insert,
  mmu_interval_notifier_remove,
  mmu_interval_read_begin,
  mmu_interval_read_retry,
  mmu_interval_set_seq,
} from 'hmmsim/hmm/v6';
import { device_access, device_bind, device_create, device_map, device_unbind, device_zap } from 'hmmsim/drivers/device';
import { DMA_BIDIRECTIONAL, dma_map_page, dma_mapping_error, dma_unmap_page } from 'hmmsim/drivers/dma_mapping';

/** The implicit parent MR. */
export class ImplicitMr extends KObj {
  constructor(dev, mm, bugs = {}) {
    super('imr');
    this.dev = dev;
    this.mm = mm;
    this.bugs = bugs;
    this.children = xa_init('implicit_children', 0, this);
    this.num_deferred_work = new Atomic(0, 'num_deferred_work', this);
    this.q_deferred_work = new WaitQueueHead('q_deferred_work', this);
    this.wq = alloc_workqueue('odp_destroy');
  }
}

/** A child MR over one page. */
export class ChildMr extends KObj {
  constructor(parent, idx) {
    super('child_mr');
    this.parent = parent;
    this.idx = idx;
    this.start = idx * PAGE_SIZE;
    this.ref = new Kref(this); // the xarray's reference
    this.umem_mutex = new Mutex('umem_odp->umem_mutex', this);
    this.notifier = new MmuIntervalNotifier(childOps);
    this.notifier.child = this;
    this.work = new WorkStruct(this, 'work');
    INIT_WORK(this.work, destroy_child_work);
    this.npages = 0;
    this.dma = 0;
    this.dying = false;
  }
}

const childOps = {
  *invalidate(mni, range, cur_seq) {
    const child = mni.child;
    if (mmu_notifier_range_blockable(range)) yield* mutex_lock(child.umem_mutex);
    else if (!(yield* mutex_trylock(child.umem_mutex))) return false;
    yield* mmu_interval_set_seq(mni, cur_seq);
    if (child.npages > 0) {
      yield* unmap_child(child);
      // Unused now: whoever clears its slot owns its teardown. Counted before the claim, so
      // dereg, once it sees no deferred work, cannot miss one about to be queued.
      if (!child.dying) {
        const parent = child.parent;
        yield* atomic_inc(parent.num_deferred_work);
        if ((yield* xa_cmpxchg(parent.children, child.idx, child, null)) === child) yield* queue_work(parent.wq, child.work);
        else if (yield* atomic_dec_and_test(parent.num_deferred_work)) yield* wake_up_all(parent.q_deferred_work);
      }
    }
    yield* mutex_unlock(child.umem_mutex);
    return true;
  },
};

/** Zap the NIC translation and the DMA mapping (umem_mutex held). */
function* unmap_child(child) {
  const dev = child.parent.dev;
  yield* device_zap(dev, child.start, child.start + PAGE_SIZE);
  yield* dma_unmap_page(dev, child.dma, PAGE_SIZE, DMA_BIDIRECTIONAL);
  child.npages = 0;
  child.dma = 0;
}

function* child_release(kref) {
  yield* kfree_rcu(kref.owner);
}

/** Tear a child down: no mapping after this, no callback, and the xarray's reference dropped. */
function* destroy_child(child) {
  yield* mutex_lock(child.umem_mutex);
  child.dying = true;
  if (child.npages > 0) yield* unmap_child(child);
  yield* mutex_unlock(child.umem_mutex);
  yield* mmu_interval_notifier_remove(child.notifier);
  yield* kref_put(child.ref, child_release);
}

/** The deferred destroy (work function). */
function* destroy_child_work(work) {
  const child = container_of(work, ChildMr, 'destroy_child_work');
  const parent = child.parent;
  yield* destroy_child(child);
  if (yield* atomic_dec_and_test(kasan_check(parent, 'destroy_child_work').num_deferred_work)) yield* wake_up_all(parent.q_deferred_work);
}

/** A referenced child for `idx`: looked up, or created and published. */
function* get_child(parent, idx) {
  for (;;) {
    yield* rcu_read_lock();
    let child = yield* xa_load(parent.children, idx);
    if (child !== undefined && !(yield* kref_get_unless_zero(child.ref))) child = undefined;
    yield* rcu_read_unlock();
    if (child !== undefined) return child;
    const fresh = kmalloc(new ChildMr(parent, idx), GFP_KERNEL);
    const r = yield* mmu_interval_notifier_insert(fresh.notifier, parent.mm, fresh.start, PAGE_SIZE, childOps);
    if (r !== 0) {
      kfree(fresh);
      return r;
    }
    const old = yield* xa_cmpxchg(parent.children, idx, undefined, fresh);
    if (old === undefined) {
      yield* kref_get(fresh.ref); // the caller's
      return fresh;
    }
    // Another fault published one first: undo ours and use that one.
    yield* mmu_interval_notifier_remove(fresh.notifier);
    kfree(fresh);
    if (typeof old === 'number') return old;
  }
}

/** The NIC's page fault at `addr`. */
export function* odp_fault(parent, addr, write) {
  const idx = Math.floor(addr / PAGE_SIZE);
  for (;;) {
    const child = yield* get_child(parent, idx);
    if (typeof child === 'number') return child;
    const range = new HmmRange({ notifier: child.notifier, start: child.start, end: child.start + PAGE_SIZE, default_flags: HMM_PFN_REQ_FAULT | (write ? HMM_PFN_REQ_WRITE : 0n), pfn_flags_mask: 0n });
    let ret;
    let again = false;
    for (;;) {
      range.notifier_seq = yield* mmu_interval_read_begin(child.notifier);
      yield* mmap_read_lock(parent.mm);
      ret = yield* hmm_range_fault(range);
      yield* mmap_read_unlock(parent.mm);
      if (ret === -EBUSY) continue;
      if (ret !== 0) break;
      yield* mutex_lock(child.umem_mutex);
      if (child.dying) {
        // Being destroyed: its notifier is going away; fault into a new child.
        yield* mutex_unlock(child.umem_mutex);
        again = true;
        break;
      }
      if (yield* mmu_interval_read_retry(child.notifier, range.notifier_seq)) {
        yield* mutex_unlock(child.umem_mutex);
        continue;
      }
      const pfn = hmm_pfn_to_pfn(range.hmm_pfns[0]);
      check((range.hmm_pfns[0] & HMM_PFN_VALID) !== 0n, 'hmm_range_fault returned 0 with an invalid page');
      if (child.npages === 0) {
        const daddr = yield* dma_map_page(parent.dev, pfn, 0, PAGE_SIZE, DMA_BIDIRECTIONAL, { mm: parent.mm, va: child.start });
        if (dma_mapping_error(parent.dev, daddr)) ret = -EFAULT;
        else {
          child.dma = daddr;
          child.npages = 1;
          yield* device_map(parent.dev, child.start, pfn, write);
        }
      }
      yield* mutex_unlock(child.umem_mutex);
      break;
    }
    yield* kref_put(child.ref, child_release);
    if (!again) return ret;
  }
}

/** Deregister the parent MR. */
export function* odp_dereg(parent) {
  yield* device_unbind(parent.dev);
  for (const [idx, child] of xa_for_each(parent.children)) {
    if ((yield* xa_cmpxchg(parent.children, idx, child, null)) === child) yield* destroy_child(child);
  }
  // The deferred destroys touch the parent: wait for them before freeing it. The count, not
  // the queue: an invalidation may have claimed a child and not queued its work yet.
  if (!parent.bugs.drain_only) yield* wait_event(parent.q_deferred_work, () => parent.num_deferred_work.v === 0);
  yield* destroy_workqueue(parent.wq);
  kfree(parent);
}

/* ---- the scenario ---- */

function* app(parent, addr) {
  const r = yield* device_access(parent.dev, addr, true);
  check(r === 0 || r === -EFAULT, `RDMA access failed with ${r}`);
  yield* odp_dereg(parent);
}

function* cpu(task, addr) {
  check((yield* sys_munmap(task, addr, PAGE_SIZE)) === 0, 'munmap failed');
}

function* init(bugs) {
  const task = task_create('app');
  const addr = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
  yield* user_write_u8(task, addr, 1);
  const dev = device_create('mlx0');
  const parent = kmalloc(new ImplicitMr(dev, task.mm, bugs));
  yield* device_bind(dev, task.mm, { fault: (_dev, a, w) => odp_fault(parent, a, w) });
  spawn('app', () => app(parent, addr));
  spawn('cpu', () => cpu(task, addr));
}

function driver_leaks() {
  check_leaks((o) => o instanceof ImplicitMr || o instanceof ChildMr || o.__label.startsWith('workqueue') || o.__label.startsWith('mmu_interval_notifier'));
}

export function scenario(bugs = {}, name = 'odp', designs = { v6: { clean: true } }) {
  return {
    name,
    description: 'an ODP-like driver: per-range child MRs with notifiers, torn down through a workqueue; a fault races munmap, then deregistration',
    designs,
    setup() {
      // kmemleak for the driver's objects (the process itself lives on after the scenario).
      cur.onExit(driver_leaks);
      spawn('init', () => init(bugs));
    },
  };
}

export default scenario();
