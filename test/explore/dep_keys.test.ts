/*
 * The fine dependency keys of dep_keys.ts: which operations conflict (op_keys + conflicts, the
 * relation dpor reverses races of), and on small scenarios over one address space and one
 * device, how many complete executions dpor needs (the number of Mazurkiewicz traces under
 * the relation) and that it finds every kind of violation an unbounded dfs finds.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawn, type Sched } from '../../src/kernel/index.js';
import * as mm from '../../src/mm/index.js';
import { device_access, device_bind, device_create, device_map, device_zap, device_zap_all, type DeviceOps } from '../../src/drivers/device.js';
import { conflicts, DependencyRecorder, footprint_from_json, footprint_to_json, type Footprint } from '../../src/explore/dependency.js';
import { ALL, key_name, op_keys, READ, UPDATE, WRITE } from '../../src/explore/dep_keys.js';
import { DEFAULT_OPTIONS, explore, runExecution } from '../../src/explore/run.js';
import { setStepObserver } from '../../src/kernel/sched.js';
import type { Scenario } from '../../src/scenarios/types.js';
import { scenarioOf, serialChooser } from '../helpers.js';

const RW = mm.PROT_READ | mm.PROT_WRITE;
const ANON = mm.MAP_PRIVATE | mm.MAP_ANONYMOUS;
const PAGE = 4096;
const A = 0x7f0000000000;

/** The footprint of one step made of the given accesses, as the recorder builds it (dependency.ts add_key, mark_change). */
/** A footprint with its keys as strings (footprint_to_json's form). */
interface NamedFootprint {
  global: boolean;
  keys: string[];
  modes: number[];
}

function fp(...ops: [string, unknown, number][]): Footprint {
  const f: NamedFootprint = { global: false, keys: [], modes: [] };
  for (const [op, obj, sub] of ops) {
    op_keys(op, obj, sub, (id, m) => {
      const k = key_name(id);
      const i = f.keys.indexOf(k);
      if (i < 0) {
        f.keys.push(k);
        f.modes.push(m);
      } else if (f.modes[i] !== m) f.modes[i] = WRITE;
    });
  }
  if (f.modes.some((m, i) => m !== READ && f.keys[i] !== ALL) && !f.keys.includes(ALL)) {
    f.keys.push(ALL);
    f.modes.push(UPDATE);
  }
  return footprint_from_json({ ...f, acquire: null, release: null, tryAcquire: false });
}

const mmA = { __label: 'mm#1' };
const mmB = { __label: 'mm#2' };
const dev = { name: 'gpu0' };
const page = (pfn: number) => ({ pfn, mapcount: 0, label: `page pfn ${pfn} (anon)` });

test('op_keys: PTE steps of one mm conflict only at the same page; PMD-level and coarse steps conflict with every fine one below them', () => {
  const w = (a: number, m: object = mmA) => fp(['pte fine', m, a]);
  const r = (a: number) => fp(['pte read', mmA, a]);
  assert.equal(conflicts(w(A), w(A + PAGE)), false, 'two entries of one table');
  assert.equal(conflicts(w(A), w(A)), true, 'one entry');
  assert.equal(conflicts(w(A), fp(['pte fine', mmB, A])), false, 'same address, other mm');
  assert.equal(conflicts(r(A), r(A)), false, 'two lockless reads');
  assert.equal(conflicts(r(A), w(A)), true, 'a read and a write of one entry');
  assert.equal(conflicts(r(A), w(A + PAGE)), false, 'a read and a write of two entries');
  assert.equal(conflicts(fp(['pte peek', mmA, A]), w(A)), true, 'a check reading the entry');
  assert.equal(conflicts(fp(['user access', mmA, A + 5]), w(A)), true, 'a user access in the page');
  // A PMD-level step (a leaf or an empty slot) and a slot change cover the 512 entries under it.
  assert.equal(conflicts(fp(['pte pmd', mmA, A]), w(A + 511 * PAGE)), true, 'huge step vs an entry of its PMD');
  assert.equal(conflicts(fp(['pte pmd', mmA, A]), r(A + 7 * PAGE)), true, 'huge step vs a read in its PMD');
  assert.equal(conflicts(fp(['pte pmd', mmA, A]), w(A + 512 * PAGE)), false, 'huge step vs the next PMD');
  assert.equal(conflicts(fp(['pmd slot', mmA, A + 3 * PAGE]), r(A)), true, 'a table freed or installed vs a read under it');
  assert.equal(conflicts(fp(['pmd lookup', mmA, A]), w(A)), false, 'a look-up of the slot alone vs a fine step under it');
  assert.equal(conflicts(fp(['pmd get', mmA, A]), r(A + 3 * PAGE)), true, 'a look-up that may read any entry under the slot vs a read under it');
  assert.equal(conflicts(fp(['pmd nr', mmA, A]), w(A + 9 * PAGE)), true, 'the entry count vs any entry change of the table');
  // Coarse operations and walks over a whole level conflict with every fine one.
  assert.equal(conflicts(fp(['pte', mmB, 0]), r(A)), true, 'a coarse PTE step vs a read anywhere');
  assert.equal(conflicts(fp(['memory read', null, -1]), w(A)), true, 'a walk of every slot vs an entry change');
  assert.equal(conflicts(fp(['memory read', null, -1]), fp(['memory read', null, -1])), true, 'two walks (coarse)');
  // A fine read changes nothing: a wait-queue condition check (reads everything) commutes with it.
  assert.equal(conflicts(fp(['wait_event', 'wq', -1]), r(A)), false, 'a condition check vs a lockless PTE read');
  assert.equal(conflicts(fp(['wait_event', 'wq', -1]), fp(['device access', dev, A])), false, 'a condition check vs a device read');
  assert.equal(conflicts(fp(['wait_event', 'wq', -1]), w(A)), true, 'a condition check vs a PTE change');
  assert.equal(conflicts(fp(['memory', null, -1]), fp(['get_page', page(1024), -1])), true, 'coarse vs a folio');
  assert.equal(conflicts(fp(['pud get', null, -1]), fp(['memory', null, -1])), true, 'a PUD look-up vs a PUD change (coarse)');
});

