/* Helpers of the CLI tests: run the built CLI, write a user scenario module. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkJsonOutput } from '../helpers.js';
export const bin = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const url = (rel) => pathToFileURL(fileURLToPath(new URL(rel, import.meta.url))).href;
export const kernelUrl = url('../../src/kernel/index.js');
export const mmUrl = url('../../src/mm/index.js');
export const deviceUrl = url('../../src/drivers/device.js');
export const mirrorUrl = url('../../src/drivers/mirror_driver.js');
export const intervalUrl = url('../../src/mm/interval_notifier.js');
export const hmm6Url = url('../../src/hmm/v6/index.js');
export function run(args, env = {}, timeoutMs = 120_000) {
    const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: timeoutMs });
    checkJsonOutput(args, r.stdout);
    return { code: r.status, out: r.stdout, err: r.stderr };
}
/** A scenario module in a fresh directory; `k` is hmmsim/kernel, `mm` hmmsim/mm, `dev` the device, `mirror` the drivers. */
export function userModule(body, name = 'scenario.mjs') {
    const dir = mkdtempSync(join(tmpdir(), 'hmmsim-'));
    const f = join(dir, name);
    writeFileSync(f, `import * as k from '${kernelUrl}';\nimport * as mm from '${mmUrl}';\nimport * as dev from '${deviceUrl}';\nimport * as mirror from '${mirrorUrl}';\n${body}\n`);
    return f;
}
/** The 1-based line of `needle` in module `f`'s text (for asserting file:line in messages). */
export function lineOf(f, needle, src) {
    void f;
    const i = src.indexOf(needle);
    return i < 0 ? -1 : src.slice(0, i).split('\n').length;
}
