/*
 * A simulated device with its own page table (a GPU, an RDMA NIC, the test_hmm dmirror): the
 * hardware half of every mirror driver, independent of the HMM generation the driver uses.
 *
 * What it owns:
 *   dev->pt       device page table: virtual page -> (physical page, writable). Programmed by
 *                 the driver (device_map) and zapped by it (device_zap / device_zap_all). In
 *                 the kernel this is hardware state the driver updates under its own lock while
 *                 the device reads it at any time: every update is its own step, preceded by a
 *                 scheduling point (`yield* device_map(...)`), so an invalidation can run between
 *                 a driver's last check and its programming.
 *   dev->mm       the address space the device mirrors (one at a time, set at bind).
 *   dev->ops      the driver's device page-fault handler: device_access() calls it on a miss.
 *
 * The access path: device_access(dev, addr, write) is one device memory access (a scheduling
 * point). It either hits the device page table or takes a device page fault into the driver,
 * then retries.
 *
 * Checked continuously, for every device of the execution (rules, not opinions of a driver):
 *   device-use-after-free  a device translation points at a page that has been freed: reported
 *                          when the page is freed while still mapped (the device may DMA at any
 *                          time), when the driver programs a freed page, or on access.
 *   stale-device-mapping   a device translation disagrees with the CPU page table (other page,
 *                          or write access the CPU no longer grants) after the CPU invalidation
 *                          covering it has finished: checked at the end of every invalidation
 *                          (mm's invalidate-end observer), and when the driver programs an
 *                          entry while no invalidation covers the address. A translation whose
 *                          page the CPU no longer maps anywhere (mapcount 0) is on its way to
 *                          the allocator (the mmu_gather frees it just after the end): it is
 *                          reported as device-use-after-free when that free happens, or as
 *                          stale-device-mapping when the execution ends without it.
 *                          And on every device access (device_touch): an access through an
 *                          entry the CPU entry no longer agrees with, made while an invalidation
 *                          covering the address runs, is stale-device-mapping too. The CPU
 *                          changes its entries only after invalidate_range_start returned, and
 *                          a secondary MMU without ->invalidate_range must have dropped its
 *                          translation by then (mmu-notifier contract; hmm-history §4, P2): in
 *                          between the CPU side may free, copy (reclaim saves the page to swap)
 *                          or write-protect the page. Migration entries are left to the
 *                          migration checks (a driver's own migration keeps its entries).
 *
 * Locking: none inside; callers (drivers) serialise with their own lock. Observers run inside
 * the mm operation that triggers them.
 */

import { cur, DONE, completed, footprint, lone_point, note, observing, ScenarioError, trace, visible, type Sched } from '../kernel/index.js';
import { per_execution } from '../mm/exec_state.js';
import {
  EFAULT,
  PAGE_SIZE,
  peek_entry,
  pfn_to_page,
  register_folio_split_observer,
  register_invalidate_end_observer,
  register_migration_resolved_observer,
  register_page_free_observer,
  type MmStruct,
  type MmuNotifierRange,
  type Page,
} from '../mm/index.js';

/** One device page-table entry. */
export class DevicePte {
  /** Set when the CPU dropped its last mapping of `page` while this entry still pointed at it. */
  doomed = false;
  /**
   * Set when the check found a migration entry at this address: the CPU cannot reach the
   * page, and the entry is checked again when the migration entry is replaced (by the new
   * page, or by the old one when the migration failed).
   */
  migrating = false;
  constructor(
    readonly va: number,
    readonly pfn: number,
    /** The folio holding the data the device reaches (re-pointed when the core splits it). */
    public page: Page,
    public write: boolean,
    /** Who programmed it, for reports. */
    readonly by: string,
    readonly step: number,
    /**
     * For device memory the driver keeps elsewhere (dmirror's backing pages): the ZONE_DEVICE
     * folio the CPU page table maps at this address, which `page` stands for. Null otherwise.
     */
    public dev_page: Page | null = null,
    /** Mapped for atomic (device-exclusive) access: the CPU entry is a device-exclusive one. */
    readonly atomic = false,
  ) {
    this.dev_pfn = dev_page === null ? -1 : dev_page.pfn + (pfn - page.pfn);
  }
  /** The device pfn `dev_page` stands for at this address (-1 without one). */
  readonly dev_pfn: number;
}

