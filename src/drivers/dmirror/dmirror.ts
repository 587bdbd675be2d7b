/*
 * lib/test_hmm.c in the model: the "dmirror" test device on design v6 (mmu_interval_notifier +
 * hmm_range_fault). A pretend device that reaches a process's address space through its own
 * page table, driven by the HMM selftests through ioctls on /dev/hmm_dmirrorN.
 *
 * What it owns, and what protects it:
 *   struct dmirror_device (DmirrorDevice)  one per device node, created when the module loads
 *        (per execution) with its first 256 MiB chunk of device memory (devmem.ts). Devices 0
 *        and 1 have device-private memory; 2 and 3 device-coherent memory, which the kernel
 *        module takes from spm_addr_dev0/1 and the model provides (module parameter `spm`, on
 *        by default; off, devices 2 and 3 do not exist and the coherent fixtures SKIP as the
 *        kernel's do on a machine without it).
 *   struct dmirror (Dmirror)  one per open(): bound to the opener's mm through ONE interval
 *        notifier over the whole address space [0, ULONG_MAX & PAGE_MASK]. Freed on the last
 *        close (release), which removes the notifier, then evicts all of the device's memory
 *        back to system memory. `flags` holds the FLAGS ioctl's fault injection.
 *   dmirror->pt  the device page table: virtual page -> (page, WRITE / ATOMIC tag or
 *        read-only), kept in a SimDevice (src/drivers/device.ts), which checks it against the
 *        CPU page tables all the time (stale-device-mapping, device-use-after-free). It holds
 *        no page references: invalidation must clear entries before the CPU frees their pages.
 *        For device-private memory it holds the backing page that stands for the device page.
 *   dmirror->mutex  serialises the device page table against invalidations: the fault path
 *        programs entries under it after mmu_interval_read_retry() said "no collision", and the
 *        invalidate callback takes it around mmu_interval_set_seq() and the zap (trylock and
 *        return false when the range is not blockable).
 *
 * READ, WRITE, SNAPSHOT and the fault path live here; migration and exclusive access in
 * migrate.ts, device memory in devmem.ts, the bounce buffer in bounce.ts.
 * Every step follows the kernel's driver: names are the kernel's, the code is our own.
 */

