/*
 * The package as users get it: `npm pack` makes a tarball with the built CLI and the schemas,
 * and `npm install -g` of that tarball (into a private prefix, offline: the dependencies come
 * from the npm cache that installing this checkout filled) gives a working `hmmsim`. A clone
 * builds itself on `npm install` through the `prepare` script.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
const root = fileURLToPath(new URL('../../../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const hasNpm = spawnSync(npm, ['--version'], { encoding: 'utf8' }).status === 0;
test('a clone builds itself on npm install (prepare script)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    assert.equal(pkg.scripts['prepare'], 'tsc -p .');
    assert.equal(pkg.bin['hmmsim'], 'dist/src/cli/main.js');
    assert.ok(readFileSync(join(root, 'src/cli/main.ts'), 'utf8').startsWith('#!/usr/bin/env node\n'));
});
test('npm pack, then npm install -g of the tarball: hmmsim runs, schemas ship', { skip: hasNpm ? false : 'npm is not on PATH' }, (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'hmmsim-pack-'));
    // dist/ is already built by `npm test`; building again here would race the other test files.
    const pack = spawnSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' });
    assert.equal(pack.status, 0, pack.stderr);
    const info = JSON.parse(pack.stdout);
    const files = info[0].files.map((f) => f.path);
    assert.ok(files.includes('dist/src/cli/main.js'));
    assert.ok(files.includes('schemas/explore.schema.json'));
    assert.ok(!files.some((f) => f.startsWith('dist/test/') || f.startsWith('src/')), 'tests and sources stay out');
    const prefix = join(dir, 'prefix');
    const inst = spawnSync(npm, ['install', '-g', '--prefer-offline', '--no-audit', '--no-fund', '--prefix', prefix, join(dir, info[0].filename)], { encoding: 'utf8', timeout: 240_000 });
    if (inst.status !== 0 && /\b(ENOTFOUND|EAI_AGAIN|ENOTCACHED|ETIMEDOUT|ECONNREFUSED|ECONNRESET|ENETUNREACH)\b/.test(inst.stderr)) {
        t.skip(`the dependencies cannot be fetched (npm registry unreachable): ${/\b(E[A-Z_]+)\b/.exec(inst.stderr)?.[1]}`);
        return;
    }
    assert.equal(inst.status, 0, inst.stderr);
    const bin = join(prefix, 'bin', 'hmmsim');
    assert.ok(existsSync(bin));
    const list = spawnSync(bin, ['list', '--json'], { encoding: 'utf8', cwd: dir });
    assert.equal(list.status, 0, list.stderr);
    assert.equal(JSON.parse(list.stdout).command, 'list');
    const ex = spawnSync(bin, ['explore', 'demo-use-after-free', '--strategy', 'dfs'], { encoding: 'utf8', cwd: dir });
    assert.equal(ex.status, 1, ex.stderr);
    assert.match(ex.stdout, /BUG: KASAN: use-after-free/);
    assert.ok(existsSync(join(prefix, 'lib', 'node_modules', 'hmmsim', 'schemas', 'replay.schema.json')));
});