/** How an entry is programmed beyond address, pfn and write (device memory, atomic access). */
export interface DeviceMapFlags {
  /** The ZONE_DEVICE folio the programmed page stands for (see DevicePte.dev_page). */
  device_page?: Page;
  /** Exclusive (atomic) access: the driver made the CPU entry device-exclusive first. */
  atomic?: boolean;
}

/** The driver side of the device: its page-fault handler. */
export interface DeviceOps {
  /** Device page fault at `addr`: make a translation (or fail with a negative errno). */
  fault(dev: SimDevice, addr: number, write: boolean): Sched<number>;
}

export class SimDevice {
  /** Virtual page number -> entry. Change it only through pt_set / pt_delete / pt_clear. */
  readonly pt = new Map<number, DevicePte>();
  /** Folio -> how many entries name it (as page or dev_page): frees and splits look here. */
  readonly refs = new Map<Page, number>();
  mm: MmStruct | null = null;
  ops: DeviceOps | null = null;
  /** Counters (tests, benchmarks). */
  faults = 0;
  hits = 0;
  maps = 0;
  zaps = 0;
  constructor(readonly name: string) {}
  toString(): string {
    return this.name;
  }
}

function ref_add(dev: SimDevice, page: Page | null, d: number): void {
  if (page === null) return;
  // Frees and splits of the folio look at the device entries naming it (dep_keys.ts: pg key).
  if (observing()) footprint('device ref', page);
  const n = (dev.refs.get(page) ?? 0) + d;
  if (n === 0) dev.refs.delete(page);
  else dev.refs.set(page, n);
}

function pt_set(dev: SimDevice, v: number, pte: DevicePte): void {
  pt_delete(dev, v);
  dev.pt.set(v, pte);
  ref_add(dev, pte.page, 1);
  ref_add(dev, pte.dev_page, 1);
}

function pt_delete(dev: SimDevice, v: number): boolean {
  const old = dev.pt.get(v);
  if (old === undefined) return false;
  dev.pt.delete(v);
  ref_add(dev, old.page, -1);
  ref_add(dev, old.dev_page, -1);
  return true;
}

/** The entries of [start, end), in address order: by lookup when the range is the smaller. */
function entries_in(dev: SimDevice, start: number, end: number): DevicePte[] {
  const out: DevicePte[] = [];
  if (dev.pt.size === 0) return out;
  const v0 = vpn(start);
  const v1 = Math.ceil(Math.min(end, 2 ** 53) / PAGE_SIZE);
  if (v1 - v0 <= dev.pt.size) {
    for (let v = v0; v < v1; v++) {
      const pte = dev.pt.get(v);
      if (pte !== undefined) out.push(pte);
    }
    return out;
  }
  for (const pte of dev.pt.values()) if (pte.va >= start && pte.va < end) out.push(pte);
  return out.sort((a, b) => a.va - b.va);
}

function pt_clear(dev: SimDevice): void {
  if (observing()) for (const p of dev.refs.keys()) footprint('device ref', p);
  dev.pt.clear();
  dev.refs.clear();
}

interface DeviceGlobals {
  devices: SimDevice[];
  /** Head pfn of each folio freed in this execution -> who freed it (for reports). */
  freed: Map<number, { label: string; thread: string; step: number }>;
}

const globals = per_execution<DeviceGlobals>('drivers.devices', make_globals);

function make_globals(): DeviceGlobals {
  register_page_free_observer(device_page_freed);
  register_folio_split_observer(device_folio_split);
  register_invalidate_end_observer(device_invalidate_end);
  register_migration_resolved_observer(device_migration_resolved);
  cur.onExit(device_exit_check);
  return { devices: [], freed: new Map() };
}

/** Create a device (in scenario set-up or in a thread). */
export function device_create(name: string): SimDevice {
  const dev = new SimDevice(name);
  globals().devices.push(dev);
  return dev;
}

/** Every device of the running execution. */
export function devices(): readonly SimDevice[] {
  return globals().devices;
}

