/*
 * Refinements of dpor's dependency relation and their guards:
 *  - a wait whose condition declares what it reads (wait.ts CondReads) commutes with steps that
 *    change nothing of it, and a wrong declaration is a ModelError, never a quiet "clean";
 *  - decrements whose result is not zero (kref_put, atomic_dec_and_test) commute with each other
 *    but not with increments or with the decrement that reaches zero;
 *  - a driver callback run inside a core step (a dev_pagemap's page_free, the first stretch of
 *    its migrate_to_ram) touches any state unless the pgmap's ops declare that it records what
 *    it touches;
 *  - a declared CPU is like a lock its running thread holds.
 * Counts are exact (closed form); outcome sets are compared with unbounded dfs.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  Atomic,
  atomic_dec_and_test,
  atomic_dec,
  atomic_inc,
  atomic_read,
  cur,
  field_changed,
  Kref,
  kref_get,
  kref_get_unless_zero,
  kref_put,
  ModelError,
  READ_ONCE,
  spawn,
  wait_event,
  wait_event_timeout,
  wake_up_all,
  WaitQueueHead,
  WRITE_ONCE,
  type Sched,
} from '../../src/kernel/index.js';
import type { Scenario } from '../../src/scenarios/types.js';
import { DevPagemap, memremap_pages, put_page, zone_device_folio_init } from '../../src/mm/page.js';
import { complete, Completion, footprint, Mutex, schedule_point, mutex_lock, mutex_unlock, pin_thread, set_nr_cpus, spin_lock, spin_unlock, Spinlock, wait_for_completion, yield_now } from '../../src/kernel/index.js';
import * as mm from '../../src/mm/index.js';
import { scenarioOf } from '../helpers.js';
import { run, sameOutcomes, sameOutcomesAndReports, Var } from './small_programs.js';

function executions(sc: Scenario): number {
  const r = run(sc);
  assert.equal(r.exhausted, true, 'dpor exhausted the space');
  assert.deepEqual(r.violations, []);
  return r.executions;
}

/* ---- declared wait conditions ---------------------------------------------------------- */

for (const n of [1, 3, 6]) {
  test(`a declared wait check against ${n} writes of another object: 1 execution; of its own object: ${n} + 1`, () => {
    for (const own of [false, true]) {
      const count = executions(
        scenarioOf(`declared-wait-${own ? 'own' : 'other'}-${n}`, () => {
          const x = new Var();
          const y = new Var();
          const wq = new WaitQueueHead('wq');
          spawn('waiter', function* () {
            yield* wait_event(wq, () => y.v >= 0, [[y, 'v']]);
          });
          spawn('other', function* () {
            for (let i = 0; i < n; i++) yield* WRITE_ONCE(own ? y : x, 'v', i);
          });
        }),
      );
      // Undeclared, the check would be ordered against every write (n + 1 either way).
      assert.equal(count, own ? n + 1 : 1);
    }
  });
}

test('declared wait conditions (wait_event, wait_event_timeout) reach what unbounded dfs reaches', () => {
  for (const timed of [false, true]) {
    const r = sameOutcomes(`declared-flag-${timed ? 'timed' : 'plain'}`, (out) => {
      const x = new Var();
      const y = new Var();
      const wq = new WaitQueueHead('wq');
      const seen: string[] = [];
      spawn('waiter', function* () {
        if (timed) seen.push(`t${yield* wait_event_timeout(wq, () => x.v === 1, 5, [[x, 'v']])}`);
        else yield* wait_event(wq, () => x.v === 1, [[x, 'v']]);
        seen.push(`y${yield* READ_ONCE(y, 'v')}`);
      });
      spawn('setter', function* () {
        yield* WRITE_ONCE(y, 'v', 1);
        yield* WRITE_ONCE(x, 'v', 1);
        yield* wake_up_all(wq);
        yield* WRITE_ONCE(y, 'v', 2);
      });
      spawn('unrelated', function* () {
        const z = new Var();
        for (let i = 0; i < 3; i++) yield* WRITE_ONCE(z, 'v', i);
      });
      cur.onExit(() => out(seen.join(',')));
    });
    assert.ok(r.dpor < r.dfs, `the unrelated writes commute with the check (dpor ${r.dpor}, dfs ${r.dfs})`);
  }
});

