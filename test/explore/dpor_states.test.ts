/*
 * dpor's "every interleaving" checked against plain search on the catalogue: on a scenario
 * that dpor exhausts, every final state dfs reaches (final_state.ts: pages, page tables, device
 * entries, reports, how threads ended) must be one that dpor reached. A state only dfs reaches
 * is an interleaving the reduction skipped (a dependency the model does not record).
 *
 * The suite runs the scenarios whose proof takes at most MAX_DPOR executions (and SECONDS), against the
 * first DFS_EXECUTIONS executions of dfs at bound 2 (a subset is enough: each state dfs reaches
 * must be in dpor's set). HMMSIM_DPOR_STATES=all runs every clean design of the catalogue and
 * the selftests with larger caps (minutes): `HMMSIM_DPOR_STATES=all node --test
 * dist/test/explore/dpor_states.test.js`.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cur } from '../../src/kernel/index.js';
import { DEFAULT_OPTIONS, explore } from '../../src/explore/run.js';
import { builtinScenarios } from '../../src/scenarios/index.js';
import type { Scenario } from '../../src/scenarios/types.js';
import { final_state } from './final_state.js';

const ALL = process.env['HMMSIM_DPOR_STATES'] === 'all';
const MAX_DPOR = ALL ? 40_000 : 800;
/** Seconds per run (a proof that takes longer is skipped in the suite). */
const SECONDS = ALL ? 30 : 3;
const DFS_EXECUTIONS = ALL ? 20_000 : 1_000;

/** The scenario with every execution's final state added to `sink`. */
function recording(sc: Scenario, sink: Set<string>): Scenario {
  return {
    ...sc,
    setup(design: string) {
      sc.setup(design);
      cur.onExit(() => sink.add(final_state()));
    },
  };
}

let compared = 0;
for (const sc of builtinScenarios) {
  if (!ALL && sc.group === 'selftests') continue;
  for (const [design, exp] of Object.entries(sc.designs)) {
    if (!exp.clean) continue;
    test(`${sc.name} on ${design}: every final state dfs reaches, dpor's exhausted search reaches`, (t) => {
      const byDpor = new Set<string>();
      const o = { ...DEFAULT_OPTIONS, keepGoing: true, seconds: SECONDS };
      const p = explore(recording(sc, byDpor), design, { ...o, strategy: 'dpor', dporBound: Infinity, executions: MAX_DPOR });
      if (!p.exhausted) {
        t.skip(`dpor not exhausted within ${MAX_DPOR} executions and ${SECONDS} s (no proof to check)`);
        return;
      }
      const byDfs = new Set<string>();
      explore(recording(sc, byDfs), design, { ...o, strategy: 'dfs', preemptions: sc.checkBounds?.preemptions ?? 2, executions: DFS_EXECUTIONS });
      const missed = [...byDfs].filter((s) => !byDpor.has(s));
      assert.deepEqual(missed.slice(0, 3), [], `${missed.length} of ${byDfs.size} final states of dfs not reached by dpor (${p.executions} executions, ${byDpor.size} states)`);
      compared++;
    });
  }
}

test('the comparison ran on enough scenarios', () => {
  // (Counted over the tests above, which node:test runs first, in order.)
  assert.ok(compared >= (ALL ? 50 : 30), `${compared} scenarios compared`);
});