/**
 * The driver attaches its fault handler and the address space the device mirrors: one step
 * (the device may fault as soon as it is done).
 */
export function device_bind(dev: SimDevice, mm: MmStruct, ops: DeviceOps): Sched {
  if (cur.record) note('device_bind', dev.name);
  if (lone_point()) {
    device_bind_now(dev, mm, ops);
    return DONE;
  }
  return device_bind_after_point(dev, mm, ops);
}

function* device_bind_after_point(dev: SimDevice, mm: MmStruct, ops: DeviceOps): Sched {
  yield;
  device_bind_now(dev, mm, ops);
}

function device_bind_now(dev: SimDevice, mm: MmStruct, ops: DeviceOps): void {
  visible('device_bind', dev);
  dev.mm = mm;
  dev.ops = ops;
}

/**
 * The driver stops the device's page faults (later accesses miss with -EFAULT): one step. A
 * fault handler already running is not stopped; the driver must wait for it itself.
 */
export function device_unbind(dev: SimDevice): Sched {
  if (cur.record) note('device_unbind', dev.name);
  if (lone_point()) {
    device_unbind_now(dev);
    return DONE;
  }
  return device_unbind_after_point(dev);
}

function* device_unbind_after_point(dev: SimDevice): Sched {
  yield;
  device_unbind_now(dev);
}

function device_unbind_now(dev: SimDevice): void {
  visible('device_unbind', dev);
  dev.ops = null;
}

function vpn(addr: number): number {
  return Math.floor(addr / PAGE_SIZE);
}
function hex(a: number): string {
  return `0x${a.toString(16)}`;
}

/** The translation for `addr`, if any (no scheduling point). */
export function device_lookup(dev: SimDevice, addr: number): DevicePte | undefined {
  if (observing()) footprint('device entry read', dev, addr);
  return dev.pt.get(vpn(addr));
}

/** Number of valid translations. */
export function device_nr_entries(dev: SimDevice): number {
  if (observing()) footprint('device all read', dev);
  return dev.pt.size;
}

/**
 * Program the translation addr -> pfn (the driver holds its update lock): one step. Replaces
 * any previous entry for that page. Checked: the page must be alive, and the CPU must agree
 * unless an invalidation covering addr is still running (then its end checks it).
 */
export function device_map(dev: SimDevice, addr: number, pfn: number, write: boolean, flags: DeviceMapFlags = {}): Sched {
  if (cur.record) note('device_map', `${dev.name} ${hex(addr)} -> pfn ${pfn}${write ? ' rw' : ' ro'}${flags.atomic ? ' atomic' : ''}`);
  if (lone_point()) {
    device_map_now(dev, addr, pfn, write, flags);
    return DONE;
  }
  return device_map_after_point(dev, addr, pfn, write, flags);
}

function* device_map_after_point(dev: SimDevice, addr: number, pfn: number, write: boolean, flags: DeviceMapFlags): Sched {
  yield;
  device_map_now(dev, addr, pfn, write, flags);
}

function device_map_now(dev: SimDevice, addr: number, pfn: number, write: boolean, flags: DeviceMapFlags): void {
  visible('device_map', dev, addr);
  const va = addr - (addr % PAGE_SIZE);
  const page = pfn_to_page(pfn);
  if (observing()) {
    // The page's state (freed, or never allocated: the allocator's record), the device page.
    if (page !== null) footprint('page read', page);
    else footprint('memory read', null);
    if (flags.device_page !== undefined) footprint('page read', flags.device_page);
  }
  // A pfn that never existed is a mistake in the driver under test, not a finding (issue 14).
  if (page === null && !globals().freed.has(pfn)) throw new ScenarioError(`device_map(${dev.name}): pfn ${pfn} was never allocated`);
  if (page === null || page.freed) {
    report_uaf(dev, va, pfn, page, 'programmed with a page that has already been freed', []);
    return;
  }
  const dp = flags.device_page ?? null;
  if (dp !== null && dp.freed) {
    report_uaf(dev, va, pfn, dp, 'programmed for a device page that has already been freed', []);
    return;
  }
  const pte = new DevicePte(va, pfn, page, write, cur.current ? cur.current.name : 'init', cur.steps, dp, flags.atomic === true);
  pt_set(dev, vpn(va), pte);
  dev.maps++;
  trace(() => `${dev.name}: map ${hex(va)} -> pfn ${pfn}${write ? ' rw' : ' ro'}`);
  const mm = dev.mm;
  if (mm !== null && !covered_by_invalidation(mm, va, null)) check_entry(dev, mm, pte, 'when it was programmed', null);
}