test('a plain store announced with field_changed keeps a declared wait sound', () => {
  sameOutcomes('declared-field-changed', (out) => {
    const x = new Var();
    const y = new Var();
    const wq = new WaitQueueHead('wq');
    const seen: string[] = [];
    spawn('waiter', function* () {
      yield* wait_event(wq, () => x.v === 1, [[x, 'v']]);
      seen.push(`y${yield* READ_ONCE(y, 'v')}`);
    });
    spawn('setter', function* () {
      yield* WRITE_ONCE(y, 'v', 1);
      x.v = 1; // in the step of the write of y, announced:
      field_changed(x, 'v');
      yield* wake_up_all(wq);
      yield* WRITE_ONCE(y, 'v', 2);
    });
    cur.onExit(() => out(seen.join(',')));
  });
});

/** Runs a program whose wait declares the wrong reads under dpor: the recorder must refuse it. */
function assertRefused(name: string, setup: () => void, message: RegExp): void {
  assert.throws(() => run(scenarioOf(name, setup)), (e: unknown) => e instanceof ModelError && message.test(e.message));
}

test('a declared field changed by a step that records no change of its object is a ModelError', () => {
  assertRefused(
    'declared-plain-write',
    () => {
      const x = new Var();
      const wq = new WaitQueueHead('wq');
      spawn('waiter', function* () {
        yield* wait_event(wq, () => x.v === 1, [[x, 'v']]);
      });
      spawn('setter', function* (): Sched {
        const y = new Var();
        yield* WRITE_ONCE(y, 'v', 1);
        x.v = 1; // a plain store, in the step of the write of y: not a recorded change of x
        yield* wake_up_all(wq);
      });
    },
    /waiter's wait on wq declares reading var#1\.v, which changed \(0 -> 1\) in a step that recorded no change of var#1/,
  );
});

test('a condition that reads something it does not declare is a ModelError', () => {
  assertRefused(
    'declared-wrong-object',
    () => {
      const x = new Var();
      const y = new Var();
      const wq = new WaitQueueHead('wq');
      spawn('waiter', function* () {
        yield* wait_event(wq, () => x.v === 1, [[y, 'v']]);
      });
      spawn('setter', function* () {
        yield* WRITE_ONCE(x, 'v', 1);
        yield* wake_up_all(wq);
      });
    },
    /the condition reads something it does not declare/,
  );
});

test('without a dependency observer (dfs) a declared wait behaves as an undeclared one', () => {
  const r = run(
    scenarioOf('declared-under-dfs', () => {
      const x = new Var();
      const wq = new WaitQueueHead('wq');
      spawn('waiter', function* () {
        yield* wait_event(wq, () => x.v === 1, [[x, 'v']]);
      });
      spawn('setter', function* () {
        yield* WRITE_ONCE(x, 'v', 1);
        yield* wake_up_all(wq);
      });
    }),
    'dfs',
  );
  assert.equal(r.exhausted, true);
  assert.deepEqual(r.violations, []);
  assert.ok(r.executions > 1);
});

/* ---- nonzero decrements --------------------------------------------------------------- */

const noop = function* (): Sched {};

for (const n of [2, 3, 5]) {
  for (const kind of ['kref_put', 'atomic_dec_and_test'] as const) {
    test(`${n} threads each doing ${kind} once on a count of ${n}: ${n} executions (who reaches zero); of ${n + 1}: 1`, () => {
      for (const extra of [0, 1]) {
        const count = executions(
          scenarioOf(`${kind}-${n}-${extra}`, () => {
            const k = new Kref(new Var());
            k.refcount = n + extra;
            const a = new Atomic(n + extra, 'a');
            for (let i = 0; i < n; i++)
              spawn(`t${i}`, function* () {
                if (kind === 'kref_put') yield* kref_put(k, noop);
                else yield* atomic_dec_and_test(a);
              });
          }),
        );
        assert.equal(count, extra === 0 ? n : 1);
      }
    });
  }
}

test('a nonzero put does not commute with a get: 2 executions', () => {
  const count = executions(
    scenarioOf('get-vs-put', () => {
      const k = new Kref(new Var());
      k.refcount = 2;
      spawn('getter', function* () {
        yield* kref_get(k);
      });
      spawn('putter', function* () {
        yield* kref_put(k, noop);
      });
    }),
  );
  assert.equal(count, 2);
});

