/*
 * The reference mirror driver of design v6 on the simulated device: the pattern of
 * Documentation/mm/hmm.rst for Linux 5.5+ (what nouveau, amdgpu, mlx5 ODP and test_hmm do).
 *
 *   bind(mm)             one interval notifier over the whole user address space (as test_hmm);
 *                        the caller holds an mm_users reference, insert takes an mmgrab.
 *   device_fault(a, w)   mmget_not_zero (else -EFAULT); loop { seq = read_begin; mmap_read_lock;
 *                        hmm_range_fault; unlock; -EBUSY → again, bounded by
 *                        HMM_RANGE_DEFAULT_TIMEOUT of virtual time; driver lock; read_retry →
 *                        unlock and again; program the device; unlock }; mmput.
 *   invalidate(cb)       driver lock (trylock, and false if it is taken, on a non-blockable
 *                        range); set_seq; zap the device entries in the range; unlock.
 *   unbind()             stop device faults, wait for the ones in flight (teardown, held for
 *                        read by every fault), zap everything under the lock and mark the
 *                        driver dead, then mmu_interval_notifier_remove (a fence: no callback
 *                        after it). Zapping after the remove would leave a window in which the
 *                        CPU frees pages the device still maps (device-use-after-free); not
 *                        waiting for faults in flight lets one call mmget_not_zero() on an mm
 *                        the remove's mmdrop has freed once the process exited
 *                        (use-after-free; the `no_unbind_fence` variant, scenario
 *                        unbind-vs-fault).
 *
 * Locking: `update` (driver->update, a mutex) serialises programming the device page table
 * with the invalidate callback; it is the lock I5 speaks of, so the driver opts in to that
 * check (mmu_interval_check_program) before every device_map.
 *
 * `bugs` turns one documented rule off, for the scenarios that show what breaking it does.
 */

import { down_read, footprint, down_write, jiffies, mutex_lock, mutex_trylock, mutex_unlock, Mutex, READ_ONCE, RwSemaphore, up_read, up_write, type Sched } from '../../kernel/index.js';
import {
  HMM_PFN_REQ_FAULT,
  HMM_PFN_REQ_WRITE,
  HMM_PFN_VALID,
  HMM_PFN_WRITE,
  HMM_RANGE_DEFAULT_TIMEOUT,
  HmmRange,
  hmm_pfn_to_pfn,
  hmm_range_fault,
} from '../../hmm/v6/hmm.js';
import {
  MmuIntervalNotifier,
  mmu_interval_check_program,
  mmu_interval_notifier_insert,
  mmu_interval_notifier_remove,
  mmu_interval_read_begin,
  mmu_interval_read_retry,
  mmu_interval_set_seq,
  type MmuIntervalNotifierOps,
} from '../../mm/interval_notifier.js';
import {
  EBUSY,
  EFAULT,
  mmap_read_lock,
  mmap_read_unlock,
  mmget_not_zero,
  mmput,
  mmu_notifier_range_blockable,
  PAGE_SIZE,
  TASK_SIZE,
  type MmStruct,
  type MmuNotifierRange,
} from '../../mm/index.js';
import { device_bind, device_map, device_unbind, device_zap, device_zap_all, type DeviceOps, type SimDevice } from '../device.js';
import type { MirrorDriver } from '../mirror_driver.js';

/** Rules a deliberately broken variant of the driver leaves out. */
export interface V6DriverBugs {
  /** Program the device without the read_retry check under the lock. */
  no_read_retry?: boolean;
  /** Take the driver lock with mutex_lock even for a non-blockable range (may sleep). */
  sleep_in_nonblock?: boolean;
  /** Call mmu_interval_notifier_remove from the invalidate callback. */
  remove_in_invalidate?: boolean;
  /** Do not call mmu_interval_set_seq in the invalidate callback. */
  no_set_seq?: boolean;
  /** The invalidate callback takes no lock: set_seq and the zap run unserialised with faults. */
  invalidate_unlocked?: boolean;
  /** Program the device after dropping the driver lock (read_retry checked under it). */
  map_after_unlock?: boolean;
  /** unbind() does not wait for device faults in flight (the reference driver before #9). */
  no_unbind_fence?: boolean;
}