/** Remove the translations of [start, end) (one step); returns how many were removed. */
export function device_zap(dev: SimDevice, start: number, end: number): Sched<number> {
  if (cur.record) note('device_zap', `${dev.name} [${hex(start)}, ${end >= 2 ** 53 ? 'ULONG_MAX' : hex(end)})`);
  if (lone_point()) return completed(device_zap_now(dev, start, end));
  return device_zap_after_point(dev, start, end);
}

function* device_zap_after_point(dev: SimDevice, start: number, end: number): Sched<number> {
  yield;
  return device_zap_now(dev, start, end);
}

/** Ranges up to this many pages are keyed entry by entry (dep_keys.ts); longer ones whole. */
const ZAP_FINE_PAGES = 16;

function device_zap_now(dev: SimDevice, start: number, end: number): number {
  const v0 = vpn(start);
  const v1 = Math.ceil(end / PAGE_SIZE);
  if (v1 - v0 <= ZAP_FINE_PAGES && v1 > v0) {
    visible('device_zap', dev, v0 * PAGE_SIZE);
    if (observing()) for (let v = v0 + 1; v < v1; v++) footprint('device entry', dev, v * PAGE_SIZE);
  } else visible('device_zap', dev);
  let n = 0;
  if (dev.pt.size === 0) return 0;
  if (v1 - v0 <= dev.pt.size) {
    for (let v = v0; v < v1; v++) if (pt_delete(dev, v)) n++;
  } else {
    for (const v of [...dev.pt.keys()]) {
      if (v >= v0 && v < v1) {
        pt_delete(dev, v);
        n++;
      }
    }
  }
  if (n > 0) {
    dev.zaps += n;
    trace(() => `${dev.name}: zap [${hex(start)}, ${end >= 2 ** 53 ? 'ULONG_MAX' : hex(end)}): ${n} entr${n === 1 ? 'y' : 'ies'}`);
  }
  return n;
}

/** Remove every translation (release, unbind): one step. */
export function device_zap_all(dev: SimDevice): Sched<number> {
  if (cur.record) note('device_zap_all', dev.name);
  if (lone_point()) return completed(device_zap_all_now(dev));
  return device_zap_all_after_point(dev);
}

function* device_zap_all_after_point(dev: SimDevice): Sched<number> {
  yield;
  return device_zap_all_now(dev);
}

function device_zap_all_now(dev: SimDevice): number {
  visible('device_zap_all', dev);
  const n = dev.pt.size;
  pt_clear(dev);
  if (n > 0) {
    dev.zaps += n;
    trace(() => `${dev.name}: zap all: ${n} entr${n === 1 ? 'y' : 'ies'}`);
  }
  return n;
}

/**
 * One device access (read or write) of `addr`: a scheduling point. On a miss (or a write
 * through a read-only translation) the device faults into its driver and retries. Returns 0,
 * or the driver's negative errno (-EFAULT when no driver is bound).
 */
export function* device_access(dev: SimDevice, addr: number, write: boolean): Sched<number> {
  for (;;) {
    if (cur.record) note(write ? 'device write' : 'device read', `${dev.name} ${hex(addr)}`);
    yield;
    visible('device access', dev, addr);
    const pte = dev.pt.get(vpn(addr));
    if (pte !== undefined && (!write || pte.write)) {
      device_touch(dev, pte, write);
      dev.hits++;
      trace(() => `${dev.name}: ${write ? 'write' : 'read'} ${hex(addr)} hits pfn ${pte.pfn}`);
      return 0;
    }
    const ops = dev.ops;
    if (ops === null) return -EFAULT;
    dev.faults++;
    trace(() => `${dev.name}: device page fault at ${hex(addr)} (${write ? 'write' : 'read'})`);
    const r = yield* ops.fault(dev, addr, write);
    if (r < 0) return r;
  }
}