import {
  footprint,
  jiffies,
  kasan_check,
  kfree,
  KObj,
  kmalloc,
  Mutex,
  mutex_lock,
  mutex_trylock,
  mutex_unlock,
  trace,
  WARN_ON,
  type Sched,
} from '../../kernel/index.js';
import { __put_page, alloc_page, PageKind } from '../../mm/page.js';
import { PAGE_SHIFT, PAGE_SIZE, PMD_SHIFT, PUD_SHIFT } from '../../mm/constants.js';
import { EBUSY, EFAULT, EINVAL, ENOENT, ENOMEM } from '../../mm/errno.js';
import { file_create, type File } from '../../mm/filemap.js';
import {
  mmu_interval_check_program,
  mmu_interval_notifier_insert,
  mmu_interval_notifier_remove,
  mmu_interval_read_begin,
  mmu_interval_read_retry,
  mmu_interval_set_seq,
  MmuIntervalNotifier,
  type MmuIntervalNotifierOps,
} from '../../mm/interval_notifier.js';
import { put_page_step, vm_insert_page } from '../../mm/memory.js';
import { mmap_read_lock, mmap_read_unlock, mmget_not_zero, mmput, type MmStruct } from '../../mm/mm_struct.js';
import { MMU_NOTIFY_MIGRATE, mmu_notifier_range_blockable, type MmuNotifierRange } from '../../mm/mmu_notifier.js';
import { is_zero_pfn } from '../../mm/page.js';
import type { VmAreaStruct } from '../../mm/vma.js';
import { per_execution } from '../../mm/exec_state.js';
import { device_bind, device_create, device_map, device_unbind, device_zap, device_zap_all, type SimDevice } from '../device.js';
import { dmirror_bounce_fini, dmirror_bounce_init, dmirror_do_read, dmirror_do_write, type Bounce } from './bounce.js';
import { Devmem, DEVMEM_CHUNK_PAGES, dmirror_allocate_first_chunk, dmirror_device_evict_chunk, dmirror_device_remove_chunks } from './devmem.js';
import { dmirror_check_atomic, dmirror_exclusive, dmirror_migrate_to_device, dmirror_migrate_to_system } from './migrate.js';
import {
  HMM_PFN_ERROR,
  HMM_PFN_REQ_FAULT,
  HMM_PFN_REQ_WRITE,
  HMM_PFN_VALID,
  HMM_PFN_WRITE,
  hmm_pfn_to_map_order,
  hmm_pfn_to_page,
  hmm_pfn_to_pfn,
  hmm_range_fault,
  HmmRange,
  HMM_RANGE_DEFAULT_TIMEOUT,
} from '../../hmm/v6/index.js';
import type { UserAccess } from './uaccess.js';
import {
  dmirror_ioctl_name,
  HMM_DMIRROR_CHECK_EXCLUSIVE,
  HMM_DMIRROR_EXCLUSIVE,
  HMM_DMIRROR_FLAGS,
  HMM_DMIRROR_MEMORY_DEVICE_COHERENT,
  HMM_DMIRROR_MEMORY_DEVICE_PRIVATE,
  HMM_DMIRROR_MIGRATE_TO_DEV,
  HMM_DMIRROR_MIGRATE_TO_SYS,
  HMM_DMIRROR_PROT_DEV_COHERENT_LOCAL,
  HMM_DMIRROR_PROT_DEV_COHERENT_REMOTE,
  HMM_DMIRROR_PROT_DEV_PRIVATE_LOCAL,
  HMM_DMIRROR_PROT_DEV_PRIVATE_REMOTE,
  HMM_DMIRROR_PROT_ERROR,
  HMM_DMIRROR_PROT_NONE,
  HMM_DMIRROR_PROT_PMD,
  HMM_DMIRROR_PROT_PUD,
  HMM_DMIRROR_PROT_READ,
  HMM_DMIRROR_PROT_WRITE,
  HMM_DMIRROR_PROT_ZERO,
  HMM_DMIRROR_READ,
  HMM_DMIRROR_RELEASE,
  HMM_DMIRROR_SNAPSHOT,
  HMM_DMIRROR_WRITE,
  type HmmDmirrorCmd,
} from './uapi.js';

export const DMIRROR_NDEVICES = 4;
export const DPT_XA_TAG_ATOMIC = 1;
export const DPT_XA_TAG_WRITE = 3;
/** The driver's on-stack pfns[32] (the newest test_hmm.c): fault and snapshot walk the range in pieces this big. */
export const DMIRROR_RANGE_PFNS = 32;
/** ULONG_MAX & PAGE_MASK: exact as a double (2^64 - 2^12). */
const ULONG_MAX_PAGE = 2 ** 64 - PAGE_SIZE;

/*
 * Fault injection for the suite's own negative tests: each switch breaks one rule of the
 * driver so a test can show the selftests and the checkers catch it. All off by default.
 */
export const dmirror_fault_injection = {
  /** The invalidate callback forgets mmu_interval_set_seq(). */
  skip_set_seq: false,
  /** The fault path programs the device without mmu_interval_read_retry(). */
  skip_read_retry: false,
  /** dmirror_mkentry() reports every valid page as READ (wrong snapshot encoding). */
  snapshot_always_read: false,
};

/* ---- devices (module load) ----------------------------------------------------------------- */

export class DmirrorDevice {
  /** Chunks, free lists and their locks (devmem.ts). */
  devmem: Devmem;
  constructor(
    readonly id: number,
    /** HMM_DMIRROR_MEMORY_DEVICE_PRIVATE or _COHERENT. */
    readonly zone_device_type: number,
  ) {
    this.devmem = new Devmem(`hmm_dmirror${id}`);
  }
  get name(): string {
    return `hmm_dmirror${this.id}`;
  }
  toString(): string {
    return this.name;
  }
}

