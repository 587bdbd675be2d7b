// An amdgpu-userptr-like driver (drivers/gpu/drm/amd/amdgpu/amdgpu_hmm.c and the command
// submission path, in outline): a buffer object backed by user memory, whose interval
// notifier waits for the GPU to go idle on the BO before letting the CPU change the pages.
//
//   bo->notifier     mmu_interval_notifier over the user range. invalidate: refuse a
//                    non-blockable range (return false: the OOM reaper retries), else take
//                    adev->notifier_lock, set_seq, wait for every fence in the BO's reservation
//                    object (dma_resv_wait_timeout), zap the GPU mapping, unlock.
//   submit (ioctl)   loop { seq = read_begin; mmap_read_lock; hmm_range_fault; unlock; lock
//                    the BO's reservation and notifier_lock; read_retry ? unlock and again :
//                    map the BO into the GPU VM, add the job's fence to the BO's reservation
//                    object; unlock }; hand the job to the GPU. The fence and the reservation
//                    slot are allocated before notifier_lock (lockdep's fs_reclaim rule).
//   the GPU          runs the job (a device write through its mapping), then signals the fence.
//
// The scenario: a job is submitted while the process munmaps the buffer (this file) or while
// the OOM reaper reaps it (examples/amdgpu-userptr-oom.mjs): clean on v6, both.
// `bugs.wait_in_nonblock` (examples/amdgpu-userptr-buggy.mjs) does not refuse the reaper's
// non-blockable range: it trylocks there (which is allowed) but then waits for the fence,
// which may sleep: sleep-in-atomic.

import { check, Completion, complete, KObj, Mutex, mutex_lock, mutex_trylock, mutex_unlock, spawn, wait_for_completion } from 'hmmsim/kernel';
import { EBUSY, EFAULT, MAP_ANONYMOUS, MAP_PRIVATE, mmap_read_lock, mmap_read_unlock, mmu_notifier_range_blockable, oom_kill_mm, PAGE_SIZE, PROT_READ, PROT_WRITE, sys_mmap, sys_munmap, task_create, user_write_u8 } from 'hmmsim/mm';
import {
  HMM_PFN_REQ_FAULT,
  HMM_PFN_REQ_WRITE,
  HMM_PFN_VALID,
  HmmRange,
  hmm_pfn_to_pfn,
  hmm_range_fault,
  MmuIntervalNotifier,
  mmu_interval_notifier_insert,
  mmu_interval_read_begin,
  mmu_interval_read_retry,
  mmu_interval_set_seq,
} from 'hmmsim/hmm/v6';
import { device_access, device_bind, device_create, device_map, device_zap } from 'hmmsim/drivers/device';
import {
  dma_fence_begin_signalling,
  dma_fence_create,
  dma_fence_end_signalling,
  dma_fence_put,
  dma_fence_signal,
  dma_resv_add_fence,
  dma_resv_fini,
  dma_resv_lock,
  dma_resv_reserve_fences,
  dma_resv_unlock,
  dma_resv_wait_timeout,
  DMA_RESV_USAGE_BOOKKEEP,
  DMA_RESV_USAGE_WRITE,
  DmaResv,
  MAX_SCHEDULE_TIMEOUT,
} from 'hmmsim/drivers/dma_buf';

/** The device: one notifier lock for every userptr BO (adev->notifier_lock). */
export class AmdgpuDevice extends KObj {
  constructor(dev, bugs = {}) {
    super('adev');
    this.dev = dev;
    this.bugs = bugs;
    this.notifier_lock = new Mutex('adev->notifier_lock', this);
  }
}

/** A userptr buffer object over [start, start + size). */
export class UserptrBo extends KObj {
  constructor(adev, start, size) {
    super('amdgpu_bo');
    this.adev = adev;
    this.start = start;
    this.size = size;
    this.resv = new DmaResv(this);
    this.notifier = new MmuIntervalNotifier(userptrOps);
    this.notifier.bo = this;
  }
}

const userptrOps = {
  *invalidate(mni, range, cur_seq) {
    const bo = mni.bo;
    const adev = bo.adev;
    const blockable = mmu_notifier_range_blockable(range);
    if (!blockable && !adev.bugs.wait_in_nonblock) return false;
    if (blockable) yield* mutex_lock(adev.notifier_lock);
    else if (!(yield* mutex_trylock(adev.notifier_lock))) return false;
    yield* mmu_interval_set_seq(mni, cur_seq);
    const r = yield* dma_resv_wait_timeout(bo.resv, DMA_RESV_USAGE_BOOKKEEP, false, MAX_SCHEDULE_TIMEOUT);
    check(r > 0, `waiting for the GPU failed with ${r}`);
    yield* device_zap(adev.dev, Math.max(range.start, bo.start), Math.min(range.end, bo.start + bo.size));
    yield* mutex_unlock(adev.notifier_lock);
    return true;
  },
};

