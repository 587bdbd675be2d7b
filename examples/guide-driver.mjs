// The driver of the README guide "Writing your own driver": a complete v6 mirror driver for a
// device with its own page table, and a scenario that races its device fault with munmap.
import { check, check_leaks, cur, kfree, kmalloc, KObj, Mutex, mutex_lock, mutex_trylock, mutex_unlock, spawn } from 'hmmsim/kernel';
import { EBUSY, EFAULT, MAP_ANONYMOUS, MAP_PRIVATE, mmap_read_lock, mmap_read_unlock, mmget_not_zero, mmput, mmu_notifier_range_blockable, PAGE_SIZE, PROT_READ, PROT_WRITE, sys_mmap, sys_munmap, task_create, TASK_SIZE, user_write_u8 } from 'hmmsim/mm';
import { HMM_PFN_REQ_FAULT, HMM_PFN_REQ_WRITE, HMM_PFN_VALID, HMM_PFN_WRITE, HmmRange, hmm_pfn_to_pfn, hmm_range_fault } from 'hmmsim/hmm/v6';
import { MmuIntervalNotifier, mmu_interval_notifier_insert, mmu_interval_notifier_remove, mmu_interval_read_begin, mmu_interval_read_retry, mmu_interval_set_seq } from 'hmmsim/hmm/v6';
import { device_access, device_bind, device_create, device_map, device_unbind, device_zap, device_zap_all } from 'hmmsim/drivers/device';

// 1. The driver's structure extends KObj: kmalloc/kfree give it a KASAN lifetime, and the lock
//    and notifier created with it as owner are reported as use-after-free once it is freed.
export class MyDriver extends KObj {
  constructor(dev, bugs = {}) {
    super('mydrv');
    this.dev = dev;
    this.bugs = bugs;
    this.mm = null;
    this.lock = new Mutex('mydrv->lock', this); // serialises device programming with invalidation
    this.notifier = new MmuIntervalNotifier(myNotifierOps);
    this.notifier.drv = this;
  }
}

// 2. The invalidate callback: a generator, like every callback the model calls. It must not
//    sleep on a non-blockable range, so it trylocks there and refuses when contended.
const myNotifierOps = {
  *invalidate(mni, range, cur_seq) {
    const drv = mni.drv;
    if (mmu_notifier_range_blockable(range)) yield* mutex_lock(drv.lock);
    else if (!(yield* mutex_trylock(drv.lock))) return false;
    yield* mmu_interval_set_seq(mni, cur_seq);
    yield* device_zap(drv.dev, range.start, range.end);
    yield* mutex_unlock(drv.lock);
    return true;
  },
};

export function* my_bind(drv, mm) {
  const r = yield* mmu_interval_notifier_insert(drv.notifier, mm, 0, TASK_SIZE, myNotifierOps);
  if (r !== 0) return r;
  drv.mm = mm;
  yield* device_bind(drv.dev, mm, { fault: (_dev, addr, write) => my_fault(drv, addr, write) });
  return 0;
}

// 3. The device page fault, the pattern of Documentation/mm/hmm.rst: fault the page with
//    hmm_range_fault, then program the device under the lock only if no invalidation ran since
//    mmu_interval_read_begin.
export function* my_fault(drv, addr, write) {
  if (!(yield* mmget_not_zero(drv.mm))) return -EFAULT;
  const start = addr - (addr % PAGE_SIZE);
  const range = new HmmRange({ notifier: drv.notifier, start, end: start + PAGE_SIZE, default_flags: HMM_PFN_REQ_FAULT | (write ? HMM_PFN_REQ_WRITE : 0n), pfn_flags_mask: 0n });
  let ret;
  for (;;) {
    range.notifier_seq = yield* mmu_interval_read_begin(drv.notifier);
    yield* mmap_read_lock(drv.mm);
    ret = yield* hmm_range_fault(range);
    yield* mmap_read_unlock(drv.mm);
    if (ret === -EBUSY) continue;
    if (ret !== 0) break;
    yield* mutex_lock(drv.lock);
    if (!drv.bugs.no_read_retry && (yield* mmu_interval_read_retry(drv.notifier, range.notifier_seq))) {
      yield* mutex_unlock(drv.lock);
      continue;
    }
    const e = range.hmm_pfns[0];
    if (e & HMM_PFN_VALID) yield* device_map(drv.dev, start, hmm_pfn_to_pfn(e), (e & HMM_PFN_WRITE) !== 0n);
    yield* mutex_unlock(drv.lock);
    break;
  }
  yield* mmput(drv.mm);
  return ret;
}

// 4. Teardown: stop faults, zap the device under the lock while the notifier still guards the
//    pages, remove the notifier (no callback runs after it returns), free the driver.
export function* my_unbind(drv) {
  yield* device_unbind(drv.dev);
  yield* mutex_lock(drv.lock);
  yield* device_zap_all(drv.dev);
  yield* mutex_unlock(drv.lock);
  yield* mmu_interval_notifier_remove(drv.notifier);
  kfree(drv);
}

// 5. The scenario: the device writes a page and the driver unbinds, while the CPU unmaps it.
function* gpu(drv, addr) {
  const r = yield* device_access(drv.dev, addr, true);
  check(r === 0 || r === -EFAULT, `device fault failed with ${r}`);
  yield* my_unbind(drv);
}

function* cpu(task, addr) {
  check((yield* sys_munmap(task, addr, PAGE_SIZE)) === 0, 'munmap failed');
}

function* init(bugs) {
  const task = task_create('app');
  const addr = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
  yield* user_write_u8(task, addr, 1);
  const drv = kmalloc(new MyDriver(device_create('gpu0'), bugs));
  check((yield* my_bind(drv, task.mm)) === 0, 'bind failed');
  spawn('gpu', () => gpu(drv, addr));
  spawn('cpu', () => cpu(task, addr));
}

export function scenario(bugs = {}, name = 'guide-driver', designs = { v6: { clean: true } }) {
  return {
    name,
    description: 'the README guide driver: a device write and unbind race munmap',
    designs,
    setup() {
      // kmemleak for the driver's own objects, once every thread has exited.
      cur.onExit(() => check_leaks((o) => o instanceof MyDriver));
      spawn('init', () => init(bugs));
    },
  };
}

export default scenario();
