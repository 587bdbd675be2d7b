/*
 * On every catalogue scenario (all groups but the selftests, whose single executions take
 * seconds each) with an expected violation, dpor finds every violation kind that dfs at
 * preemption bound 2 (or the scenario's own check bound) finds. Both runs keep going after the first finding and are capped so
 * the whole file stays within a couple of minutes; dpor runs its default passes (bounds 0, 1,
 * 2, then none).
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_OPTIONS, explore } from '../../src/explore/run.js';
import { builtinScenarios } from '../../src/scenarios/index.js';

const CAP = { executions: 10_000, seconds: 10 };

for (const sc of builtinScenarios) {
  if (sc.group === 'selftests') continue;
  for (const [design, exp] of Object.entries(sc.designs)) {
    if (exp.clean) continue;
    // The preemption bound check uses for the scenario (2, or more for a bug that needs more).
    const k = sc.checkBounds?.preemptions ?? 2;
    test(`${sc.name} on ${design}: dpor finds what dfs k=${k} finds`, () => {
      const o = { ...DEFAULT_OPTIONS, keepGoing: true, ...CAP };
      const dfs = explore(sc, design, { ...o, strategy: 'dfs', preemptions: k });
      const dpor = explore(sc, design, { ...o, strategy: 'dpor', executions: CAP.executions });
      const kd = new Set(dfs.violations.map((v) => v.kind));
      const kp = new Set(dpor.violations.map((v) => v.kind));
      assert.ok(kd.size > 0, 'dfs found the expected violation');
      for (const k of kd) assert.ok(kp.has(k), `dpor (${dpor.executions} executions) misses ${k}, which dfs (${dfs.executions} executions) found`);
    });
  }
}
