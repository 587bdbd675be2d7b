// A nouveau-like shared-virtual-memory driver (drivers/gpu/drm/nouveau/nouveau_svm.c, in
// outline), written against the package's public API the way a driver author would.
//
//   svmm->notifier   a classic mmu_notifier: invalidate_range_start zaps the GPU page table
//                    over the range under svmm->mutex; on a non-blockable range (the OOM
//                    reaper's) it must not sleep, so it only trylocks and returns -EAGAIN.
//   fault            per fault, a short-lived mmu_interval_notifier over the faulting page:
//                    insert, then loop { seq = read_begin; mmap_read_lock; hmm_range_fault;
//                    unlock; lock svmm->mutex; read_retry ? unlock and again : program the GPU;
//                    unlock }, then remove it. Its invalidate callback only bumps the sequence.
//
// The scenario: the GPU faults on a page while the process munmaps it.
//   npx hmmsim check --scenario examples/nouveau-svm.mjs          # clean on v6
//   npx hmmsim explore examples/nouveau-svm-buggy.mjs --strategy dfs   # sleep-in-atomic
//
// `bugs.sleep_in_nonblock` (examples/nouveau-svm-buggy.mjs, where the OOM reaper races the
// fault): the classic notifier takes svmm->mutex with mutex_lock whatever the range.
//
// With the OOM reaper racing the fault of the correct driver, an exhaustive search (three
// preemptions) finds a hang: the reaper's interval-notifier invalidation succeeds, then the
// classic notifier refuses the range (-EAGAIN: the fault holds svmm->mutex), and since the
// core's invalidate_range_start returns that error without ending the interval-tree part that
// already started, the sequence stays odd and the next mmu_interval_read_begin waits forever.
// That is what __mmu_notifier_invalidate_range_start does in the model (as in the kernel
// sources it follows); this scenario therefore races munmap, whose range is blockable.

import { check, KObj, Mutex, mutex_lock, mutex_trylock, mutex_unlock, spawn } from 'hmmsim/kernel';
import {
  EAGAIN,
  EBUSY,
  EFAULT,
  MAP_ANONYMOUS,
  MAP_PRIVATE,
  MmuNotifier,
  mmap_read_lock,
  mmap_read_unlock,
  mmget_not_zero,
  mmput,
  mmu_notifier_range_blockable,
  mmu_notifier_register,
  oom_kill_mm,
  PAGE_SIZE,
  PROT_READ,
  PROT_WRITE,
  sys_mmap,
  sys_munmap,
  task_create,
  user_write_u8,
} from 'hmmsim/mm';
import {
  HMM_PFN_REQ_FAULT,
  HMM_PFN_REQ_WRITE,
  HMM_PFN_VALID,
  HMM_PFN_WRITE,
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
import { device_access, device_bind, device_create, device_map, device_zap } from 'hmmsim/drivers/device';

/** struct nouveau_svmm: one per process using SVM. */
export class NouveauSvmm extends KObj {
  constructor(dev, bugs = {}) {
    super('svmm');
    this.dev = dev;
    this.bugs = bugs;
    this.mm = null;
    this.mutex = new Mutex('svmm->mutex', this);
    this.notifier = new MmuNotifier(svmmNotifierOps, this);
  }

  *bind(mm) {
    const r = yield* mmu_notifier_register(this.notifier, mm);
    if (r !== 0) return r;
    this.mm = mm;
    yield* device_bind(this.dev, mm, { fault: (dev, addr, write) => svm_fault(this, addr, write) });
    return 0;
  }
}

const svmmNotifierOps = {
  *invalidate_range_start(sub, range) {
    const svmm = sub.container;
    if (mmu_notifier_range_blockable(range) || svmm.bugs.sleep_in_nonblock) yield* mutex_lock(svmm.mutex);
    else if (!(yield* mutex_trylock(svmm.mutex))) return -EAGAIN;
    yield* device_zap(svmm.dev, range.start, range.end);
    yield* mutex_unlock(svmm.mutex);
    return 0;
  },
};

/** The per-fault interval notifier only records that the range changed. */
const faultNotifierOps = {
  *invalidate(mni, range, cur_seq) {
    const svmm = mni.svmm;
    if (mmu_notifier_range_blockable(range)) yield* mutex_lock(svmm.mutex);
    else if (!(yield* mutex_trylock(svmm.mutex))) return false;
    yield* mmu_interval_set_seq(mni, cur_seq);
    yield* mutex_unlock(svmm.mutex);
    return true;
  },
};

/** nouveau_range_fault(), for one page. */
export function* svm_fault(svmm, addr, write) {
  const mm = svmm.mm;
  if (!(yield* mmget_not_zero(mm))) return -EFAULT;
  const start = addr - (addr % PAGE_SIZE);
  const notifier = new MmuIntervalNotifier(faultNotifierOps);
  notifier.svmm = svmm;
  let ret = yield* mmu_interval_notifier_insert(notifier, mm, start, PAGE_SIZE, faultNotifierOps);
  if (ret !== 0) {
    yield* mmput(mm);
    return ret;
  }
  const range = new HmmRange({ notifier, start, end: start + PAGE_SIZE, default_flags: HMM_PFN_REQ_FAULT | (write ? HMM_PFN_REQ_WRITE : 0n), pfn_flags_mask: 0n });
  for (;;) {
    range.notifier_seq = yield* mmu_interval_read_begin(notifier);
    yield* mmap_read_lock(mm);
    ret = yield* hmm_range_fault(range);
    yield* mmap_read_unlock(mm);
    if (ret === -EBUSY) continue;
    if (ret !== 0) break;
    yield* mutex_lock(svmm.mutex);
    if (yield* mmu_interval_read_retry(notifier, range.notifier_seq)) {
      yield* mutex_unlock(svmm.mutex);
      continue;
    }
    const e = range.hmm_pfns[0];
    if (e & HMM_PFN_VALID) yield* device_map(svmm.dev, start, hmm_pfn_to_pfn(e), (e & HMM_PFN_WRITE) !== 0n);
    yield* mutex_unlock(svmm.mutex);
    break;
  }
  yield* mmu_interval_notifier_remove(notifier);
  yield* mmput(mm);
  return ret;
}

/* ---- the scenario ---- */

function* gpu(dev, addr) {
  const r = yield* device_access(dev, addr, true);
  check(r === 0 || r === -EFAULT, `GPU fault failed with ${r}`);
}

function* cpu(task, addr) {
  check((yield* sys_munmap(task, addr, PAGE_SIZE)) === 0, 'munmap failed');
}

function* init(bugs) {
  const task = task_create('app');
  const addr = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
  yield* user_write_u8(task, addr, 1);
  const dev = device_create('gpu0');
  const svmm = new NouveauSvmm(dev, bugs);
  check((yield* svmm.bind(task.mm)) === 0, 'bind failed');
  spawn('gpu', () => gpu(dev, addr));
  if (bugs.sleep_in_nonblock) spawn('oom', () => oom_kill_mm(task.mm, 1));
  else spawn('cpu', () => cpu(task, addr));
}

/** The scenario, with `bugs` (none by default). */
export function scenario(bugs = {}, name = 'nouveau-svm', designs = { v6: { clean: true } }) {
  return {
    name,
    description: `a nouveau-like SVM driver: a GPU fault (per-fault interval notifier) races ${bugs.sleep_in_nonblock ? 'the OOM reaper (the classic notifier on a non-blockable range)' : 'munmap (both notifiers)'}`,
    designs,
    setup() {
      spawn('init', () => init(bugs));
    },
  };
}

export default scenario();
