/*
 * CPUs (src/kernel/cpu.ts): kernel code is not preemptible, so a thread pinned to a CPU runs
 * only when that CPU's thread sleeps, exits or reaches a voluntary resched point; a per-CPU
 * work item (queue_work_on) runs on its CPU's worker; a spinner that never schedules starves
 * the work item of its CPU and the budget's report says so (a soft lockup); with a
 * cond_resched (yield_now) in the loop every interleaving is clean. No CPUs declared: nothing
 * changes.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flush_work, INIT_WORK, pin_thread, spin_retry, queue_work_on, schedule_point, ScenarioError, set_nr_cpus, smp_processor_id, spawn, system_wq, WorkStruct, yield_now, type Sched } from '../../src/kernel/index.js';
import { DEFAULT_OPTIONS, explore } from '../../src/explore/run.js';
import { folio_add_lru, folio_test_lru, lru_add_drain_all } from '../../src/mm/lru.js';
import { alloc_page, PageKind, type Page } from '../../src/mm/page.js';
import { runThreads, scenarioOf } from '../helpers.js';

/**
 * A waiter on CPU 1 queues a work on CPU 0 and waits for it; a spinner on CPU `spinCpu` waits
 * for the work's flag: at a plain scheduling point, at a resched point (yield_now), or as a busy
 * retry (spin_retry) that keeps its CPU.
 */
type SpinMode = 'plain' | 'resched' | 'spin_retry';
function starve_setup(spinCpu: number, mode: SpinMode | boolean): () => void {
  const m: SpinMode = mode === true ? 'resched' : mode === false ? 'plain' : mode;
  return () => {
    set_nr_cpus(2);
    const st = { flag: false };
    const work = new WorkStruct(null, 'flag_work');
    INIT_WORK(work, function* (): Sched {
      yield* schedule_point('set flag');
      st.flag = true;
    });
    pin_thread(
      spawn('waiter', function* (): Sched {
        yield* queue_work_on(0, system_wq, work);
        yield* flush_work(work);
      }),
      1,
    );
    pin_thread(
      spawn('spinner', function* (): Sched {
        while (!st.flag) {
          if (m === 'resched') yield* yield_now();
          else {
            if (m === 'spin_retry') spin_retry();
            yield* schedule_point('spin');
          }
        }
      }),
      spinCpu,
    );
  };
}

const opts = { ...DEFAULT_OPTIONS, strategy: 'dfs' as const, preemptions: 3, executions: 100_000, keepGoing: true, stepBudget: 400 };

test('a spinner on the CPU of a work item it waits for is a soft lockup', () => {
  const r = explore(scenarioOf('starve', starve_setup(0, false)), 'base', opts);
  assert.ok(r.violations.length > 0);
  // The starvation is a soft lockup; a schedule that merely never runs the waiter is a plain livelock.
  assert.ok(r.violations.every((v) => v.kind === 'soft-lockup' || (v.kind === 'livelock' && v.title.startsWith('BUG: livelock'))));
  assert.ok(r.violations.some((v) => v.kind === 'soft-lockup' && v.title === 'BUG: soft lockup: CPU#0 stuck: spinner runs without a scheduling point while kworker/0:events:1 waits for that CPU'), r.violations.map((v) => v.title).join('\n'));
});

test('a cond_resched in the spin lets the work item run: clean over every interleaving', () => {
  const r = explore(scenarioOf('resched', starve_setup(0, true)), 'base', opts);
  assert.equal(r.violations.length, 0);
  assert.equal(r.exhausted, true);
});

test('dpor with CPUs: the spinner without a resched point is a soft lockup, with one every interleaving is clean', () => {
  // A CPU is like a lock its running thread holds: dpor reverses who takes it (sched.ts takeCpu).
  const d = { ...opts, strategy: 'dpor' as const, dporBound: Infinity };
  const bad = explore(scenarioOf('starve', starve_setup(0, false)), 'base', d);
  assert.ok(bad.violations.some((v) => v.kind === 'soft-lockup'), bad.violations.map((v) => v.title).join('\n'));
  const good = explore(scenarioOf('resched', starve_setup(0, true)), 'base', d);
  assert.equal(good.violations.length, 0);
  assert.equal(good.exhausted, true);
  assert.equal(good.stopReason, 'exhausted');
});