export interface DmirrorModuleParams {
  /** spm_addr_dev0 && spm_addr_dev1 given: devices 2 and 3 (coherent) exist (default on). */
  spm: boolean;
  /**
   * Model only, not a module parameter: pages per device-memory chunk (default
   * DEVMEM_CHUNK_PAGES, 256 MiB). Explorations on a reduced size use a few pages.
   */
  chunk_pages: number;
}

interface DmirrorModule {
  params: DmirrorModuleParams;
  devices: (DmirrorDevice | null)[] | null;
}

const dmirror_module = per_execution<DmirrorModule>('drivers.dmirror', () => ({ params: { spm: true, chunk_pages: DEVMEM_CHUNK_PAGES }, devices: null }));

/** Module parameters for this execution (call before the first open). */
export function dmirror_module_params(p: Partial<DmirrorModuleParams>): void {
  const m = dmirror_module();
  m.params = { ...m.params, ...p };
  m.devices = null;
}

/** hmm_dmirror_init(): the device nodes of this execution (created on first use). */
export function dmirror_devices(): (DmirrorDevice | null)[] {
  const m = dmirror_module();
  if (m.devices === null) {
    const d: (DmirrorDevice | null)[] = [new DmirrorDevice(0, HMM_DMIRROR_MEMORY_DEVICE_PRIVATE), new DmirrorDevice(1, HMM_DMIRROR_MEMORY_DEVICE_PRIVATE), null, null];
    if (m.params.spm) {
      d[2] = new DmirrorDevice(2, HMM_DMIRROR_MEMORY_DEVICE_COHERENT);
      d[3] = new DmirrorDevice(3, HMM_DMIRROR_MEMORY_DEVICE_COHERENT);
    }
    // dmirror_device_init(): every device starts with one chunk of free device memory.
    for (const dev of d) {
      if (dev === null) continue;
      dev.devmem.chunk_pages = m.params.chunk_pages;
      dmirror_allocate_first_chunk(dev);
    }
    m.devices = d;
  }
  return m.devices;
}

/* ---- struct dmirror ------------------------------------------------------------------------ */

export class Dmirror extends KObj {
  /** dmirror->flags: HMM_DMIRROR_FLAG_* set by the FLAGS ioctl. */
  flags = 0;
  readonly mutex: Mutex;
  readonly notifier: MmuIntervalNotifier;
  /** dmirror->pt, with the simulated device's checks. */
  readonly pt: SimDevice;
  constructor(readonly mdevice: DmirrorDevice) {
    super('dmirror');
    this.mutex = new Mutex('dmirror->mutex', this);
    this.notifier = new MmuIntervalNotifier(dmirror_min_ops, this);
    this.pt = device_create(`${mdevice.name}/${this.__label}`);
  }
}

/** The snapshot's temporary subscription (struct dmirror_interval, on the caller's stack). */
class DmirrorInterval extends KObj {
  readonly notifier: MmuIntervalNotifier;
  constructor(readonly dmirror: Dmirror) {
    super('dmirror_interval');
    this.notifier = new MmuIntervalNotifier(dmirror_mrn_ops, this);
  }
}

/* ---- the device file ------------------------------------------------------------------------ */

/** What the process layer needs of an open device file. */
export interface DeviceFile {
  readonly file: File;
  ioctl(request: number, arg: unknown, ua: UserAccess): Sched<number>;
  release(): Sched;
}

class DmirrorFile implements DeviceFile {
  readonly file: File;
  constructor(
    readonly mdevice: DmirrorDevice,
    /** filp->private_data */
    public dmirror: Dmirror | null,
  ) {
    this.file = file_create(`/dev/${mdevice.name}`, 0, { writable: true, f_op: { mmap: dmirror_fops_mmap } });
    this.file.private_data = dmirror;
  }
  *ioctl(request: number, arg: unknown, ua: UserAccess): Sched<number> {
    return yield* dmirror_fops_unlocked_ioctl(this, request, arg as HmmDmirrorCmd, ua);
  }
  *release(): Sched {
    yield* dmirror_fops_release(this);
  }
}