test('op_keys: folios by pfn, the allocator, swap, device entries and invalidation ranges', () => {
  assert.equal(conflicts(fp(['get_page', page(1024), -1]), fp(['put_page', page(1025), -1])), false, 'two folios');
  assert.equal(conflicts(fp(['get_page', page(1024), -1]), fp(['folio refcount', page(1024), -1])), true, 'a reference and the refcount check');
  assert.equal(conflicts(fp(['folio_lock', page(1024), -1]), fp(['folio free', page(1024), -1])), true, 'the lock bit and the free');
  assert.equal(conflicts(fp(['folio free', page(1024), -1]), fp(['alloc', null, -1])), true, 'a free and an allocation');
  assert.equal(conflicts(fp(['alloc', null, -1]), fp(['alloc', null, -1])), true, 'two allocations');
  assert.equal(conflicts(fp(['pte fine', mmA, A], ['page', page(1024), -1]), fp(['device ref', page(1024), -1])), true, 'a PTE step on the folio vs a device entry naming it');
  assert.equal(conflicts(fp(['swap', null, -1]), fp(['swap', null, -1])), true, 'swap slots');
  const acc = (a: number) => fp(['device access', dev, a]);
  assert.equal(conflicts(acc(A), acc(A)), false, 'two device reads of one entry');
  assert.equal(conflicts(acc(A), fp(['device_map', dev, A])), true, 'access vs map of one entry');
  assert.equal(conflicts(acc(A), fp(['device_zap', dev, A + PAGE])), false, 'access vs zap of another entry');
  assert.equal(conflicts(acc(A), fp(['device_zap_all', dev, -1])), true, 'access vs zap of everything');
  assert.equal(conflicts(acc(A), fp(['device_zap', dev, -1])), true, 'access vs a long zap');
  assert.equal(conflicts(acc(A), fp(['device_bind', dev, -1])), true, 'access vs bind (coarse)');
  assert.equal(conflicts(fp(['ranges', mmA, A]), fp(['ranges read', mmA, A])), true, 'an invalidation of the page vs a check of it');
  assert.equal(conflicts(fp(['ranges', mmA, A]), fp(['ranges read', mmA, A + PAGE])), false, 'an invalidation of another page');
  assert.equal(conflicts(fp(['ranges', mmA, -1]), fp(['ranges read', mmA, A + PAGE])), true, 'a long invalidation vs any check');
  assert.equal(conflicts(fp(['ranges read', mmA, -1]), fp(['ranges', mmA, A])), true, 'a check of every range vs any invalidation');
  assert.equal(conflicts(fp(['ranges read', mmA, -1]), fp(['ranges', mmA, -1])), true, 'a check of every range vs a long invalidation');
  assert.equal(conflicts(fp(['ranges', mmA, A]), fp(['ranges', mmA, A])), false, 'two invalidations of one page (each thread its own range)');
  assert.equal(conflicts(fp(['ranges', mmA, -1]), fp(['ranges', mmA, A])), false, 'a long and a short invalidation');
});

function run(sc: Scenario, strategy: 'dpor' | 'dfs') {
  return explore(sc, 'base', { ...DEFAULT_OPTIONS, strategy, dporBound: Infinity, preemptions: 20, executions: 200_000, seconds: 120, keepGoing: true });
}

