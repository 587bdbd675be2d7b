/*
 * The JSON contract: the schemas shipped in schemas/ are the ones the code builds, every
 * command's --json output validates against its schema, and the schemas reject what they must.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SCHEMAS, schemaText } from '../../src/report/schemas.js';
import { VIOLATION_KINDS } from '../../src/kernel/index.js';
import { assertSchema, schemaValidator } from '../helpers.js';
import { run } from '../cli/helpers.js';
const root = new URL('../../../', import.meta.url);
test('schemas/ on disk are the generated ones (npm run schemas regenerates them)', () => {
    for (const name of Object.keys(SCHEMAS)) {
        const disk = readFileSync(new URL(`schemas/${name}.schema.json`, root), 'utf8');
        assert.equal(disk, schemaText(name), `schemas/${name}.schema.json is out of date: run npm run schemas`);
    }
});
test('the package ships the schemas', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
    assert.ok(pkg.files.includes('schemas'));
    assert.equal(pkg.exports['./schemas/*'], './schemas/*');
});
function json(args) {
    const r = run(args);
    return { code: r.code, doc: JSON.parse(r.out) };
}
test('explore --json validates: clean dfs, a violation with pct, --all with random', () => {
    const a = json(['explore', 'demo-abba-ordered', '--strategy', 'dfs', '--json']);
    assertSchema('explore', a.doc);
    const b = json(['explore', 'demo-use-after-free', '--json']);
    assert.equal(b.code, 1);
    assertSchema('explore', b.doc);
    const c = json(['explore', 'demo-abba', '--strategy', 'random', '--all', '--executions', '200', '--json']);
    assertSchema('explore', c.doc);
    assert.equal(c.doc['keepGoing'], true);
    assert.equal(c.doc['stopReason'], 'executions');
    assert.equal(c.doc['claim'].claim, 'violation-found');
    const d = json(['explore', 'demo-abba-ordered', '--strategy', 'pct', '--executions', '50', '--json']);
    assert.deepEqual(d.doc['claim'], { claim: 'sampled', text: 'clean within these bounds: 50 sampled executions, no violation' });
});
test('replay --json validates, with reports as machine kinds and English beside', () => {
    const e = json(['explore', 'hmm-free-vs-notifier', '--design', 'v5.2', '--json']);
    const tok = e.doc['violations'][0].token;
    const r = json(['replay', tok, '--json']);
    assert.equal(r.code, 1);
    assertSchema('replay', r.doc);
    assert.equal(r.doc['outcome'], 'violation');
    assert.equal(r.doc['violations'][0].kind, 'use-after-free');
});
test('check, list and selftests --json validate', () => {
    const c = json(['check', '--group', 'demo', '--json']);
    assertSchema('check', c.doc);
    const l = json(['list', '--json']);
    assertSchema('list', l.doc);
    const s = json(['selftests', '--json', '--test', 'open_close']);
    assertSchema('selftests', s.doc);
});
test('the schemas reject what is outside the contract', () => {
    const ok = json(['explore', 'demo-lost-update', '--json']).doc;
    assertSchema('explore', ok);
    const v = schemaValidator('explore');
    const bad = (f) => {
        const d = structuredClone(ok);
        f(d);
        return v(d);
    };
    assert.equal(bad((d) => (d['violations'][0].kind = 'use after free')), false);
    assert.equal(bad((d) => (d['schemaVersion'] = 2)), false);
    assert.equal(bad((d) => (d['claim'].claim = 'clean')), false);
    assert.equal(bad((d) => delete d['stopReason']), false);
    assert.equal(bad((d) => (d['stopReason'] = 'done')), false);
    assert.equal(bad((d) => (d['newField'] = 1)), true, 'a later version may add fields');
    const kinds = SCHEMAS['explore'].$defs.violationKind.enum;
    assert.deepEqual(kinds, [...VIOLATION_KINDS]);
});
