/*
 * The race catalogue: every scenario on v5.2 and v5.3 has its expected outcome. A violation
 * must be found by the default strategy with a token whose replay reproduces it exactly; a
 * clean claim gets a bounded exploration here (smaller than `hmmsim check`, which makes the
 * full claim: dfs k=2 exhausted + pct 10,000).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_OPTIONS, explore, replayToken } from '../../src/explore/run.js';
import { raceScenarios } from '../../src/scenarios/races/index.js';
import { findScenario } from '../../src/scenarios/index.js';
for (const sc of raceScenarios) {
    for (const design of Object.keys(sc.designs)) {
        const exp = sc.designs[design];
        if (exp === undefined)
            continue;
        test(`${sc.name} on ${design}: ${exp.clean ? 'clean' : (exp.everyExecution ? 'every execution ' : '') + exp.kinds.join(' or ')}`, () => {
            if (exp.clean) {
                const d = explore(sc, design, { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions: 1, executions: 200_000 });
                assert.equal(d.violations.length, 0, `dfs k=1 found ${d.violations.map((v) => v.kind).join(', ')}`);
                assert.ok(d.exhausted, 'dfs k=1 did not exhaust');
                const p = explore(sc, design, { ...DEFAULT_OPTIONS, executions: 300 });
                assert.equal(p.violations.length, 0, `pct found ${p.violations.map((v) => `${v.kind}: ${v.token}`).join(', ')}`);
                return;
            }
            if (exp.everyExecution) {
                const d = explore(sc, design, { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions: 2, executions: 100_000, keepGoing: true });
                assert.ok(d.exhausted);
                assert.equal(d.violatingExecutions, d.executions, 'not every execution violates');
                for (const v of d.violations)
                    assert.ok(exp.kinds.includes(v.kind), v.kind);
                return;
            }
            const r = explore(sc, design, { ...DEFAULT_OPTIONS });
            assert.ok(r.violations.length > 0, 'default strategy found nothing');
            const v = r.violations[0];
            for (const x of r.violations)
                assert.ok(exp.kinds.includes(x.kind), `unexpected ${x.kind}: ${x.message}`);
            const rep = replayToken(v.token, findScenario, false);
            const again = rep.result.violations.find((x) => x.kind === v.kind && x.message === v.message);
            assert.ok(again, `replay of ${v.token} did not reproduce ${v.kind}: ${v.message}`);
            assert.equal(again.step, v.step);
        });
    }
}
test('get-or-create-race covers both variants of §4.4 on v5.2 and neither exists on v5.3', () => {
    const sc = findScenario('get-or-create-race');
    const d = explore(sc, 'v5.2', { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions: 2, keepGoing: true });
    assert.ok(d.exhausted);
    const msgs = d.violations.filter((v) => v.kind === 'assertion').map((v) => v.message);
    assert.ok(msgs.some((m) => /gpu0: hmm_mirror_register failed with -ENOMEM/.test(m)), 'A: the mirror loses the install');
    assert.ok(msgs.some((m) => /range: hmm_range_register failed with -EFAULT/.test(m)), 'A: the range loses the install');
    assert.ok(msgs.some((m) => /gpu1: hmm_mirror_register failed with -ENOMEM/.test(m)), 'B: registration beside a dying hmm');
    const c = explore(sc, 'v5.3', { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions: 2 });
    assert.ok(c.exhausted);
    assert.deepEqual(c.violations, []);
});