/** init maps `pages` pages and writes each (prefaulted), then spawns the workers. */
function withMm(name: string, pages: number, workers: (t: mm.TaskStruct, a: number) => Record<string, () => Sched>): Scenario {
  return scenarioOf(name, () => {
    spawn('init', function* () {
      const t = mm.task_create('p');
      const a = yield* mm.sys_mmap(t, 0, pages * PAGE, RW, ANON);
      for (let i = 0; i < pages; i++) yield* mm.user_write_u32(t, a + i * PAGE, i + 1);
      for (const [n, fn] of Object.entries(workers(t, a))) spawn(n, fn);
    });
  });
}

test('dpor: two threads writing different pages of one mm need one execution; the same page two', () => {
  const different = run(
    withMm('user-writes-different-pages', 2, (t, a) => ({
      w0: function* () {
        yield* mm.user_write_u32(t, a, 10);
      },
      w1: function* () {
        yield* mm.user_write_u32(t, a + PAGE, 11);
      },
    })),
    'dpor',
  );
  assert.deepEqual([different.exhausted, different.executions, different.violations.length], [true, 1, 0]);
  const same = run(
    withMm('user-writes-same-page', 2, (t, a) => ({
      w0: function* () {
        yield* mm.user_write_u32(t, a, 10);
      },
      w1: function* () {
        yield* mm.user_write_u32(t, a + 8, 11);
      },
    })),
    'dpor',
  );
  assert.deepEqual([same.exhausted, same.executions, same.violations.length], [true, 2, 0]);
});

test('dpor: zapping one page (MADV_DONTNEED) while another thread writes another page of the mm commutes; with the same page it does not', () => {
  const zapVsWrite = (off: number) =>
    withMm(`dontneed-vs-write-${off}`, 2, (t, a) => ({
      z: function* () {
        yield* mm.sys_madvise(t, a, PAGE, mm.MADV_DONTNEED);
      },
      w: function* () {
        yield* mm.user_write_u32(t, a + off, 7);
      },
    }));
  const other = run(zapVsWrite(PAGE), 'dpor');
  const same = run(zapVsWrite(0), 'dpor');
  const dfsSame = run(zapVsWrite(0), 'dfs');
  assert.equal(other.exhausted && same.exhausted && dfsSame.exhausted, true);
  assert.deepEqual([other.violations.length, same.violations.length, dfsSame.violations.length], [0, 0, 0]);
  // Every write to the other page commutes with the whole madvise.
  assert.equal(other.executions, 1);
  // The same page: the write lands before the zap's entry step, or after it (and faults).
  assert.ok(same.executions >= 2, `same page: ${same.executions} executions`);
  assert.ok(same.executions <= dfsSame.executions);
});

/** A device bound to the mm with a fault handler that fails (the test maps entries itself). */
const noFault: DeviceOps = {
  *fault() {
    return -mm.EFAULT;
  },
};

/**
 * init maps 2 pages and programs the device with page 0 (rw); `cpu` runs against the device's
 * access of page `devPage`.
 */
function deviceVsCpu(name: string, devPage: number, cpu: (t: mm.TaskStruct, a: number) => Sched): Scenario {
  return scenarioOf(name, () => {
    spawn('init', function* () {
      const t = mm.task_create('p');
      const a = yield* mm.sys_mmap(t, 0, 2 * PAGE, RW, ANON);
      yield* mm.user_write_u32(t, a, 1);
      yield* mm.user_write_u32(t, a + PAGE, 2);
      // A notifier without callbacks: its SRCU read section puts scheduling points between the
      // zap's entry step and the end of the invalidation (the window the device check watches).
      yield* mm.mmu_notifier_register(new mm.MmuNotifier({}), t.mm!);
      const d = device_create('gpu0');
      yield* device_bind(d, t.mm!, noFault);
      for (let i = 0; i < 2; i++) yield* device_map(d, a + i * PAGE, mm.peek_entry(t.mm!, a + i * PAGE).pfn, true);
      spawn('gpu', function* () {
        yield* device_access(d, a + devPage * PAGE, true);
      });
      spawn('cpu', function* () {
        yield* cpu(t, a);
        // The driver would zap on its notifier; this device has none, so the test zaps at the end.
        yield* device_zap_all(d);
      });
    });
  });
}

function kinds(r: ReturnType<typeof run>): string[] {
  return [...new Set(r.violations.map((v) => v.kind))].sort();
}