/* ---- the checks ---------------------------------------------------------------------- */

/** Is `va` of `mm` inside an invalidation still running (other than `except`)? */
function covered_by_invalidation(mm: MmStruct, va: number, except: MmuNotifierRange | null): boolean {
  if (observing()) footprint('ranges read', mm, va);
  const rs = mm.active_ranges;
  for (let i = 0; i < rs.length; i++) {
    const r = rs[i]!;
    if (r !== except && r.start <= va && va < r.end) return true;
  }
  return false;
}

function entry_lines(pte: DevicePte): string[] {
  return [
    `device entry ${hex(pte.va)} -> pfn ${pte.pfn} ${pte.write ? 'rw' : 'ro'}${pte.atomic ? ' atomic' : ''}${pte.dev_page ? ` (for device ${pte.dev_page.label})` : ''}, programmed by thread ${pte.by} at step ${pte.step}`,
  ];
}

function cpu_line(mm: MmStruct, va: number): string {
  const e = peek_entry(mm, va);
  if (e.kind === 'none') return `CPU page table of ${mm.__label} at ${hex(va)}: none`;
  return `CPU page table of ${mm.__label} at ${hex(va)}: ${e.kind}${e.kind === 'swap' ? ` slot ${e.pfn}` : ` pfn ${e.pfn} ${e.writable ? 'rw' : 'ro'}`}`;
}

/** Does the CPU entry `e` map what the device entry reaches? */
function agrees(e: ReturnType<typeof peek_entry>, pte: DevicePte): boolean {
  if (pte.write && !e.writable) return false;
  const dp = pte.dev_page;
  if (dp !== null) {
    // Device memory: the CPU maps the device folio, the device reaches its stand-in.
    return e.page === dp && e.pfn === pte.dev_pfn && (e.kind === 'device-private' || e.kind === 'present');
  }
  if (e.page !== pte.page || e.pfn !== pte.pfn) return false;
  if (pte.atomic) return e.kind === 'device-exclusive';
  return e.kind === 'present' || e.kind === 'zero' || e.kind === 'device-private' || e.kind === 'device-exclusive';
}

/** Compare one translation with the CPU page table; report or mark doomed. */
function check_entry(dev: SimDevice, mm: MmStruct, pte: DevicePte, when: string, range: MmuNotifierRange | null, final = false): void {
  if (observing()) {
    footprint('page read', pte.page);
    if (pte.dev_page !== null) footprint('page read', pte.dev_page);
  }
  const e = peek_entry(mm, pte.va);
  if (agrees(e, pte)) return;
  if (e.kind === 'migration' && !final) {
    // Frozen under migration (a driver's own migration skips its invalidation, and programs
    // the destination before the core maps it): decided when the entry is replaced.
    mark_entry(dev, pte);
    pte.migrating = true;
    return;
  }
  if (pte.page.freed || (pte.dev_page !== null && pte.dev_page.freed)) {
    report_uaf(dev, pte.va, pte.pfn, pte.page, 'still mapped by the device', [...entry_lines(pte), cpu_line(mm, pte.va)]);
    return;
  }
  const cpuPage = pte.dev_page ?? pte.page;
  if (!final && cpuPage.mapcount === 0 && e.page !== cpuPage) {
    // The CPU dropped its last mapping: the page is about to be freed (mmu_gather).
    mark_entry(dev, pte);
    pte.doomed = true;
    return;
  }
  const why = e.page === cpuPage && (pte.write && !e.writable) ? 'the device may write a page the CPU maps read-only' : pte.atomic && e.page === cpuPage ? 'the device holds atomic access the CPU has taken back' : 'the device maps a page the CPU no longer maps there';
  cur.report(
    'stale-device-mapping',
    `BUG: stale device mapping: ${dev.name} maps ${hex(pte.va)} -> pfn ${pte.pfn}${pte.write ? ' (rw)' : ''} ${when}`,
    `${dev.name} still maps ${hex(pte.va)} -> pfn ${pte.pfn}${pte.write ? ' rw' : ''} ${when}: ${why}`,
    [
      ...entry_lines(pte),
      cpu_line(mm, pte.va),
      ...(range ? [`invalidation ${range} by thread ${range.thread.name} has finished`] : ['no invalidation covers this address']),
      why,
    ],
  );
}

