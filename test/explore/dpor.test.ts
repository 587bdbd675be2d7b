/*
 * Soundness of the dpor strategy: on small programs whose number of Mazurkiewicz traces is
 * known in closed form, dpor runs exactly that many complete executions (source-DPOR may also
 * start executions that end early as sleep-set blocked; those are counted apart and are
 * asserted to stay below the trace count). On programs with blocking, wake-ups, virtual-time
 * timeouts and data choices, dpor reaches exactly the final states an unbounded dfs reaches.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Atomic,
  atomic_inc,
  atomic_read,
  Kref,
  kref_get,
  Completion,
  complete,
  cur,
  Mutex,
  READ_ONCE,
  WRITE_ONCE,
  choose,
  msleep,
  mutex_lock,
  mutex_unlock,
  spawn,
  wait_for_completion,
  wait_for_completion_timeout,
  wait_event,
  wake_up_all,
  WaitQueueHead,
} from '../../src/kernel/index.js';
import { DEFAULT_OPTIONS, explore, replayToken } from '../../src/explore/run.js';
import type { Scenario } from '../../src/scenarios/types.js';
import { findScenario } from '../../src/scenarios/index.js';
import { scenarioOf } from '../helpers.js';
import { run, sameOutcomes, Var } from './small_programs.js';

function fact(k: number): number {
  return k <= 1 ? 1 : k * fact(k - 1);
}
function binom(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/**
 * Complete executions are exactly the trace count. Source-DPOR may also start redundant
 * executions that sleep sets cut short; `maxBlocked` is the stated bound on those.
 */
function assertTraces(sc: Scenario, expected: number, maxBlocked = 0): void {
  const r = run(sc);
  assert.equal(r.exhausted, true, 'dpor exhausted the space');
  assert.deepEqual(r.violations, []);
  assert.equal(r.executions, expected, `complete executions = number of traces (${expected})`);
  assert.ok(r.dpor!.blocked <= maxBlocked, `sleep-set blocked executions (${r.dpor!.blocked}) stay within ${maxBlocked}`);
}

for (const k of [2, 3, 4, 5]) {
  test(`${k} threads taking one mutex once each: ${k}! = ${fact(k)} executions (and at most ${fact(k)} cut short)`, () => {
    assertTraces(
      scenarioOf(`mutex-${k}`, () => {
        const m = new Mutex('m');
        for (let i = 0; i < k; i++)
          spawn(`t${i}`, function* () {
            yield* mutex_lock(m);
            yield* mutex_unlock(m);
          });
      }),
      fact(k),
      fact(k),
    );
  });
}

for (const n of [1, 2, 3, 5, 8]) {
  test(`one writer and ${n} readers of one variable: 2^${n} = ${2 ** n} executions (and at most ${(n + 1) * 2 ** n} cut short)`, () => {
    assertTraces(
      scenarioOf(`readers-${n}`, () => {
        const x = new Var();
        spawn('writer', function* () {
          yield* WRITE_ONCE(x, 'v', 1);
        });
        for (let i = 0; i < n; i++)
          spawn(`reader${i}`, function* () {
            yield* READ_ONCE(x, 'v');
          });
      }),
      2 ** n,
      // Source sets are not optimal here: readers reversed against each other's reversals.
      (n + 1) * 2 ** n,
    );
  });
}

for (const n of [1, 2, 3, 4, 6]) {
  test(`two threads each writing one variable ${n} times: C(${2 * n},${n}) = ${binom(2 * n, n)} executions`, () => {
    assertTraces(
      scenarioOf(`writers-${n}`, () => {
        const x = new Var();
        for (const name of ['a', 'b'])
          spawn(name, function* () {
            for (let i = 0; i < n; i++) yield* WRITE_ONCE(x, 'v', i);
          });
      }),
      binom(2 * n, n),
    );
  });
}

for (const k of [2, 4, 6]) {
  test(`${k} threads on disjoint objects: 1 execution`, () => {
    assertTraces(
      scenarioOf(`disjoint-${k}`, () => {
        for (let i = 0; i < k; i++) {
          const x = new Var();
          const m = new Mutex(`m${i}`);
          spawn(`t${i}`, function* () {
            yield* mutex_lock(m);
            yield* WRITE_ONCE(x, 'v', 1);
            yield* READ_ONCE(x, 'v');
            yield* mutex_unlock(m);
          });
        }
      }),
      1,
    );
  });
}

for (const n of [2, 4, 6]) {
  test(`${n} threads taking a reference on one kref, and one reader of an atomic incremented by them: 1 and 2^${n} executions`, () => {
    assertTraces(
      scenarioOf(`kref-${n}`, () => {
        const k = new Kref(new Var());
        for (let i = 0; i < n; i++)
          spawn(`t${i}`, function* () {
            yield* kref_get(k);
          });
      }),
      1,
    );
    assertTraces(
      scenarioOf(`inc-${n}`, () => {
        const a = new Atomic(0, 'a');
        for (let i = 0; i < n; i++)
          spawn(`t${i}`, function* () {
            yield* atomic_inc(a);
          });
        spawn('reader', function* () {
          yield* atomic_read(a);
        });
      }),
      2 ** n,
      (n + 1) * 2 ** n,
    );
  });
}