test('the thread of a CPU is not preempted by another thread of that CPU', () => {
  const order: string[] = [];
  const res = runThreads(
    {},
    {
      init() {
        set_nr_cpus(1);
        for (const n of ['a', 'b']) {
          pin_thread(
            spawn(n, function* (): Sched {
              for (let i = 0; i < 3; i++) {
                order.push(`${n}${i}@${smp_processor_id()}`);
                yield* schedule_point('step');
              }
            }),
            0,
          );
        }
      },
    },
  );
  assert.equal(res.violations.length, 0);
  // Whatever the chooser, one CPU runs a thread to its end (no sleep, no resched point).
  assert.deepEqual(order, ['a0@0', 'a1@0', 'a2@0', 'b0@0', 'b1@0', 'b2@0']);
});

test('set_nr_cpus and pin_thread refuse bad input', () => {
  assert.throws(() => runThreads({}, { init: () => set_nr_cpus(0) }), ScenarioError);
  assert.throws(() => runThreads({}, { init: () => pin_thread(spawn('x', function* () {}), 0) }), ScenarioError);
  assert.throws(() => runThreads({}, { init: () => (set_nr_cpus(2), pin_thread(spawn('x', function* () {}), 2)) }), ScenarioError);
});

test('lru_add_drain_all drains the batch of every CPU, each on its own CPU', () => {
  const pages: Page[] = [];
  const r = explore(
    scenarioOf('drain', () => {
      pages.length = 0;
      set_nr_cpus(2);
      for (const cpu of [0, 1]) {
        pin_thread(
          spawn(`t${cpu}`, function* (): Sched {
            const p = alloc_page(PageKind.Anon);
            folio_add_lru(p);
            pages.push(p);
            if (folio_test_lru(p)) throw new Error('a new folio is on the LRU before its batch drains');
            yield* schedule_point('added');
            if (cpu === 1) {
              const before = pages.slice();
              yield* lru_add_drain_all();
              for (const q of before) if (!folio_test_lru(q)) throw new Error(`${q.label} still in a batch after lru_add_drain_all`);
            }
          }),
          cpu,
        );
      }
    }),
    'base',
    opts,
  );
  assert.equal(r.violations.length, 0, r.violations.map((v) => v.title).join('\n'));
  assert.equal(r.exhausted, true);
});

test('with no CPUs declared a new folio is on the LRU at once and nothing drains', () => {
  const res = runThreads({
    t: function* (): Sched {
      const p = alloc_page(PageKind.Anon);
      folio_add_lru(p);
      if (!folio_test_lru(p)) throw new Error('not on the LRU');
      yield* lru_add_drain_all();
    },
  });
  assert.equal(res.violations.length, 0);
  assert.deepEqual(res.threads, ['t']);
});

/** A spinner on CPU 0 waits for a flag that a thread on CPU 1 sets (no work item on CPU 0). */
function flag_setup(spin: boolean): () => void {
  return () => {
    set_nr_cpus(2);
    const st = { flag: false };
    pin_thread(
      spawn('setter', function* (): Sched {
        yield* schedule_point('before');
        st.flag = true;
      }),
      1,
    );
    pin_thread(
      spawn('spinner', function* (): Sched {
        while (!st.flag) {
          if (spin) spin_retry();
          yield* schedule_point('spin');
        }
      }),
      0,
    );
  };
}

test('a spinner whose partner is on another CPU is never a soft lockup; with spin_retry the other CPU runs: clean over every interleaving', () => {
  const bare = explore(scenarioOf('flag', flag_setup(false)), 'base', opts);
  // Only a schedule that never runs the setter exceeds the budget: a plain livelock, not a soft lockup.
  assert.ok(bare.violations.length > 0);
  assert.ok(bare.violations.every((v) => v.kind === 'livelock'));
  const spin = explore(scenarioOf('flag-spin', flag_setup(true)), 'base', opts);
  assert.equal(spin.violations.length, 0, spin.violations.map((v) => v.title).join('\n'));
  assert.equal(spin.exhausted, true);
});

test('spin_retry on the CPU of the work item it waits for: still a soft lockup, and only that', () => {
  const r = explore(scenarioOf('starve-spin', starve_setup(0, 'spin_retry')), 'base', opts);
  assert.ok(r.violations.length > 0);
  assert.ok(r.violations.every((v) => v.kind === 'soft-lockup'), r.violations.map((v) => v.title).join('\n'));
});