/** The whole user address space, as test_hmm subscribes (kept exact in doubles). */
const MIRROR_START = 0;
const MIRROR_LENGTH = TASK_SIZE + PAGE_SIZE;

export class V6MirrorDriver implements MirrorDriver {
  readonly design = 'v6';
  readonly update = new Mutex('driver->update');
  /** Held for read by every device fault, for write by unbind (waits for faults in flight). */
  readonly teardown = new RwSemaphore('driver->teardown');
  readonly notifier: MmuIntervalNotifier;
  mm: MmStruct | null = null;
  /** Set by unbind under `update`: a fault in flight must not program the device any more. */
  dead = false;
  /** dev_private_owner for hmm_range_fault: device-private pages of this device are reported. */
  readonly owner: object;
  /** Completed device faults, and -EBUSY retries taken (tests, reports). */
  faults = 0;
  retries = 0;
  constructor(
    readonly device: SimDevice,
    readonly bugs: V6DriverBugs = {},
  ) {
    this.notifier = new MmuIntervalNotifier(v6InvalidateOps);
    this.owner = device;
    notifierDriver.set(this.notifier, this);
  }

  *bind(mm: MmStruct): Sched<number> {
    const r = yield* mmu_interval_notifier_insert(this.notifier, mm, MIRROR_START, MIRROR_LENGTH, v6InvalidateOps);
    if (r !== 0) return r;
    this.mm = mm;
    deviceDriver.set(this.device, this);
    yield* device_bind(this.device, mm, v6DeviceOps);
    return 0;
  }

  *device_fault(addr: number, write: boolean): Sched<number> {
    return yield* v6_device_fault(this, addr, write);
  }

  *unbind(): Sched {
    if (this.mm === null) return;
    // Stop device faults and wait for the ones in flight; tear the device mappings down while
    // the subscription still guards the pages: once it is removed nothing tells us the CPU
    // drops them.
    yield* device_unbind(this.device);
    if (!this.bugs.no_unbind_fence) yield* down_write(this.teardown);
    yield* mutex_lock(this.update);
    this.dead = true;
    // A plain store that a fault without the fence reads with READ_ONCE (v6_device_fault).
    footprint('write', this);
    yield* device_zap_all(this.device);
    yield* mutex_unlock(this.update);
    if (!this.bugs.no_unbind_fence) yield* up_write(this.teardown);
    yield* mmu_interval_notifier_remove(this.notifier);
  }
}

const notifierDriver = new WeakMap<MmuIntervalNotifier, V6MirrorDriver>();
const deviceDriver = new WeakMap<SimDevice, V6MirrorDriver>();

/** The device's page-fault handler: the driver's fault path. */
const v6DeviceOps: DeviceOps = {
  fault(dev, addr, write) {
    return v6_device_fault(deviceDriver.get(dev)!, addr, write);
  },
};

/** The invalidate callback (mmu_interval_notifier_ops.invalidate). */
const v6InvalidateOps: MmuIntervalNotifierOps = {
  invalidate: v6_invalidate,
};

function* v6_invalidate(mni: MmuIntervalNotifier, range: MmuNotifierRange, cur_seq: number): Sched<boolean> {
  const drv = notifierDriver.get(mni)!;
  if (drv.bugs.invalidate_unlocked) {
    yield* mmu_interval_set_seq(mni, cur_seq);
    yield* device_zap(drv.device, range.start, range.end);
    return true;
  }
  if (mmu_notifier_range_blockable(range) || drv.bugs.sleep_in_nonblock) yield* mutex_lock(drv.update);
  else if (!(yield* mutex_trylock(drv.update))) return false;
  if (!drv.bugs.no_set_seq) yield* mmu_interval_set_seq(mni, cur_seq);
  yield* device_zap(drv.device, range.start, range.end);
  yield* mutex_unlock(drv.update);
  if (drv.bugs.remove_in_invalidate) yield* mmu_interval_notifier_remove(mni);
  return true;
}