function report_uaf(dev: SimDevice, va: number, pfn: number, page: Page | null, what: string, lines: string[]): void {
  cur.report(
    'device-use-after-free',
    `BUG: device use-after-free: pfn ${pfn} ${what} (${dev.name} at ${hex(va)})`,
    `${dev.name} maps ${hex(va)} -> pfn ${pfn} ${what}`,
    [
      freed_line(pfn, page),
      ...lines,
      `detected in thread ${cur.current ? cur.current.name : 'init'} at step ${cur.steps}`,
    ],
  );
}

function freed_line(pfn: number, page: Page | null): string {
  const f = globals().freed.get(page ? page.pfn : pfn);
  return f ? `${f.label}: freed by thread ${f.thread} at step ${f.step}` : `pfn ${pfn}: freed`;
}

/**
 * A check reads every entry of [start, end), there or not: page by page if few (an entry it
 * marks is a write of its own, see mark_entry), else the whole device (a write: it conflicts
 * with every entry's changes).
 */
function device_range_footprint(dev: SimDevice, start: number, end: number): void {
  const v0 = vpn(start);
  const v1 = Math.ceil(Math.min(end, 2 ** 53) / PAGE_SIZE);
  if (v1 > v0 && v1 - v0 <= ZAP_FINE_PAGES) for (let v = v0; v < v1; v++) footprint('device entry read', dev, v * PAGE_SIZE);
  else footprint('device all', dev);
}

/** A check changes the checker's marks of an entry (migrating, doomed): a write of it. */
function mark_entry(dev: SimDevice, pte: DevicePte): void {
  if (observing()) footprint('device entry', dev, pte.va);
}

/** mm observer: a folio was freed. Any device translation to it is a use-after-free. */
function device_page_freed(page: Page): void {
  const g = globals();
  // Remember who freed it: a driver may still program the pfn afterwards.
  g.freed.set(page.pfn, { label: page.label, thread: cur.current ? cur.current.name : 'init', step: cur.steps });
  const devs = g.devices;
  for (let d = 0; d < devs.length; d++) {
    const dev = devs[d]!;
    if (!dev.refs.has(page)) continue;
    for (const pte of dev.pt.values()) {
      if (pte.page === page || pte.dev_page === page) {
        const lines = entry_lines(pte);
        if (dev.mm !== null) lines.push(cpu_line(dev.mm, pte.va));
        report_uaf(dev, pte.va, pte.pfn, page, 'freed while the device still maps it', lines);
      }
    }
  }
}

/** mm observer: a folio was split; entries into it now point at the sub-page's own folio. */
function device_folio_split(head: Page, pages: readonly Page[]): void {
  for (const dev of globals().devices) {
    if (!dev.refs.has(head)) continue;
    for (const [v, pte] of dev.pt) {
      if (pte.page !== head && pte.dev_page !== head) continue;
      pt_delete(dev, v);
      if (pte.page === head) pte.page = pages[pte.pfn - head.pfn] ?? head;
      if (pte.dev_page === head) pte.dev_page = pages[pte.dev_pfn - head.pfn] ?? head;
      pt_set(dev, v, pte);
    }
  }
}

/** mm observer: an invalidation of [start, end) finished. Every translation there must agree. */
function device_invalidate_end(range: MmuNotifierRange): void {
  const devs = globals().devices;
  for (let d = 0; d < devs.length; d++) {
    const dev = devs[d]!;
    if (dev.mm !== range.mm) continue;
    // Reads the entries of the range, whichever there are (and marks some: mark_entry).
    if (observing()) device_range_footprint(dev, range.start, range.end);
    if (dev.pt.size === 0) continue;
    for (const pte of entries_in(dev, range.start, range.end)) {
      if (covered_by_invalidation(range.mm, pte.va, range)) continue;
      check_entry(dev, range.mm, pte, 'after the CPU invalidation covering it finished', range);
    }
  }
}