test('gets, puts and increments racing on counts: dpor reaches what unbounded dfs reaches', () => {
  sameOutcomes('refcount-mix', (out) => {
    const k = new Kref(new Var());
    k.refcount = 2;
    const a = new Atomic(2, 'a');
    const seen: string[] = [];
    const release = (who: string) =>
      function* (): Sched {
        seen.push(`freed by ${who}`);
      };
    spawn('p1', function* () {
      yield* kref_put(k, release('p1'));
      if (yield* atomic_dec_and_test(a)) seen.push('a zero by p1');
    });
    spawn('p2', function* () {
      yield* kref_put(k, release('p2'));
      if (yield* atomic_dec_and_test(a)) seen.push('a zero by p2');
    });
    spawn('g', function* () {
      seen.push(`get ${yield* kref_get_unless_zero(k)}`);
      yield* atomic_inc(a);
    });
    cur.onExit(() => out(seen.sort().join(',')));
  });
});

/*
 * The class of case, not the examples: random programs of 2-3 threads doing 1-2 counter
 * operations each (kref get/get-unless-zero/put, atomic inc/dec/dec-and-test/read) on two
 * counters with small initial counts. Every result each thread sees and the final counts are
 * the outcome, with the reports (a get or put at zero); dpor must reach exactly the outcomes
 * and reports unbounded dfs reaches.
 */
const OPS = ['kref_get', 'kref_get_unless_zero', 'kref_put', 'atomic_inc', 'atomic_dec', 'atomic_dec_and_test', 'atomic_read'] as const;
type Op = { op: (typeof OPS)[number]; on: 0 | 1 };

function counterProgram(threads: Op[][], init: [number, number]): (out: (s: string) => void) => void {
  return (out) => {
    const krefs = [new Kref(new Var()), new Kref(new Var())];
    const atoms = [new Atomic(init[0], 'a0'), new Atomic(init[1], 'a1')];
    krefs[0]!.refcount = init[0];
    krefs[1]!.refcount = init[1];
    const seen: string[] = threads.map(() => '');
    threads.forEach((ops, ti) => {
      spawn(`t${ti}`, function* () {
        for (const { op, on } of ops) {
          const k = krefs[on]!;
          const a = atoms[on]!;
          let r: unknown = '';
          switch (op) {
            case 'kref_get':
              // At zero: a use-after-free report, part of the outcome too.
              yield* kref_get(k);
              break;
            case 'kref_get_unless_zero':
              r = yield* kref_get_unless_zero(k);
              break;
            case 'kref_put':
              r = yield* kref_put(k, noop);
              break;
            case 'atomic_inc':
              yield* atomic_inc(a);
              break;
            case 'atomic_dec':
              yield* atomic_dec(a);
              break;
            case 'atomic_dec_and_test':
              r = yield* atomic_dec_and_test(a);
              break;
            case 'atomic_read':
              r = yield* atomic_read(a);
              break;
          }
          seen[ti] += `${op}${on}=${String(r)};`;
        }
      });
    });
    cur.onExit(() => out(`${seen.join('|')} k=${krefs[0]!.refcount},${krefs[1]!.refcount} a=${atoms[0]!.v},${atoms[1]!.v}`));
  };
}

test('random counter programs: dpor reaches exactly the outcomes unbounded dfs reaches', () => {
  const op = fc.record({ op: fc.constantFrom(...OPS), on: fc.constantFrom(0 as const, 1 as const) });
  let programs = 0;
  fc.assert(
    fc.property(fc.array(fc.array(op, { minLength: 1, maxLength: 2 }), { minLength: 2, maxLength: 3 }), fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })), (threads, init) => {
      sameOutcomesAndReports('counters', counterProgram(threads, init));
      programs++;
    }),
    { numRuns: 120, seed: 20261202 },
  );
  assert.equal(programs, 120);
});

/**
 * A driver's page_free puts the freed pfn on its free list inside the put that frees the folio
 * (no step of its own), and its allocator pops the list under its spinlock: whether the
 * allocation gets the freed pfn or a fresh one depends on the order of the put and the critical
 * section, which share no object the model sees unless page_free says what it touches.
 */
