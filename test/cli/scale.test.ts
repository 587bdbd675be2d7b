/*
 * Long explorations: a checkpointed dpor, dfs or pct run killed with SIGKILL resumes and ends with the
 * counts of an uninterrupted run; the progress line appears on a terminal's stderr only, never
 * with --json.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { bin, run } from './helpers.js';

for (const ARGS of [
  // (register-vs-exit v6: about 4,600 dpor executions, seconds long; oom-lost-eagain now ends
  // before a first checkpoint.)
  ['explore', 'register-vs-exit', '--design', 'v6', '--strategy', 'dpor', '--json'],
  ['explore', 'register-vs-exit', '--design', 'v5.3', '--strategy', 'dfs', '--preemptions', '2', '--json'],
  ['explore', 'oom-lost-eagain', '--design', 'v6', '--strategy', 'pct', '--executions', '3000', '--all', '--no-shrink', '--json'],
]) {
  test(`--checkpoint (${ARGS[5]}): kill -9 in the middle, the same command resumes, the final counts are an uninterrupted run's`, async () => {
    const whole = JSON.parse(run(ARGS).out);
    assert.equal(whole.exhausted, ARGS[5] !== 'pct');
    const file = join(mkdtempSync(join(tmpdir(), 'hmmsim-cp-')), 'cp.json');
    const args = [...ARGS, '--checkpoint', file, '--checkpoint-every', '0.2'];
    const child = spawn(process.execPath, [bin, ...args], { stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // Kill as soon as a checkpoint exists: the run is in its middle then.
    let killed = false;
    while (!killed) {
      if (existsSync(file)) {
        child.kill('SIGKILL');
        killed = true;
      } else if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await exited;
    assert.ok(killed, 'the run was killed while a checkpoint existed');
    const resumed = run(args);
    assert.ok(resumed.code === 0 || resumed.code === 1, resumed.err);
    const j = JSON.parse(resumed.out);
    assert.ok(j.executions > 0);
    assert.equal(j.executions, whole.executions);
    assert.equal(j.steps, whole.steps);
    assert.equal(j.violatingExecutions, whole.violatingExecutions);
    assert.deepEqual(j.violations.map((v: { kind: string }) => v.kind).sort(), whole.violations.map((v: { kind: string }) => v.kind).sort());
    assert.equal(j.exhausted, whole.exhausted);
    assert.equal(existsSync(file), false, 'a finished exploration removes its checkpoint');
  });
}

test('a checkpoint is removed when its exploration finishes; another exploration starts over', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'hmmsim-cp-')), 'cp.json');
  const other = run(['explore', 'oom-lost-eagain', '--design', 'v5.3', '--strategy', 'dpor', '--checkpoint', file]);
  assert.equal(other.code, 0);
  assert.equal(existsSync(file), false);
});

test('a checkpoint of another exploration is refused with a one-line error', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'hmmsim-cp-')), 'cp.json');
  // An exploration far longer than its 0.3 s (dpor needs 6,208 executions here, seconds).
  const a = run(['explore', 'register-vs-exit', '--design', 'v5.3', '--strategy', 'dpor', '--seconds', '0.3', '--checkpoint', file]);
  assert.equal(a.code, 0);
  assert.ok(existsSync(file), 'a run stopped by its seconds leaves a checkpoint');
  const b = run(['explore', 'oom-lost-eagain', '--design', 'v5.3', '--strategy', 'dpor', '--checkpoint', file]);
  assert.equal(b.code, 2);
  assert.match(b.err, /^hmmsim: error: checkpoint .* belongs to another exploration/);
  assert.equal(b.err.trim().split('\n').length, 1);
});

test('a checkpoint that cannot be written is a one-line error before any work, not an internal error later', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'hmmsim-cp-')), 'no-such-dir', 'cp.json');
  const r = run(['explore', 'register-vs-exit', '--design', 'v5.3', '--strategy', 'dpor', '--seconds', '5', '--checkpoint', file]);
  assert.equal(r.code, 2);
  assert.equal(r.err, `hmmsim: error: cannot write checkpoint ${file} (ENOENT)\n`);
  assert.equal(r.out, '');
});

test('progress line: on a terminal only, never with --json', () => {
  // A run of a few seconds (the line is drawn every 250 ms), the same for all three.
  const ARGS = ['explore', 'register-vs-exit', '--design', 'v6', '--strategy', 'dpor', '--executions', '2000'];
  const tty = run(ARGS, { HMMSIM_STDERR_TTY: '1' });
  assert.match(tty.err, /\d+ executions, \d+\/s, [\d.]+ s, (bound \d|unbounded).*found/);
  const pipe = run(ARGS);
  assert.equal(pipe.err, '');
  const json = run([...ARGS, '--json'], { HMMSIM_STDERR_TTY: '1' });
  assert.equal(json.err, '');
});