const DEV_PATH = /^\/dev\/hmm_dmirror([0-9]+)$/;

/**
 * open() of a device node by path, as `mm`'s process. Returns the open file, a negative errno
 * from the driver, or null when no such node exists.
 */
export function* dmirror_open_path(path: string, task: { mm: MmStruct | null }, _ua: UserAccess): Sched<DeviceFile | number | null> {
  const m = DEV_PATH.exec(path);
  if (m === null) return null;
  const id = Number(m[1]);
  const mdevice = id < DMIRROR_NDEVICES ? (dmirror_devices()[id] ?? null) : null;
  if (mdevice === null) return null;
  if (task.mm === null) return -EINVAL;
  return yield* dmirror_fops_open(mdevice, task.mm);
}

/** dmirror_fops_open(): a new mirror of the opener's address space. */
export function* dmirror_fops_open(mdevice: DmirrorDevice, mm: MmStruct): Sched<DeviceFile | number> {
  const dmirror = kmalloc(new Dmirror(mdevice));
  const ret = yield* mmu_interval_notifier_insert(dmirror.notifier, mm, 0, ULONG_MAX_PAGE, dmirror_min_ops);
  if (ret) {
    kfree(dmirror, 'dmirror_fops_open');
    return ret;
  }
  yield* device_bind(dmirror.pt, mm, dmirror_device_ops);
  return new DmirrorFile(mdevice, dmirror);
}

/** dmirror_fops_release(): the last close. */
export function* dmirror_fops_release(filp: DmirrorFile): Sched {
  const dmirror = kasan_check(filp.dmirror, 'dmirror_fops_release');
  yield* mmu_interval_notifier_remove(dmirror.notifier);
  // xa_destroy. The kernel empties the table after the eviction below; nothing reads it in
  // between (the file is going away), and emptying it first tells the device checker that
  // this mirror's device no longer reaches the pages the eviction frees.
  yield* device_zap_all(dmirror.pt);
  yield* device_unbind(dmirror.pt);
  // Every page of the device's memory goes back to system memory (whoever's it is).
  // (The list of chunks is read without devmem_lock, which orders its changes.)
  footprint('lock data', dmirror.mdevice.devmem.devmem_lock);
  for (const chunk of [...dmirror.mdevice.devmem.chunks]) yield* dmirror_device_evict_chunk(chunk);
  kfree(dmirror, 'dmirror_fops_release');
}

/* The device's own page-fault path (device_access); dmirror faults from its ioctls instead. */
const dmirror_device_ops = {
  *fault(dev: SimDevice, addr: number, write: boolean): Sched<number> {
    void dev;
    void addr;
    void write;
    yield;
    return -EFAULT;
  },
};

/* ---- the device page table ------------------------------------------------------------------ */

function* dmirror_do_fault(dmirror: Dmirror, range: HmmRange): Sched<number> {
  const pfns = range.hmm_pfns;
  for (let addr = range.start, i = 0; addr < range.end; addr += PAGE_SIZE, i++) {
    const entry = pfns[i]!;
    // Every page was requested with REQ_FAULT, so a successful walk leaves no ERROR or empty entry.
    WARN_ON((entry & HMM_PFN_ERROR) !== 0n, 'dmirror_do_fault: HMM_PFN_ERROR after a successful hmm_range_fault');
    WARN_ON((entry & HMM_PFN_VALID) === 0n, 'dmirror_do_fault: !HMM_PFN_VALID after a successful hmm_range_fault');
    // (The kernel also WARNs on a NULL page. In the model pfn_to_page() is null only for a
    // freed pfn, which device_map() below reports as the device-use-after-free it is.)
    const write = (entry & HMM_PFN_WRITE) !== 0n;
    if (!write && WARN_ON((range.default_flags & HMM_PFN_REQ_WRITE) !== 0n, 'dmirror_do_fault: write requested, read-only pfn returned')) return -EFAULT;
    yield* device_map(dmirror.pt, addr, hmm_pfn_to_pfn(entry), write);
  }
  return 0;
}