/** amdgpu_hmm_register(). */
export function* amdgpu_hmm_register(bo, mm) {
  return yield* mmu_interval_notifier_insert(bo.notifier, mm, bo.start, bo.size, userptrOps);
}

/**
 * The command submission of one job writing the BO's first page: its fence, or a negative
 * errno. Everything that allocates (the fence, the reservation slot) happens before
 * adev->notifier_lock is taken: the notifier takes that lock inside reclaim's invalidation, so
 * an allocation under it is a lock-order inversion (lockdep finds it on the first run).
 */
export function* amdgpu_cs_submit(bo, mm) {
  const adev = bo.adev;
  const fence = dma_fence_create('gfx');
  const range = new HmmRange({ notifier: bo.notifier, start: bo.start, end: bo.start + PAGE_SIZE, default_flags: HMM_PFN_REQ_FAULT | HMM_PFN_REQ_WRITE, pfn_flags_mask: 0n });
  for (;;) {
    range.notifier_seq = yield* mmu_interval_read_begin(bo.notifier);
    yield* mmap_read_lock(mm);
    const ret = yield* hmm_range_fault(range);
    yield* mmap_read_unlock(mm);
    if (ret === -EBUSY) continue;
    if (ret !== 0) {
      yield* dma_fence_put(fence);
      return ret;
    }
    yield* dma_resv_lock(bo.resv);
    check(dma_resv_reserve_fences(bo.resv, 1) === 0, 'reserve failed');
    yield* mutex_lock(adev.notifier_lock);
    if (yield* mmu_interval_read_retry(bo.notifier, range.notifier_seq)) {
      yield* mutex_unlock(adev.notifier_lock);
      yield* dma_resv_unlock(bo.resv);
      continue;
    }
    const e = range.hmm_pfns[0];
    check((e & HMM_PFN_VALID) !== 0n, 'hmm_range_fault returned 0 with an invalid page');
    yield* device_map(adev.dev, bo.start, hmm_pfn_to_pfn(e), true);
    yield* dma_resv_add_fence(bo.resv, fence, DMA_RESV_USAGE_WRITE);
    yield* mutex_unlock(adev.notifier_lock);
    yield* dma_resv_unlock(bo.resv);
    return fence;
  }
}

/* ---- the scenario ---- */

class Job {
  constructor() {
    this.fence = null;
    this.ready = new Completion('job ready');
  }
}

function* app(bo, mm, job) {
  const r = yield* amdgpu_cs_submit(bo, mm);
  if (typeof r !== 'number') job.fence = r;
  else check(r === -EFAULT, `submit failed with ${r}`);
  yield* complete(job.ready);
}

/** The GPU runs the job: it writes the page through its mapping, then signals the fence. */
function* gpu(adev, bo, job) {
  yield* wait_for_completion(job.ready);
  const f = job.fence;
  if (f === null) return;
  const cookie = dma_fence_begin_signalling();
  const r = yield* device_access(adev.dev, bo.start, true);
  check(r === 0, `the GPU job faulted (${r}) while its fence was unsignalled`);
  yield* dma_fence_signal(f);
  dma_fence_end_signalling(cookie);
  yield* dma_fence_put(f);
}

function* cpu(task, bo) {
  check((yield* sys_munmap(task, bo.start, PAGE_SIZE)) === 0, 'munmap failed');
  yield* dma_resv_fini(bo.resv);
}

function* init(bugs, actor) {
  const task = task_create('app');
  const addr = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
  yield* user_write_u8(task, addr, 1);
  const dev = device_create('gpu0');
  // The GPU has no recoverable page faults for userptr BOs: a miss is a job error.
  yield* device_bind(dev, task.mm, { *fault() { return -EFAULT; } });
  const adev = new AmdgpuDevice(dev, bugs);
  const bo = new UserptrBo(adev, addr, PAGE_SIZE);
  check((yield* amdgpu_hmm_register(bo, task.mm)) === 0, 'register failed');
  const job = new Job();
  spawn('app', () => app(bo, task.mm, job));
  spawn('gpu', () => gpu(adev, bo, job));
  if (actor === 'munmap') spawn('cpu', () => cpu(task, bo));
  else spawn('oom', () => oom_kill_mm(task.mm, 1));
}

/**
 * The scenario: a job is submitted while the process munmaps the buffer (`actor` 'munmap') or
 * while the OOM reaper reaps it ('oom').
 */
export function scenario(bugs = {}, actor = 'munmap', name = 'amdgpu-userptr', designs = { v6: { clean: true } }) {
  return {
    name,
    description: `an amdgpu-userptr-like driver: its notifier waits for the GPU job's fence; the job races ${actor === 'munmap' ? 'munmap of the buffer' : 'the OOM reaper'}`,
    designs,
    setup() {
      spawn('init', () => init(bugs, actor));
    },
  };
}

export default scenario();