for (const n of [1, 3, 6]) {
  test(`a wait-condition check against ${n} reads: 2 executions; against ${n} writes: ${n} + 1 executions`, () => {
    // The check reads every object: it commutes with events that change nothing, and is
    // ordered against each write and against the other thread's exit (a change too, made in
    // the step of its last access): the check goes in one of the gaps between those.
    for (const write of [false, true]) {
      assertTraces(
        scenarioOf(`wait-vs-${write ? 'writes' : 'reads'}-${n}`, () => {
          const x = new Var();
          const wq = new WaitQueueHead('wq');
          spawn('waiter', function* () {
            yield* wait_event(wq, () => true);
          });
          spawn('other', function* () {
            for (let i = 0; i < n; i++) {
              if (write) yield* WRITE_ONCE(x, 'v', i);
              else yield* READ_ONCE(x, 'v');
            }
          });
        }),
        write ? n + 1 : 2,
      );
    }
  });
}

test('wait-condition checks: a waiter on a flag, its setter and a reader reach what unbounded dfs reaches', () => {
  sameOutcomes('wait-event', (out) => {
    const x = new Var();
    const y = new Var();
    const wq = new WaitQueueHead('wq');
    const seen: number[] = [];
    spawn('waiter', function* () {
      yield* wait_event(wq, () => x.v === 1);
      seen.push(yield* READ_ONCE(y, 'v'));
    });
    spawn('setter', function* () {
      yield* WRITE_ONCE(y, 'v', 1);
      x.v = 1;
      yield* wake_up_all(wq);
      yield* WRITE_ONCE(y, 'v', 2);
    });
    spawn('reader', function* () {
      seen.push(100 + (yield* READ_ONCE(y, 'v')));
    });
    cur.onExit(() => out(seen.join(',')));
  });
});

test('blocking and wake-ups: a waiter, a completer and a racing writer reach what unbounded dfs reaches', () => {
  sameOutcomes('completion', (out) => {
    const c = new Completion('done');
    const x = new Var();
    const seen: number[] = [];
    spawn('waiter', function* () {
      seen.push(yield* READ_ONCE(x, 'v'));
      yield* wait_for_completion(c);
      seen.push(yield* READ_ONCE(x, 'v'));
    });
    spawn('completer', function* () {
      yield* WRITE_ONCE(x, 'v', 1);
      yield* complete(c);
      yield* WRITE_ONCE(x, 'v', 2);
    });
    out('');
    cur.onExit(() => out(seen.join(',')));
  });
});

test('virtual-time timeouts: a timed wait against a sleeper reach what unbounded dfs reaches', () => {
  sameOutcomes('timeout', (out) => {
    const c = new Completion('done');
    const x = new Var();
    let r = -1;
    let seen = -1;
    spawn('waiter', function* () {
      r = yield* wait_for_completion_timeout(c, 5);
      seen = yield* READ_ONCE(x, 'v');
    });
    spawn('sleeper', function* () {
      yield* WRITE_ONCE(x, 'v', 1);
      yield* msleep(5);
      yield* complete(c);
      yield* WRITE_ONCE(x, 'v', 3);
    });
    spawn('other', function* () {
      yield* WRITE_ONCE(x, 'v', 2);
    });
    cur.onExit(() => out(`${r > 0 ? 'done' : 'timeout'} saw ${seen} final ${x.v}`));
  });
});

test('data choices: every value of pickValue is explored with every order that matters', () => {
  sameOutcomes('values', (out) => {
    const x = new Var();
    let seen = -1;
    spawn('chooser', function* () {
      const v = choose(3);
      yield* WRITE_ONCE(x, 'v', v + 1);
    });
    spawn('reader', function* () {
      seen = yield* READ_ONCE(x, 'v');
    });
    cur.onExit(() => out(`${seen}`));
  });
});

test('lost update under mutexes and a racy counter: dpor finds the same final counters as dfs', () => {
  sameOutcomes('counter', (out) => {
    const x = new Var();
    const m = new Mutex('m');
    for (const name of ['a', 'c'])
      spawn(name, function* () {
        if (name === 'c') {
          const v = yield* READ_ONCE(x, 'v');
          yield* WRITE_ONCE(x, 'v', v + 10);
          return;
        }
        yield* mutex_lock(m);
        const v = yield* READ_ONCE(x, 'v');
        yield* WRITE_ONCE(x, 'v', v + 1);
        yield* mutex_unlock(m);
      });
    cur.onExit(() => out(`${x.v}`));
  });
});

for (const name of ['demo-use-after-free', 'demo-srcu-free', 'demo-abba', 'demo-lost-update']) {
  test(`dpor finds ${name} and its token replays the same violation`, () => {
    const sc = findScenario(name)!;
    const exp = sc.designs.base!;
    const r = explore(sc, 'base', { ...DEFAULT_OPTIONS, strategy: 'dpor', executions: 100_000 });
    const v = r.violations[0]!;
    assert.ok(v !== undefined && !exp.clean && exp.kinds.includes(v.kind), `found an expected kind (${v?.kind})`);
    const again = replayToken(v.token, findScenario, false).result;
    assert.ok(again.violations.some((x) => x.kind === v.kind && x.message === v.message && x.step === v.step));
  });
}