/** Erase entries start>>PAGE_SHIFT ..= end>>PAGE_SHIFT (inclusive, as xa_for_each_range does). */
function* dmirror_do_update(dmirror: Dmirror, start: number, end: number): Sched {
  yield* device_zap(dmirror.pt, start, end + PAGE_SIZE);
}

/* ---- invalidation --------------------------------------------------------------------------- */

function* dmirror_interval_invalidate(mni: MmuIntervalNotifier, range: MmuNotifierRange, cur_seq: number): Sched<boolean> {
  const dmirror = mni.container as Dmirror;
  // Our own migrations update the device page table themselves.
  if (range.event === MMU_NOTIFY_MIGRATE && range.owner === dmirror.mdevice) return true;
  if (mmu_notifier_range_blockable(range)) yield* mutex_lock(dmirror.mutex);
  else if (!(yield* mutex_trylock(dmirror.mutex))) return false;
  if (!dmirror_fault_injection.skip_set_seq) yield* mmu_interval_set_seq(mni, cur_seq);
  yield* dmirror_do_update(dmirror, range.start, range.end);
  yield* mutex_unlock(dmirror.mutex);
  return true;
}

const dmirror_min_ops: MmuIntervalNotifierOps = { invalidate: dmirror_interval_invalidate };

function* dmirror_snapshot_invalidate(mni: MmuIntervalNotifier, range: MmuNotifierRange, cur_seq: number): Sched<boolean> {
  const dmirror = (mni.container as DmirrorInterval).dmirror;
  if (mmu_notifier_range_blockable(range)) yield* mutex_lock(dmirror.mutex);
  else if (!(yield* mutex_trylock(dmirror.mutex))) return false;
  // A snapshot is all or nothing: any overlap spoils it, so moving the sequence is enough.
  if (!dmirror_fault_injection.skip_set_seq) yield* mmu_interval_set_seq(mni, cur_seq);
  yield* mutex_unlock(dmirror.mutex);
  return true;
}

const dmirror_mrn_ops: MmuIntervalNotifierOps = { invalidate: dmirror_snapshot_invalidate };

/* ---- faulting ------------------------------------------------------------------------------ */

function* dmirror_range_fault(dmirror: Dmirror, range: HmmRange): Sched<number> {
  const mm = dmirror.notifier.mm!;
  const timeout = jiffies() + HMM_RANGE_DEFAULT_TIMEOUT;
  const notifier = range.notifier!;
  for (;;) {
    if (jiffies() > timeout) return -EBUSY;
    range.notifier_seq = yield* mmu_interval_read_begin(notifier);
    yield* mmap_read_lock(mm);
    const ret = yield* hmm_range_fault(range);
    yield* mmap_read_unlock(mm);
    if (ret) {
      if (ret === -EBUSY) continue;
      return ret;
    }
    yield* mutex_lock(dmirror.mutex);
    if (!dmirror_fault_injection.skip_read_retry && (yield* mmu_interval_read_retry(notifier, range.notifier_seq))) {
      yield* mutex_unlock(dmirror.mutex);
      continue;
    }
    break;
  }
  if (!dmirror_fault_injection.skip_read_retry) mmu_interval_check_program(notifier, range.notifier_seq, dmirror.mutex);
  const ret = yield* dmirror_do_fault(dmirror, range);
  yield* mutex_unlock(dmirror.mutex);
  return ret;
}

/** dmirror_fault(): make the device page table cover [start, end), 32 pages at a time. */
export function* dmirror_fault(dmirror: Dmirror, start: number, end: number, write: boolean): Sched<number> {
  const mm = dmirror.notifier.mm!;
  const range = new HmmRange({
    notifier: dmirror.notifier,
    start,
    end,
    hmm_pfns: new BigUint64Array(DMIRROR_RANGE_PFNS),
    pfn_flags_mask: 0n,
    default_flags: HMM_PFN_REQ_FAULT | (write ? HMM_PFN_REQ_WRITE : 0n),
    dev_private_owner: dmirror.mdevice,
  });
  // Faulting needs the address space alive: a user reference for the duration (none: nothing to do).
  if (!(yield* mmget_not_zero(mm))) return 0;
  let ret = 0;
  for (let addr = start; addr < end; addr = range.end) {
    range.start = addr;
    range.end = Math.min(addr + DMIRROR_RANGE_PFNS * PAGE_SIZE, end);
    ret = yield* dmirror_range_fault(dmirror, range);
    if (ret) break;
  }
  yield* mmput(mm);
  return ret;
}

