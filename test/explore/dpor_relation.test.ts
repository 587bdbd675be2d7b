/*
 * Two refinements of dpor's dependency relation and their guards:
 *  - a wait whose condition declares what it reads (wait.ts CondReads) commutes with steps that
 *    change nothing of it, and a wrong declaration is a ModelError, never a quiet "clean";
 *  - decrements whose result is not zero (kref_put, atomic_dec_and_test) commute with each other
 *    but not with increments or with the decrement that reaches zero.
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
import { scenarioOf } from '../helpers.js';
import { run, sameOutcomes, Var } from './small_programs.js';

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
      const body = counterProgram(threads, init);
      const of = (strategy: 'dpor' | 'dfs') => {
        const states = new Set<string>();
        const r = run(
          scenarioOf('counters', () => body((s) => cur.onExit(() => states.add(s)))),
          strategy,
        );
        assert.equal(r.exhausted, true);
        return { states: [...states].sort(), reports: [...new Set(r.violations.map((v) => `${v.kind}: ${v.title}`))].sort() };
      };
      assert.deepEqual(of('dpor'), of('dfs'));
      programs++;
    }),
    { numRuns: 120, seed: 20261202 },
  );
  assert.equal(programs, 120);
});
