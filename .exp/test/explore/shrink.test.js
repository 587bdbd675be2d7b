/*
 * Shrinking: a violation found by a random schedule is reported with a schedule that has no
 * more preemptions (and, at equal preemptions, no more steps), the same kind and title, and a
 * token that replays it exactly.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_OPTIONS, explore, replayToken } from '../../src/explore/run.js';
import { findScenario } from '../../src/scenarios/index.js';
const cases = [
    ['migrate-aba', 'v5.2'],
    ['unbind-vs-fault', 'v5.2'],
    ['demo-lost-update', 'base'],
];
for (const [name, design] of cases) {
    test(`${name} on ${design}: random's finding is shrunk and its token replays the shrunk schedule`, () => {
        const sc = findScenario(name);
        const plain = explore(sc, design, { ...DEFAULT_OPTIONS, strategy: 'random', executions: 20_000 });
        const r = explore(sc, design, { ...DEFAULT_OPTIONS, strategy: 'random', executions: 20_000, shrink: true });
        const before = plain.violations[0];
        const v = r.violations[0];
        assert.ok(before !== undefined && v !== undefined, 'random found a violation');
        assert.equal(v.kind, before.kind);
        assert.equal(v.title, before.title);
        const s = v.shrunk;
        assert.ok(s.toPreemptions < s.fromPreemptions || (s.toPreemptions === s.fromPreemptions && s.toSteps <= s.fromSteps), `shrunk ${s.fromSteps}/${s.fromPreemptions} to ${s.toSteps}/${s.toPreemptions}`);
        const again = replayToken(v.token, findScenario, false).result;
        const w = again.violations.find((x) => x.kind === v.kind && x.title === v.title);
        assert.ok(w, 'the shrunk token reproduces the violation');
        assert.equal(w.step, v.step);
        assert.equal(w.message, v.message);
        assert.equal(again.steps, s.toSteps);
    });
}
test('a schedule with many preemptions shrinks to fewer', () => {
    const sc = findScenario('migrate-aba');
    const r = explore(sc, 'v5.2', { ...DEFAULT_OPTIONS, strategy: 'random', executions: 20_000, shrink: true });
    const s = r.violations[0].shrunk;
    assert.ok(s.fromPreemptions > 3, `random's schedule had ${s.fromPreemptions} preemptions`);
    assert.ok(s.toPreemptions < s.fromPreemptions, `shrunk to ${s.toPreemptions}`);
});