/* ---- READ / WRITE -------------------------------------------------------------------------- */

/**
 * The READ/WRITE loop: copy between the device page table and the bounce buffer under the
 * mutex; on a missing entry (-ENOENT) fault the rest of the range in (one fault round, counted
 * in cmd.faults) and go on from the first page not yet copied.
 */
function* dmirror_copy_loop(dmirror: Dmirror, cmd: HmmDmirrorCmd, bounce: Bounce, write: boolean): Sched<number> {
  const end = cmd.addr + cmd.npages * PAGE_SIZE;
  let start = cmd.addr;
  for (;;) {
    yield* mutex_lock(dmirror.mutex);
    const ret = write ? dmirror_do_write(dmirror.pt, start, end, bounce) : dmirror_do_read(dmirror.pt, start, end, bounce);
    yield* mutex_unlock(dmirror.mutex);
    if (ret !== -ENOENT) return ret;
    start = cmd.addr + bounce.cpages * PAGE_SIZE;
    const r = yield* dmirror_fault(dmirror, start, end, write);
    if (r) return r;
    cmd.faults++;
  }
}

function* dmirror_read(dmirror: Dmirror, cmd: HmmDmirrorCmd, ua: UserAccess): Sched<number> {
  const size = cmd.npages * PAGE_SIZE;
  if (cmd.addr + size < cmd.addr) return -EINVAL;
  const bounce = dmirror_bounce_init(cmd.addr, size);
  if (bounce === null) return -ENOMEM;
  let ret = yield* dmirror_copy_loop(dmirror, cmd, bounce, false);
  if (ret === 0 && (yield* ua.copy_to_user(cmd.ptr, bounce.ptr)) !== 0) ret = -EFAULT;
  cmd.cpages = bounce.cpages;
  dmirror_bounce_fini(bounce);
  return ret;
}

function* dmirror_write(dmirror: Dmirror, cmd: HmmDmirrorCmd, ua: UserAccess): Sched<number> {
  const size = cmd.npages * PAGE_SIZE;
  if (cmd.addr + size < cmd.addr) return -EINVAL;
  const bounce = dmirror_bounce_init(cmd.addr, size);
  if (bounce === null) return -ENOMEM;
  let ret: number;
  if ((yield* ua.copy_from_user(bounce.ptr, cmd.ptr)) !== 0) ret = -EFAULT;
  else ret = yield* dmirror_copy_loop(dmirror, cmd, bounce, true);
  cmd.cpages = bounce.cpages;
  dmirror_bounce_fini(bounce);
  return ret;
}

/* ---- SNAPSHOT ----------------------------------------------------------------------------- */