/** One device page fault at `addr` (the §3.3 [5.5]+ pattern), over `npages` pages from there. */
export function* v6_device_fault(drv: V6MirrorDriver, addr: number, write: boolean, npages = 1): Sched<number> {
  if (drv.bugs.no_unbind_fence) {
    // Without the fence, `dead` is read while unbind may be writing it.
    if (drv.mm === null || (yield* READ_ONCE(drv, 'dead'))) return -EFAULT;
    return yield* v6_device_fault_pinned(drv, drv.mm, addr, write, npages);
  }
  yield* down_read(drv.teardown);
  // Under teardown (read) unbind has either not started or finished: dead tells which.
  const ret = drv.mm === null || drv.dead ? -EFAULT : yield* v6_device_fault_pinned(drv, drv.mm, addr, write, npages);
  yield* up_read(drv.teardown);
  return ret;
}

function* v6_device_fault_pinned(drv: V6MirrorDriver, mm: MmStruct, addr: number, write: boolean, npages: number): Sched<number> {
  if (!(yield* mmget_not_zero(mm))) return -EFAULT;
  const start = addr - (addr % PAGE_SIZE);
  const range = new HmmRange({
    notifier: drv.notifier,
    start,
    end: start + npages * PAGE_SIZE,
    default_flags: HMM_PFN_REQ_FAULT | (write ? HMM_PFN_REQ_WRITE : 0n),
    pfn_flags_mask: 0n,
    dev_private_owner: drv.owner,
  });
  const timeout = jiffies() + HMM_RANGE_DEFAULT_TIMEOUT;
  let ret: number;
  for (;;) {
    if (jiffies() > timeout) {
      ret = -EBUSY;
      break;
    }
    range.notifier_seq = yield* mmu_interval_read_begin(drv.notifier);
    yield* mmap_read_lock(mm);
    ret = yield* hmm_range_fault(range);
    yield* mmap_read_unlock(mm);
    if (ret !== 0) {
      if (ret === -EBUSY) {
        drv.retries++;
        continue;
      }
      break;
    }
    yield* mutex_lock(drv.update);
    if (!drv.bugs.no_read_retry && (yield* mmu_interval_read_retry(drv.notifier, range.notifier_seq))) {
      yield* mutex_unlock(drv.update);
      drv.retries++;
      continue;
    }
    if (drv.dead) {
      yield* mutex_unlock(drv.update);
      ret = -EFAULT;
      break;
    }
    if (drv.bugs.map_after_unlock) {
      yield* mutex_unlock(drv.update);
      yield* program(drv, range);
    } else {
      yield* program(drv, range);
      yield* mutex_unlock(drv.update);
    }
    drv.faults++;
    break;
  }
  yield* mmput(mm);
  return ret;
}

/** Program the device from the range's output (driver lock held, read_retry just false). */
function* program(drv: V6MirrorDriver, range: HmmRange): Sched {
  const pfns = range.hmm_pfns;
  for (let i = 0; i < pfns.length; i++) {
    const e = pfns[i]!;
    if ((e & HMM_PFN_VALID) === 0n) continue;
    // The I5 opt-in; the variants that break the locking rule stand for drivers that do not opt in.
    if (!drv.bugs.no_read_retry && !drv.bugs.invalidate_unlocked && !drv.bugs.map_after_unlock) mmu_interval_check_program(drv.notifier, range.notifier_seq, drv.update);
    yield* device_map(drv.device, range.start + i * PAGE_SIZE, hmm_pfn_to_pfn(e), (e & HMM_PFN_WRITE) !== 0n);
  }
}