/** mm observer: the migration entry over [addr, addr + size) of `mm` became a mapping again. */
function device_migration_resolved(mm: MmStruct, addr: number, size: number): void {
  for (const dev of globals().devices) {
    if (dev.mm !== mm) continue;
    if (observing()) device_range_footprint(dev, addr, addr + size);
    if (dev.pt.size === 0) continue;
    for (const pte of entries_in(dev, addr, addr + size)) {
      if (!pte.migrating) continue;
      mark_entry(dev, pte);
      pte.migrating = false;
      if (!covered_by_invalidation(mm, pte.va, null)) check_entry(dev, mm, pte, 'when the migration entry under it was replaced', null);
    }
  }
}

/**
 * A driver's device reaches memory through `pte` (drivers that walk their page table
 * themselves call this for each page they touch, inside the step that touches it): a freed
 * page is a use-after-free, and a write to a page the CPU has frozen for migration can be lost
 * (the copy may be made already).
 */
export function device_touch(dev: SimDevice, pte: DevicePte, write: boolean): void {
  if (observing()) {
    footprint('device entry read', dev, pte.va);
    footprint('page read', pte.page);
    if (pte.dev_page !== null) footprint('page read', pte.dev_page);
  }
  if (pte.page.freed || (pte.dev_page !== null && pte.dev_page.freed)) {
    report_uaf(dev, pte.va, pte.pfn, pte.page, `${write ? 'written' : 'read'} by the device after it was freed`, entry_lines(pte));
    return;
  }
  if (dev.mm === null) return;
  const e = peek_entry(dev.mm, pte.va);
  if (e.kind !== 'migration' && !agrees(e, pte) && covered_by_invalidation(dev.mm, pte.va, null)) {
    report_access_in_window(dev, dev.mm, pte, write);
    return;
  }
  if (!write) return;
  if (e.kind === 'migration' && e.page === (pte.dev_page ?? pte.page)) {
    cur.report(
      'stale-device-mapping',
      `BUG: stale device mapping: ${dev.name} writes ${hex(pte.va)} -> pfn ${pte.pfn} while the page is being migrated`,
      `${dev.name} writes ${hex(pte.va)} through an entry to a page under migration: the write can be lost`,
      [...entry_lines(pte), cpu_line(dev.mm, pte.va), 'the migration copies the page once; a device write after the copy is not in the new page'],
    );
  }
}

/**
 * The device reaches memory through a translation the CPU has already taken back while the
 * invalidation that took it back is still running. A secondary MMU without ->invalidate_range
 * must have dropped it when invalidate_range_start returned: from then on the CPU side frees,
 * copies or write-protects the page, and only the end of the invalidation (where the other
 * checks look) comes too late to see an access made in between.
 */
function report_access_in_window(dev: SimDevice, mm: MmStruct, pte: DevicePte, write: boolean): void {
  const ranges = mm.active_ranges.filter((r) => r.start <= pte.va && pte.va < r.end);
  cur.report(
    'stale-device-mapping',
    `BUG: stale device mapping: ${dev.name} ${write ? 'writes' : 'reads'} ${hex(pte.va)} -> pfn ${pte.pfn} inside an invalidation that already changed the CPU entry`,
    `${dev.name} ${write ? 'writes' : 'reads'} ${hex(pte.va)} through an entry the CPU took back after invalidate_range_start returned`,
    [
      ...entry_lines(pte),
      cpu_line(mm, pte.va),
      ...ranges.map((r) => `invalidation ${r} by thread ${r.thread.name} is running`),
      'the device must drop its translation in invalidate_range_start: the CPU side may free, copy or write-protect the page before the end',
    ],
  );
}

/** Execution end: a doomed translation whose page was never freed is still stale. */
function device_exit_check(): void {
  for (const dev of globals().devices) {
    for (const pte of dev.pt.values()) {
      if ((pte.doomed && !pte.page.freed) || pte.migrating) {
        if (dev.mm !== null) check_entry(dev, dev.mm, pte, 'at the end of the execution', null, true);
      }
    }
  }
}
