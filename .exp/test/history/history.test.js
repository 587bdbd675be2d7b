/*
 * The history catalogue: every bug the model expresses is found on its variant with one of its
 * kinds (and nothing else fatal), and the fixed model is clean with check's full claim; the
 * switches are per execution; `hmmsim history --json` validates against its schema.
 * The 2019 series' fixed designs are already checked by the race tests, so their fixed
 * verdicts are not repeated here; their finds are.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_OPTIONS, explore, replayToken } from '../../src/explore/run.js';
import { verdict } from '../../src/explore/verdict.js';
import { BUG_SWITCHES } from '../../src/mm/bug_switch.js';
import { HISTORY_BUGS } from '../../src/scenarios/history/bugs.js';
import { historyLookup, variantName } from '../../src/scenarios/history/index.js';
import { findScenario } from '../../src/scenarios/index.js';
import { run } from '../cli/helpers.js';
const expressed = HISTORY_BUGS.filter((b) => b.how !== 'not-expressed');
function buggy(b) {
    if (b.how === 'switch')
        return [variantName(b), b.design];
    if (b.how === 'today')
        return [b.scenario, b.design];
    return [b.scenario, b.buggyDesign];
}
function fixed(b) {
    return b.how === 'today' ? [variantName(b), b.design] : [b.scenario, b.design];
}
test('the catalogue: unique ids, at least 15 bugs found-able, a reason for every other one, every switch used', () => {
    assert.equal(new Set(HISTORY_BUGS.map((b) => b.id)).size, HISTORY_BUGS.length);
    assert.ok(expressed.length >= 15, `${expressed.length} expressed`);
    // Issue 11's bar: at least 15 of hmm-history §1-§17 put back (the rest have reasons).
    const sections = expressed.filter((b) => /^§\d+$/.test(b.section)).map((b) => b.section);
    assert.ok(sections.length >= 15, `§1-§17 expressed: ${sections.join(', ')}`);
    for (const b of HISTORY_BUGS)
        if (b.how === 'not-expressed')
            assert.ok(b.reason.length > 40, `${b.id}: a reason`);
    const used = new Set(expressed.flatMap((b) => b.switches ?? []));
    assert.deepEqual([...used].sort(), Object.keys(BUG_SWITCHES).sort());
    // Every section §1-§17 of hmm-history.md has a row.
    for (let i = 1; i <= 17; i++)
        assert.ok(HISTORY_BUGS.some((b) => b.section === `§${i}`), `§${i} has a row`);
    for (const b of expressed) {
        for (const [name, design] of [buggy(b), fixed(b)]) {
            const sc = findScenario(name);
            assert.ok(sc !== undefined, `${b.id}: scenario ${name} is built in`);
            assert.ok(design in sc.designs, `${b.id}: ${name} has design ${design}`);
        }
    }
});
for (const b of expressed) {
    test(`history ${b.id}: found as ${b.kinds.join(' or ')} by pct d=${b.depth ?? 3}`, () => {
        const [name, design] = buggy(b);
        const r = explore(historyLookup(name), design, { ...DEFAULT_OPTIONS, depth: b.depth ?? DEFAULT_OPTIONS.depth, executions: 20_000, seconds: 120, stopAt: 'fatal' });
        assert.ok(r.violations.length > 0, `${b.id}: nothing found in ${r.executions} executions`);
        for (const v of r.violations)
            assert.ok(b.kinds.includes(v.kind), `${b.id}: found ${v.kind} (${v.message}), expected ${b.kinds.join(' or ')}`);
        // The finding replays (the lean way: a livelock's full recording is 20,000 steps).
        const rep = replayToken(r.violations[0].token, historyLookup, false);
        assert.equal(rep.result.violations[0]?.kind, r.violations[0].kind);
    });
    if (b.how === 'release')
        continue;
    test(`history ${b.id}: the fixed model is clean (every interleaving by dpor, or dfs exhausted and the pct executions)`, () => {
        const [name, design] = fixed(b);
        const v = verdict(historyLookup(name), design);
        assert.equal(v.expected, 'clean');
        assert.match(v.found, /^clean/, v.explored.join('; '));
        assert.equal(v.ok, true);
        assert.ok(v.claim === 'every-interleaving' || v.claim === 'bounded-exhaustive', `${v.claim}: ${v.explored.join('; ')}`);
    });
}
test('switches are per execution: a bug run leaves the next run of the plain scenario clean', () => {
    const bug = historyLookup('bug-hole-null-vma');
    const plain = historyLookup('range-starts-in-hole');
    assert.equal(explore(bug, 'v6', { ...DEFAULT_OPTIONS, executions: 5 }).violations[0]?.kind, 'bug');
    const r = explore(plain, 'v6', { ...DEFAULT_OPTIONS, strategy: 'dfs', executions: Infinity });
    assert.equal(r.violations.length, 0);
    assert.equal(r.exhausted, true);
});
test('hmmsim history --json validates; --bug selects rows; a missed bug is exit 1; an unknown bug is exit 2', () => {
    const r = run(['history', '--json', '--bug', 'hole-null-vma', 'insert-assert-counter']);
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out);
    assert.equal(doc.ok, true);
    assert.deepEqual(doc.totals, { bugs: 2, expressed: 1, found: 1, fixedClean: 1 });
    assert.deepEqual(doc.rows.map((x) => x.id), ['hole-null-vma', 'insert-assert-counter']);
    assert.equal(doc.rows[0].find.kind, 'bug');
    assert.ok(doc.rows[1].reason.includes('mm_users'));
    const bad = run(['history', '--bug', 'nope']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^hmmsim: error: unknown bug 'nope'/);
});