function free_vs_alloc(out: (s: string) => void, declare: 'none' | 'lock'): void {
  const free: number[] = [];
  const lock = new Spinlock('drv->lock');
  const ops = {
    page_free: (p: { pfn: number }) => {
      if (declare === 'lock') footprint('lock data', lock);
      free.push(p.pfn);
    },
    ...(declare === 'lock' ? { footprints: true } : {}),
  };
  const pgmap = new DevPagemap('private', 'drv', ops, 'drv chunk');
  const first = memremap_pages(pgmap, 4);
  const page = zone_device_folio_init(pgmap, first, 0);
  let fresh = first + 1;
  let got = -1;
  spawn('freer', function* () {
    yield* schedule_point('put_page');
    put_page(page);
  });
  spawn('alloc', function* () {
    yield* spin_lock(lock);
    got = free.pop() ?? fresh++;
    yield* spin_unlock(lock);
  });
  cur.onExit(() => out(got === first ? 'recycled' : 'fresh'));
}

for (const declare of ['none', 'lock'] as const) {
  test(`a page_free that ${declare === 'none' ? 'declares nothing (any state)' : 'records the lock of its free list'} is ordered against the allocator: dpor reaches what unbounded dfs reaches`, () => {
    const n = sameOutcomes(`page-free-${declare}`, (out) => free_vs_alloc(out, declare));
    assert.ok(n.dpor >= 2);
  });
}

/**
 * A CPU read faults on a device-private entry: the fault's step runs the driver's migrate_to_ram
 * up to its first scheduling point (dep_keys.ts: the fault itself is keyed by the entry and its
 * folio). This one notes the fault in a list of its own there, which another thread reads under
 * the driver's lock: the order of the two depends on state the model does not see, unless the
 * ops declare what migrate_to_ram records.
 */
function fault_vs_driver(out: (s: string) => void, declare: 'none' | 'lock'): void {
  const lock = new Spinlock('drv->lock');
  const faults: number[] = [];
  const pgmap = new DevPagemap('private', 'drv', {
    *migrate_to_ram(vmf: mm.VmFault) {
      if (declare === 'lock') footprint('lock data', lock);
      faults.push(vmf.address);
      // Back to a system page (as a driver's migration would leave it), in steps of its own.
      const m = vmf.vma.vm_mm;
      const range = mm.mmu_notifier_range_init_owner(mm.MMU_NOTIFY_MIGRATE, 0, vmf.vma, m, vmf.address, vmf.address + mm.PAGE_SIZE, 'drv');
      yield* mm.mmu_notifier_invalidate_range_start(range);
      const t = mm.pmd_lookup(m, vmf.address) as mm.PteTable;
      const np = mm.alloc_page();
      mm.rmap_remove(vmf.page!);
      yield* mm.put_page_step(vmf.page!);
      mm.rmap_add(np);
      mm.__set_pte(t, mm.pte_index(vmf.address), mm.PteKind.Present, mm.PTE_WRITE, np.pfn);
      yield* mm.mmu_notifier_invalidate_range_end(range);
      return 0;
    },
    ...(declare === 'lock' ? { footprints: true } : {}),
  });
  let seen = -1;
  spawn('init', function* () {
    const task = mm.task_create('p');
    const a = yield* mm.sys_mmap(task, 0, mm.PAGE_SIZE, mm.PROT_READ | mm.PROT_WRITE, mm.MAP_PRIVATE | mm.MAP_ANONYMOUS);
    const dpage = mm.alloc_device_pages(pgmap);
    const tbl = mm.pte_alloc(task.mm!, a)!;
    mm.rmap_add(dpage);
    mm.__set_pte(tbl, mm.pte_index(a), mm.PteKind.DevicePrivate, mm.PTE_WRITE, dpage.pfn);
    spawn('cpu', function* () {
      yield* mm.user_read_u32(task, a);
    });
    spawn('drv', function* () {
      yield* spin_lock(lock);
      seen = faults.length;
      yield* spin_unlock(lock);
    });
  });
  cur.onExit(() => out(seen === 1 ? 'after the fault' : 'before it'));
}

