/*
 * Every v6 scenario has its expected outcome (the `hmmsim check` rules: dfs k=2 exhausted and
 * pct d=3 x10,000 for clean claims), and every violation's token replays the same report.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replayToken } from '../../src/explore/run.js';
import { verdict } from '../../src/explore/verdict.js';
import { findScenario } from '../../src/scenarios/index.js';
import { v6Scenarios } from '../../src/scenarios/v6/index.js';
import { itree_stats } from '../../src/mm/interval_notifier.js';
describe('v6 scenarios', () => {
    for (const sc of v6Scenarios) {
        it(`${sc.name}: ${JSON.stringify(sc.designs.v6)}`, () => {
            const before = { ...itree_stats };
            const v = verdict(sc, 'v6');
            assert.ok(v.ok, `${sc.name}: expected ${v.expected}, found ${v.found} (${v.explored.join('; ')})`);
            if (sc.name === 'v6-deferred-insert-remove') {
                // The explorer reached the deferred paths, not just the easy ones.
                assert.ok(itree_stats.deferred_inserts > before.deferred_inserts, 'some execution deferred an insert');
                assert.ok(itree_stats.deferred_removes > before.deferred_removes, 'some execution deferred a remove');
            }
            if (sc.name === 'v6-oom-nonblock-trylock')
                assert.ok(itree_stats.eagain > before.eagain, 'some execution refused the reaper (-EAGAIN)');
            if (!sc.designs.v6.clean) {
                const found = v.runs.flatMap((r) => r.violations)[0];
                assert.ok(v.token, 'a token is printed');
                const lean = replayToken(v.token, findScenario, false).result;
                assert.equal(lean.violations[0].kind, found.kind);
                assert.equal(lean.violations[0].step, found.step);
                const a = replayToken(v.token, findScenario, true);
                const b = replayToken(v.token, findScenario, true);
                assert.deepEqual(a.result.events, b.result.events);
                assert.equal(a.result.violations[0].title, found.title);
            }
        });
    }
});
