/* `hmmsim selftests`: TAP, JSON, exit codes and bad usage. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkJsonOutput } from '../helpers.js';
const bin = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
function run(...args) {
    const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
    checkJsonOutput(args, r.stdout);
    return { code: r.status, out: r.stdout, err: r.stderr };
}
test('hmmsim selftests --test prints kselftest TAP and exits 0', () => {
    const r = run('selftests', '--test', 'anon_read');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines[0], 'TAP version 13');
    assert.equal(lines[1], '1..2');
    assert.ok(lines.includes('ok 1 hmm.hmm_device_private.anon_read'));
    // The model gives the module its coherent memory (spm_addr_dev*): the coherent fixture runs.
    assert.ok(lines.includes('ok 2 hmm.hmm_device_coherent.anon_read'));
    assert.equal(lines[lines.length - 1], '# Totals: pass:2 fail:0 xfail:0 xpass:0 skip:0 error:0');
});
test('hmmsim selftests --json gives per-test results', () => {
    const r = run('selftests', '--json', '--test', 'mixedmap', '--variant', 'hmm_device_private');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.ok, true);
    assert.equal(j.totals.pass, 1);
    assert.deepEqual(j.results.map((x) => [x.number, x.name, x.status, x.diagnostics]), [[1, 'hmm.hmm_device_private.mixedmap', 'pass', []]]);
});
test('bad usage: one line on stderr, exit 2', () => {
    for (const args of [
        ['selftests', '--test', 'no_such_test'],
        ['selftests', '--variant', 'hmm_device_nope'],
        ['selftests', '--frobnicate'],
        ['selftests', '--default-hugepagesz', '4M'],
    ]) {
        const r = run(...args);
        assert.equal(r.code, 2, args.join(' '));
        assert.equal(r.out, '');
        assert.equal(r.err.trim().split('\n').length, 1, r.err);
        assert.doesNotMatch(r.err, /\n\s+at /);
    }
});