/** dmirror_mkentry(): the snapshot byte for one hmm pfn. */
export function dmirror_mkentry(dmirror: Dmirror, entry: bigint): number {
  if (entry & HMM_PFN_ERROR) return HMM_DMIRROR_PROT_ERROR;
  if ((entry & HMM_PFN_VALID) === 0n) return HMM_DMIRROR_PROT_NONE;
  const page = hmm_pfn_to_page(entry);
  let perm: number;
  if (page !== null && page.kind === PageKind.DevicePrivate) {
    // Whose device memory is it: ours, or another mirror's?
    perm = page.pgmap?.owner === dmirror.mdevice ? HMM_DMIRROR_PROT_DEV_PRIVATE_LOCAL : HMM_DMIRROR_PROT_DEV_PRIVATE_REMOTE;
  } else if (page !== null && page.kind === PageKind.DeviceCoherent) {
    perm = page.pgmap?.owner === dmirror.mdevice ? HMM_DMIRROR_PROT_DEV_COHERENT_LOCAL : HMM_DMIRROR_PROT_DEV_COHERENT_REMOTE;
  } else if (is_zero_pfn(hmm_pfn_to_pfn(entry))) {
    perm = HMM_DMIRROR_PROT_ZERO;
  } else {
    perm = HMM_DMIRROR_PROT_NONE;
  }
  if (entry & HMM_PFN_WRITE && !dmirror_fault_injection.snapshot_always_read) perm |= HMM_DMIRROR_PROT_WRITE;
  else perm |= HMM_DMIRROR_PROT_READ;
  const order = hmm_pfn_to_map_order(entry);
  if (order + PAGE_SHIFT === PMD_SHIFT) perm |= HMM_DMIRROR_PROT_PMD;
  else if (order + PAGE_SHIFT === PUD_SHIFT) perm |= HMM_DMIRROR_PROT_PUD;
  return perm;
}

function* dmirror_range_snapshot(dmirror: Dmirror, range: HmmRange, perm: Uint8Array): Sched<number> {
  const mm = dmirror.notifier.mm!;
  // A temporary subscription over just this piece: it sees invalidations even where other
  // subscriptions overlap.
  const notifier = new DmirrorInterval(dmirror);
  range.notifier = notifier.notifier;
  let ret = yield* mmu_interval_notifier_insert(range.notifier, mm, range.start, range.end - range.start, dmirror_mrn_ops);
  if (ret) return ret;
  const timeout = jiffies() + HMM_RANGE_DEFAULT_TIMEOUT;
  let locked = false;
  for (;;) {
    if (jiffies() > timeout) {
      ret = -EBUSY;
      break;
    }
    range.notifier_seq = yield* mmu_interval_read_begin(range.notifier);
    yield* mmap_read_lock(mm);
    ret = yield* hmm_range_fault(range);
    yield* mmap_read_unlock(mm);
    if (ret) {
      if (ret === -EBUSY) continue;
      break;
    }
    yield* mutex_lock(dmirror.mutex);
    if (yield* mmu_interval_read_retry(range.notifier, range.notifier_seq)) {
      yield* mutex_unlock(dmirror.mutex);
      continue;
    }
    locked = true;
    break;
  }
  if (locked) {
    const n = (range.end - range.start) / PAGE_SIZE;
    for (let i = 0; i < n; i++) perm[i] = dmirror_mkentry(dmirror, range.hmm_pfns[i]!);
    yield* mutex_unlock(dmirror.mutex);
  }
  yield* mmu_interval_notifier_remove(range.notifier);
  return ret;
}

function* dmirror_snapshot(dmirror: Dmirror, cmd: HmmDmirrorCmd, ua: UserAccess): Sched<number> {
  const mm = dmirror.notifier.mm!;
  const size = cmd.npages * PAGE_SIZE;
  const start = cmd.addr;
  const end = start + size;
  if (end < start) return -EINVAL;
  const range = new HmmRange({ notifier: dmirror.notifier, start, end, hmm_pfns: new BigUint64Array(DMIRROR_RANGE_PFNS), dev_private_owner: dmirror.mdevice });
  const perm = new Uint8Array(DMIRROR_RANGE_PFNS);
  // The walk needs the address space alive: a user reference for its duration.
  if (!(yield* mmget_not_zero(mm))) return -EINVAL;
  let ret = 0;
  let uptr = cmd.ptr;
  for (let addr = start, next: number; addr < end; addr = next) {
    next = Math.min(addr + DMIRROR_RANGE_PFNS * PAGE_SIZE, end);
    range.start = addr;
    range.end = next;
    ret = yield* dmirror_range_snapshot(dmirror, range, perm);
    if (ret) break;
    const n = (range.end - range.start) / PAGE_SIZE;
    if ((yield* ua.copy_to_user(uptr, perm.slice(0, n))) !== 0) {
      ret = -EFAULT;
      break;
    }
    cmd.cpages += n;
    uptr += n;
  }
  yield* mmput(mm);
  return ret;
}