test('dpor: a device access reads the CPU entry of its page: against a CPU zap of that page, dpor finds every kind dfs finds', () => {
  const sc = deviceVsCpu('device-access-vs-zap-same-page', 0, function* (t, a) {
    yield* mm.sys_madvise(t, a, PAGE, mm.MADV_DONTNEED);
  });
  const d = run(sc, 'dfs');
  const p = run(sc, 'dpor');
  assert.equal(d.exhausted && p.exhausted, true);
  // The access inside the zap's invalidation, after its entry step, is the stale-device-mapping
  // window; the page freed under the device entry is a use-after-free (fatal: it ends the
  // execution, so dpor must also try the device's pending access before it, see dpor.ts
  // cutShort).
  assert.deepEqual(kinds(d), ['device-use-after-free', 'stale-device-mapping']);
  assert.deepEqual(kinds(p), kinds(d));
  assert.ok(p.executions < d.executions, `dpor ${p.executions} < dfs ${d.executions}`);
});

test('dpor: a device access of one page commutes with a CPU zap of another page (except the device zap and the free)', () => {
  const other = deviceVsCpu('device-access-vs-zap-other-page', 1, function* (t, a) {
    yield* mm.sys_madvise(t, a, PAGE, mm.MADV_DONTNEED);
  });
  const same = deviceVsCpu('device-access-vs-zap-same-page-2', 0, function* (t, a) {
    yield* mm.sys_madvise(t, a, PAGE, mm.MADV_DONTNEED);
  });
  const po = run(other, 'dpor');
  const ps = run(same, 'dpor');
  const d = run(other, 'dfs');
  assert.deepEqual(kinds(po), kinds(d));
  assert.ok(po.executions < ps.executions, `other page ${po.executions} < same page ${ps.executions}`);
});

test('dpor: a device zap of a few pages conflicts with an access of a page inside it, not outside', () => {
  const zapVsAccess = (devPage: number) =>
    scenarioOf(`device-zap-vs-access-${devPage}`, () => {
      spawn('init', function* () {
        const t = mm.task_create('p');
        const a = yield* mm.sys_mmap(t, 0, 4 * PAGE, RW, ANON);
        for (let i = 0; i < 4; i++) yield* mm.user_write_u32(t, a + i * PAGE, i);
        const d = device_create('gpu0');
        yield* device_bind(d, t.mm!, noFault);
        for (let i = 0; i < 4; i++) yield* device_map(d, a + i * PAGE, mm.peek_entry(t.mm!, a + i * PAGE).pfn, false);
        spawn('gpu', function* () {
          yield* device_access(d, a + devPage * PAGE, false);
        });
        spawn('drv', function* () {
          yield* device_zap(d, a, a + 2 * PAGE);
        });
      });
    });
  const inside = run(zapVsAccess(1), 'dpor');
  const outside = run(zapVsAccess(3), 'dpor');
  assert.deepEqual([inside.executions, outside.executions], [2, 1]);
});

test('recorded footprint: a device access step reads its device entry, the CPU entry of its page and the folio', () => {
  let vpn = -1;
  let pfn = -1;
  const sc = scenarioOf('device-access-footprint', () => {
    spawn('init', function* () {
      const t = mm.task_create('p');
      const a = yield* mm.sys_mmap(t, 0, PAGE, RW, ANON);
      yield* mm.user_write_u32(t, a, 1);
      const d = device_create('gpu0');
      yield* device_bind(d, t.mm!, noFault);
      pfn = mm.peek_entry(t.mm!, a).pfn;
      vpn = a / PAGE;
      yield* device_map(d, a, pfn, false);
      spawn('gpu', function* () {
        yield* device_access(d, a, false);
      });
    });
  });
  const rec = new DependencyRecorder();
  setStepObserver(rec);
  try {
    runExecution(sc, 'base', serialChooser, 10_000, false);
  } finally {
    setStepObserver(null);
  }
  rec.flush();
  const foot = rec.foot.map((f) => footprint_to_json(f) as NamedFootprint);
  const i = foot.findIndex((f) => f.keys.includes(`dev:gpu0:${vpn}`) && !f.keys.some((k) => k.startsWith('threads')) && f.modes[f.keys.indexOf(`dev:gpu0:${vpn}`)] === READ);
  assert.ok(i >= 0, 'the access is an event reading its device entry');
  const f = foot[i]!;
  const mode = (p: RegExp) => f.modes[f.keys.findIndex((k) => p.test(k))];
  assert.equal(mode(new RegExp(`^pte:mm#\\d+:${vpn}$`)), READ, `reads the CPU entry (keys: ${f.keys.join(' ')})`);
  assert.equal(mode(new RegExp(`^pg:${pfn}$`)), READ, 'reads the folio');
  assert.equal(mode(/^ranges:mm#\d+:\*$/), undefined, 'no invalidation runs: the range check is not needed (the CPU entry agrees)');
  assert.equal(mode(/^memory$/), READ, 'a fine operation: reads the coarse key');
});
