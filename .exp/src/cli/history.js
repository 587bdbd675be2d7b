/*
 * `hmmsim history`: the catalogue of known core bugs (src/scenarios/history/bugs.ts). For each
 * bug the model can express: the buggy model explored with pct until the first find (at most
 * 60 s), then the fixed model's verdict as `check` computes it (dfs within the scenario's bound
 * exhausted, plus the pct executions). Exit 1 if a bug is missed or a fix is not clean.
 */
import { currentHeartbeat } from '../kernel/index.js';
import { DEFAULT_OPTIONS, explore } from '../explore/run.js';
import { HISTORY_BUGS } from '../scenarios/history/bugs.js';
import { historyLookup, variantName } from '../scenarios/history/index.js';
import { historyJson } from '../report/json.js';
import { defaultJobs, runCheckJobs } from './check_pool.js';
import { UsageError } from './scenario_source.js';
/** Scenario and design of the buggy run, and of the fixed run. */
function runs(b) {
    if (b.how === 'switch')
        return { bug: [variantName(b), b.design], fixed: [b.scenario, b.design] };
    if (b.how === 'today')
        return { bug: [b.scenario, b.design], fixed: [variantName(b), b.design] };
    return { bug: [b.scenario, b.buggyDesign], fixed: [b.scenario, b.design] };
}
function print(s) {
    process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
}
export async function runHistory(o) {
    const t0 = performance.now();
    const rows = [];
    for (const id of o.bug ?? []) {
        if (!HISTORY_BUGS.some((b) => b.id === id))
            throw new UsageError(`unknown bug '${id}' (bugs: ${HISTORY_BUGS.map((b) => b.id).join(', ')})`);
    }
    const chosen = o.bug === undefined ? HISTORY_BUGS : HISTORY_BUGS.filter((b) => o.bug.includes(b.id));
    const expressed = chosen.filter((b) => b.how !== 'not-expressed');
    // The fixed verdicts run in parallel workers while the finds run here.
    const fixedJobs = expressed.map((b) => ({ scenario: runs(b).fixed[0], design: runs(b).fixed[1] }));
    const verdictsP = runCheckJobs(fixedJobs, o.jobs ?? defaultJobs(), currentHeartbeat(), () => { });
    const finds = new Map();
    for (const b of expressed) {
        const [name, design] = runs(b).bug;
        const sc = historyLookup(name);
        const depth = b.depth ?? DEFAULT_OPTIONS.depth;
        const r = explore(sc, design, { ...DEFAULT_OPTIONS, depth, executions: Infinity, seconds: o.seconds ?? 60, stopAt: 'fatal' });
        const v = r.violations.find((x) => b.kinds.includes(x.kind)) ?? r.violations[0];
        finds.set(b.id, {
            scenario: name,
            design,
            strategy: `pct d=${depth}`,
            found: v !== undefined && b.kinds.includes(v.kind),
            kind: v?.kind ?? null,
            executions: v?.execution ?? r.executions,
            ms: r.elapsedMs,
            token: v?.token ?? null,
        });
    }
    const verdicts = await verdictsP;
    let i = 0;
    for (const b of chosen) {
        const base = { id: b.id, subject: b.subject, release: b.release, section: b.section, how: b.how };
        if (b.how === 'not-expressed') {
            rows.push({ ...base, reason: b.reason });
            continue;
        }
        const v = verdicts[i++];
        const fixedClean = v.ok && v.expected === 'clean';
        rows.push({ ...base, design: runs(b).bug[1], expectedKinds: b.kinds, find: finds.get(b.id), fixed: { scenario: v.scenario, design: v.design, clean: fixedClean, found: v.found, explored: v.explored.join('; '), ms: v.elapsedMs } });
    }
    const bad = rows.filter((r) => r.find !== undefined && (!r.find.found || !r.fixed.clean));
    const elapsedMs = Math.round(performance.now() - t0);
    if (o.json)
        print(JSON.stringify(historyJson(rows, elapsedMs), null, 2));
    else
        print(renderHistory(rows, elapsedMs));
    return bad.length === 0 ? 0 : 1;
}
export function renderHistory(rows, elapsedMs) {
    const out = [];
    const w = Math.max(...rows.map((r) => r.id.length));
    out.push(`${'bug'.padEnd(w)}  ${'section'.padEnd(10)}  fixed in  design  found                          execs  fixed model`);
    for (const r of rows) {
        if (r.find === undefined) {
            out.push(`${r.id.padEnd(w)}  ${r.section.padEnd(10)}  ${r.release.padEnd(8)}  -       not expressed: ${r.reason}`);
            continue;
        }
        const f = r.find;
        const found = f.found ? f.kind : `MISSED (${f.kind ?? 'nothing'})`;
        const fx = r.fixed;
        out.push(`${r.id.padEnd(w)}  ${r.section.padEnd(10)}  ${r.release.padEnd(8)}  ${r.design.padEnd(6)}  ${found.padEnd(29)}  ${String(f.executions).padStart(5)}  ${fx.clean ? 'clean' : `NOT CLEAN (${fx.found})`}: ${fx.scenario} on ${fx.design}, ${fx.explored}`);
        out.push(`${' '.repeat(w)}  ${r.subject} (first find in ${f.ms} ms)`);
        if (f.token)
            out.push(`${' '.repeat(w)}  hmmsim replay ${f.token}`);
    }
    const ex = rows.filter((r) => r.find !== undefined);
    const found = ex.filter((r) => r.find.found).length;
    const clean = ex.filter((r) => r.fixed.clean).length;
    out.push('');
    out.push(`${found}/${ex.length} expressed bugs found, ${clean}/${ex.length} fixed models clean, ${rows.length - ex.length} not expressed (reason given), in ${(elapsedMs / 1000).toFixed(1)} s.`);
    return out.join('\n');
}
export function registerHistoryCommand(program, intArg) {
    program
        .command('history')
        .description('every known core bug put back into the model: found, and its fix clean; exit 1 if not')
        .option('--json', 'machine-readable output')
        .option('--bug <id...>', 'only these bugs (ids of the first column)')
        .option('--jobs <n>', 'fixed-model verdicts computed in parallel (default: one per core)', intArg('--jobs', 1))
        .action(async (o) => {
        process.exitCode = await runHistory(o);
    });
}