for (const declare of ['none', 'lock'] as const) {
  test(`a migrate_to_ram that ${declare === 'none' ? 'declares nothing (any state)' : 'records the lock it is ordered by'} inside the fault's step: dpor reaches what unbounded dfs reaches`, () => {
    const n = sameOutcomes(`fault-driver-${declare}`, (out) => fault_vs_driver(out, declare));
    assert.ok(n.dpor >= 2);
  });
}

/*
 * Declared CPUs (kernel/cpu.ts): a thread pinned to a CPU runs there until it sleeps, exits or
 * yields, so who may run depends on who holds each CPU. dpor treats a CPU like a lock its
 * running thread holds (sched.ts takeCpu, dependency.ts cpuAcquire). Random programs of 2-3
 * threads, each pinned to CPU 0, CPU 1 or none, doing 1-3 of: a write or a read of one of two
 * variables, a critical section, a yield, a completion's complete or wait: dpor must reach
 * exactly the outcomes (what each read saw, the final values) and reports (a wait never
 * completed is a deadlock) unbounded dfs reaches.
 */
const CPU_OPS = ['write', 'read', 'locked', 'yield', 'complete', 'wait'] as const;
type CpuOp = { op: (typeof CPU_OPS)[number]; on: 0 | 1 };

function cpuProgram(threads: { cpu: -1 | 0 | 1; ops: CpuOp[] }[]): (out: (s: string) => void) => void {
  return (out) => {
    set_nr_cpus(2);
    const vars = [new Var(), new Var()];
    const lock = new Mutex('m');
    const done = [new Completion('c0'), new Completion('c1')];
    const seen: string[] = threads.map(() => '');
    threads.forEach(({ cpu, ops }, ti) => {
      const t = spawn(`t${ti}`, function* () {
        for (const { op, on } of ops) {
          switch (op) {
            case 'write':
              yield* WRITE_ONCE(vars[on]!, 'v', ti + 1);
              break;
            case 'read':
              seen[ti] += `r${on}=${yield* READ_ONCE(vars[on]!, 'v')};`;
              break;
            case 'locked':
              yield* mutex_lock(lock);
              seen[ti] += `l${on}=${yield* READ_ONCE(vars[on]!, 'v')};`;
              yield* WRITE_ONCE(vars[on]!, 'v', 10 + ti);
              yield* mutex_unlock(lock);
              break;
            case 'yield':
              yield* yield_now();
              break;
            case 'complete':
              yield* complete(done[on]!);
              break;
            case 'wait':
              yield* wait_for_completion(done[on]!);
              seen[ti] += `w${on};`;
              break;
          }
        }
      });
      if (cpu >= 0) pin_thread(t, cpu);
    });
    cur.onExit(() => out(`${seen.join('|')} v=${vars[0]!.v},${vars[1]!.v}`));
  };
}

/** (sum of n)! / product of n!: the interleavings of threads of n[i] steps each. */
function interleavings(n: number[]): number {
  let r = 1;
  let k = 0;
  for (const m of n) for (let i = 1; i <= m; i++) r = (r * ++k) / i;
  return Math.round(r);
}

test('random programs on declared CPUs: dpor reaches exactly the outcomes unbounded dfs reaches', () => {
  const op = fc.record({ op: fc.constantFrom(...CPU_OPS), on: fc.constantFrom(0 as const, 1 as const) });
  const thread = fc.record({ cpu: fc.constantFrom(-1 as const, 0 as const, 1 as const), ops: fc.array(op, { minLength: 1, maxLength: 3 }) });
  let programs = 0;
  let sharing = 0;
  fc.assert(
    fc.property(fc.array(thread, { minLength: 2, maxLength: 3 }), (threads) => {
      // Small enough for unbounded dfs: at most 3,000 interleavings of the threads' steps.
      fc.pre(interleavings(threads.map((t) => t.ops.reduce((n, o) => n + (o.op === 'locked' ? 4 : 1), 1))) <= 3000);
      sameOutcomesAndReports('cpus', cpuProgram(threads));
      programs++;
      if (threads.some((a, i) => a.cpu >= 0 && threads.some((b, j) => j !== i && b.cpu === a.cpu))) sharing++;
    }),
    { numRuns: 150, seed: 20261202 },
  );
  assert.equal(programs, 150);
  // Most programs put two threads on one CPU (the case the CPU-as-lock reduction is about).
  assert.ok(sharing >= 40, `${sharing} programs share a CPU`);
});
