/*
 * `hmmsim compare SCENARIO [--designs v5.2,v5.3,v6] [--json] [--html FILE]`: one scenario on
 * each design, side by side (report/compare.ts). Verdicts follow `hmmsim check`'s rules and
 * run in parallel workers. Exit 0 when every design's outcome is the expected one, 1 when one
 * is not, 2 on bad usage, 130 when interrupted.
 */
import { writeFileSync } from 'node:fs';
import { currentHeartbeat } from '../kernel/index.js';
import { buildComparison, compareHtml, compareJson, renderComparison } from '../report/compare.js';
import { findScenario } from '../scenarios/index.js';
import { defaultJobs, runCheckJobs } from './check_pool.js';
import { resolveScenario, UsageError } from './scenario_source.js';
function print(s) {
    process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
}
export function registerCompareCommand(program, intArg) {
    program
        .command('compare')
        .description("one scenario on several designs side by side: verdict, kinds, executions to find, the claim for clean, and each failing design's critical window next to the others' handling of the same operations")
        .argument('<scenario>', 'scenario name (see list) or module path')
        .option('--designs <list>', 'comma-separated designs (default: every design the scenario lists)')
        .option('--json', 'machine-readable output')
        .option('--html <file>', 'write the comparison as a self-contained HTML page, the designs in columns')
        .option('--jobs <n>', 'verdicts computed in parallel (default: one per core)', intArg('--jobs', 1))
        .action(async (name, o) => {
        const sc = await resolveScenario(name);
        const all = Object.keys(sc.designs);
        const designs = o.designs === undefined ? all : o.designs.split(',').map((d) => d.trim()).filter((d) => d !== '');
        if (designs.length === 0)
            throw new UsageError('--designs needs at least one design');
        for (const d of designs)
            if (!all.includes(d))
                throw new UsageError(`scenario '${sc.name}' has no design '${d}' (designs: ${all.join(', ')})`);
        if (new Set(designs).size !== designs.length)
            throw new UsageError('--designs names a design twice');
        const t0 = performance.now();
        const verdicts = await runCheckJobs(designs.map((design) => ({ scenario: sc.name, design })), o.jobs ?? defaultJobs(), currentHeartbeat(), () => { });
        const lookup = (n) => (n === sc.name ? sc : findScenario(n));
        const cmp = buildComparison(sc, verdicts, lookup, 0);
        cmp.elapsedMs = Math.round(performance.now() - t0);
        if (o.html !== undefined) {
            try {
                writeFileSync(o.html, compareHtml(cmp));
            }
            catch (e) {
                throw new UsageError(`cannot write ${o.html}: ${e.code ?? e.message}`);
            }
        }
        if (o.json)
            print(JSON.stringify(compareJson(cmp), null, 2));
        else
            print(renderComparison(cmp, Number(process.env['COLUMNS']) || process.stdout.columns || 160));
        process.exitCode = verdicts.some((v) => v.interrupted) ? 130 : verdicts.every((v) => v.ok) ? 0 : 1;
    });
}