/* ---- the ioctl dispatcher ------------------------------------------------------------------ */

const U64 = (1n << 64n) - 1n;

function* dmirror_fops_unlocked_ioctl(filp: DmirrorFile, command: number, uarg: HmmDmirrorCmd, ua: UserAccess): Sched<number> {
  const dmirror = filp.dmirror;
  if (dmirror === null) return -EINVAL;
  kasan_check(dmirror, 'dmirror_fops_unlocked_ioctl');
  // copy_from_user(&cmd, uarg): the command struct itself is always readable in the model.
  const cmd: HmmDmirrorCmd = { addr: uarg.addr, ptr: uarg.ptr, npages: uarg.npages, cpages: uarg.cpages, faults: uarg.faults };
  if (cmd.addr % PAGE_SIZE !== 0) return -EINVAL;
  // addr >= addr + (npages << PAGE_SHIFT) in 64-bit arithmetic: rejects overflow and npages 0.
  const a = BigInt(cmd.addr);
  if (a >= ((a + (BigInt(cmd.npages) << BigInt(PAGE_SHIFT))) & U64)) return -EINVAL;
  cmd.cpages = 0;
  cmd.faults = 0;
  trace(() => `${dmirror.pt.name}: ${dmirror_ioctl_name(command)} addr 0x${cmd.addr.toString(16)} npages ${cmd.npages}`);
  let ret: number;
  switch (command) {
    case HMM_DMIRROR_READ:
      ret = yield* dmirror_read(dmirror, cmd, ua);
      break;
    case HMM_DMIRROR_WRITE:
      ret = yield* dmirror_write(dmirror, cmd, ua);
      break;
    case HMM_DMIRROR_SNAPSHOT:
      ret = yield* dmirror_snapshot(dmirror, cmd, ua);
      break;
    case HMM_DMIRROR_MIGRATE_TO_DEV:
      ret = yield* dmirror_migrate_to_device(dmirror, cmd, ua);
      break;
    case HMM_DMIRROR_MIGRATE_TO_SYS:
      ret = yield* dmirror_migrate_to_system(dmirror, cmd);
      break;
    case HMM_DMIRROR_EXCLUSIVE:
      ret = yield* dmirror_exclusive(dmirror, cmd, ua);
      break;
    case HMM_DMIRROR_CHECK_EXCLUSIVE:
      ret = dmirror_check_atomic(dmirror, cmd.addr, cmd.addr + cmd.npages * PAGE_SIZE);
      break;
    case HMM_DMIRROR_RELEASE:
      yield* dmirror_device_remove_chunks(dmirror.mdevice);
      ret = 0;
      break;
    case HMM_DMIRROR_FLAGS:
      // A plain store that migrations read and clear in their own steps.
      footprint('flags', dmirror);
      dmirror.flags = cmd.npages;
      ret = 0;
      break;
    default:
      return -EINVAL;
  }
  if (ret) return ret;
  // copy_to_user(uarg, &cmd): only on success.
  uarg.addr = cmd.addr;
  uarg.ptr = cmd.ptr;
  uarg.npages = cmd.npages;
  uarg.cpages = cmd.cpages;
  uarg.faults = cmd.faults;
  return 0;
}

/* ---- mmap of the device file (VM_MIXEDMAP) ------------------------------------------------- */

/** dmirror_fops_mmap(): back every page of the VMA with a zeroed kernel page (vm_insert_page). */
function* dmirror_fops_mmap(_file: File, vma: VmAreaStruct): Sched<number> {
  for (let addr = vma.vm_start; addr < vma.vm_end; addr += PAGE_SIZE) {
    const page = alloc_page(PageKind.Kernel);
    const ret = yield* vm_insert_page(vma, addr, page);
    if (ret) {
      __put_page(page); // never mapped: nobody else can see it
      return ret;
    }
    yield* put_page_step(page);
  }
  return 0;
}
