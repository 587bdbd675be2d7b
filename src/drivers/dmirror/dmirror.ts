/*
 * lib/test_hmm.c in the model: the "dmirror" test device on design v6 (mmu_interval_notifier +
 * hmm_range_fault). A pretend device that reaches a process's address space through its own
 * page table, driven by the HMM selftests through ioctls on /dev/hmm_dmirrorN.
 *
 * What it owns, and what protects it:
 *   struct dmirror_device (DmirrorDevice)  one per device node, created when the module loads
 *        (per execution). Devices 0 and 1 are device-private; 2 and 3 exist only when the module
 *        is loaded with spm_addr_dev0/1 (coherent device memory), which this model does not
 *        have yet: by default they do not exist, and the selftests' coherent fixture SKIPs as
 *        the kernel's does on a machine without it. No device memory is allocated in this model
 *        yet: only READ, WRITE and SNAPSHOT are implemented.
 *   struct dmirror (Dmirror)  one per open(): bound to the opener's mm through ONE interval
 *        notifier over the whole address space [0, ULONG_MAX & PAGE_MASK]. Freed on the last
 *        close (release), which removes the notifier first.
 *   dmirror->pt  the device page table: virtual page -> (page, WRITE tag or read-only), kept in
 *        a SimDevice (src/drivers/device.ts), which checks it against the CPU page tables all
 *        the time (stale-device-mapping, device-use-after-free). It holds no page references:
 *        invalidation must clear entries before the CPU frees their pages.
 *   dmirror->mutex  serialises the device page table against invalidations: the fault path
 *        programs entries under it after mmu_interval_read_retry() said "no collision", and the
 *        invalidate callback takes it around mmu_interval_set_seq() and the zap (trylock and
 *        return false when the range is not blockable).
 *
 * Every step follows the kernel's driver: names are the kernel's, the code is our own.
 */

import {
  cur,
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
import { __put_page, alloc_page, PageKind, page_copy_in, page_copy_out, type Page } from '../../mm/page.js';
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
import { device_bind, device_create, device_lookup, device_map, device_unbind, device_zap, device_zap_all, type SimDevice } from '../device.js';
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
/** Largest bounce buffer vmalloc gives the model (beyond it: -ENOMEM). */
const BOUNCE_MAX = 1 << 30;
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
  calloc = 0;
  cfree = 0;
  constructor(
    readonly id: number,
    /** HMM_DMIRROR_MEMORY_DEVICE_PRIVATE or _COHERENT. */
    readonly zone_device_type: number,
  ) {}
  get name(): string {
    return `hmm_dmirror${this.id}`;
  }
  toString(): string {
    return this.name;
  }
}

export interface DmirrorModuleParams {
  /** spm_addr_dev0 && spm_addr_dev1 given: devices 2 and 3 (coherent) exist. */
  spm: boolean;
}

interface DmirrorModule {
  params: DmirrorModuleParams;
  devices: (DmirrorDevice | null)[] | null;
}

const dmirror_module = per_execution<DmirrorModule>('drivers.dmirror', () => ({ params: { spm: false }, devices: null }));

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
    m.devices = d;
  }
  return m.devices;
}

/* ---- struct dmirror ------------------------------------------------------------------------ */

export class Dmirror extends KObj {
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
  yield* device_zap_all(dmirror.pt); // xa_destroy
  yield* device_unbind(dmirror.pt);
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

/** struct dmirror_bounce: a vmalloc'd kernel buffer. */
interface Bounce {
  ptr: Uint8Array;
  size: number;
  addr: number;
  cpages: number;
}

function dmirror_bounce_init(addr: number, size: number): Bounce | null {
  if (size > BOUNCE_MAX) return null;
  return { ptr: new Uint8Array(size), size, addr, cpages: 0 };
}

/** The device reads one 4 KiB page of `page` (sub-page at `pfn`) into `dst` at `off`. */
function memcpy_from_page(dst: Uint8Array, off: number, page: Page, pfn: number): void {
  page_copy_out(page, (pfn - page.pfn) * PAGE_SIZE, dst, off, PAGE_SIZE);
}

/** The device writes one 4 KiB page from `src` at `off`. */
function memcpy_to_page(page: Page, pfn: number, src: Uint8Array, off: number): void {
  page_copy_in(page, (pfn - page.pfn) * PAGE_SIZE, src, off, PAGE_SIZE);
  page.dirty = true;
}

function device_use_after_free(dmirror: Dmirror, va: number, pfn: number, page: Page, access: string): void {
  cur.report(
    'device-use-after-free',
    `BUG: device use-after-free: pfn ${pfn} ${access} by the device after it was freed (${dmirror.pt.name} at 0x${va.toString(16)})`,
    `${dmirror.pt.name} ${access} 0x${va.toString(16)} -> pfn ${pfn} after it was freed`,
    [`${page.label}: freed`, `by thread ${cur.current.name} at step ${cur.steps}`],
  );
}

function dmirror_do_read(dmirror: Dmirror, start: number, end: number, bounce: Bounce): number {
  let off = start - bounce.addr - ((start - bounce.addr) % PAGE_SIZE);
  for (let addr = start; addr < end; addr += PAGE_SIZE) {
    const e = device_lookup(dmirror.pt, addr);
    if (e === undefined) return -ENOENT;
    if (e.page.freed) device_use_after_free(dmirror, addr, e.pfn, e.page, 'read');
    memcpy_from_page(bounce.ptr, off, e.page, e.pfn);
    off += PAGE_SIZE;
    bounce.cpages++;
  }
  return 0;
}

function dmirror_do_write(dmirror: Dmirror, start: number, end: number, bounce: Bounce): number {
  let off = start - bounce.addr - ((start - bounce.addr) % PAGE_SIZE);
  for (let addr = start; addr < end; addr += PAGE_SIZE) {
    const e = device_lookup(dmirror.pt, addr);
    // Only an entry tagged exactly WRITE allows the device to write (read-only and ATOMIC
    // entries count as missing and trigger a write fault).
    if (e === undefined || !e.write) return -ENOENT;
    if (e.page.freed) device_use_after_free(dmirror, addr, e.pfn, e.page, 'written');
    memcpy_to_page(e.page, e.pfn, bounce.ptr, off);
    off += PAGE_SIZE;
    bounce.cpages++;
  }
  return 0;
}

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
    const ret = write ? dmirror_do_write(dmirror, start, end, bounce) : dmirror_do_read(dmirror, start, end, bounce);
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
    case HMM_DMIRROR_MIGRATE_TO_SYS:
    case HMM_DMIRROR_EXCLUSIVE:
    case HMM_DMIRROR_CHECK_EXCLUSIVE:
    case HMM_DMIRROR_RELEASE:
      // Device memory, migration and exclusive access are not modelled yet.
      return -EINVAL;
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
