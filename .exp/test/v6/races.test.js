/*
 * The race catalogue's v6 column. invalidate-aba and nonoverlap-three-cpu get the full
 * `hmmsim check` claim (dfs k=2 exhausted + pct d=3 x10,000); the others a cheaper one (dfs
 * k=1 exhausted + 300 pct executions) to keep the suite fast — `hmmsim check` runs them fully.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_OPTIONS, explore } from '../../src/explore/run.js';
import { verdict } from '../../src/explore/verdict.js';
import { raceScenarios } from '../../src/scenarios/races/index.js';
const FULL = new Set(['invalidate-aba', 'nonoverlap-three-cpu']);
for (const sc of raceScenarios) {
    const exp = sc.designs.v6;
    if (exp === undefined)
        continue;
    test(`${sc.name} on v6: ${exp.clean ? 'clean' : exp.kinds.join(' or ')}`, () => {
        // The catalogue's v6 column is clean but for the broken-driver variants (…-old-driver).
        assert.ok(exp.clean || sc.name.endsWith('-old-driver'), 'a catalogue scenario on v6 is clean unless it runs a broken driver');
        if (!exp.clean || FULL.has(sc.name)) {
            const v = verdict(sc, 'v6');
            assert.ok(v.ok, `expected ${v.expected}, found ${v.found} (${v.explored.join('; ')})`);
            return;
        }
        const d = explore(sc, 'v6', { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions: 1, executions: 200_000 });
        assert.deepEqual(d.violations.map((x) => x.kind), []);
        assert.ok(d.exhausted, 'dfs k=1 exhausted');
        const p = explore(sc, 'v6', { ...DEFAULT_OPTIONS, executions: 300 });
        assert.deepEqual(p.violations.map((x) => x.kind), []);
    });
}
test('invalidate-aba is the race v6 closes: found on v5.2 and v5.3, clean on v6', () => {
    const aba = raceScenarios.find((s) => s.name === 'invalidate-aba');
    assert.deepEqual(Object.keys(aba.designs).sort(), ['v5.2', 'v5.3', 'v6']);
    assert.equal(aba.designs.v6.clean, true);
    assert.equal(aba.designs['v5.3'].clean, false);
});
