/*
 * Runs the ported kernel HMM selftests (src/scenarios/selftests) and renders kselftest-style
 * TAP. Sequential tests run once with a deterministic scheduler; tests with phases (the
 * concurrent anon_teardown) are explored, and every explored execution must pass.
 */
import { Execution } from '../kernel/index.js';
import { PMD_SHIFT, set_default_hugepagesz } from '../mm/index.js';
import { DEFAULT_OPTIONS, explore } from '../explore/run.js';
import { FIXTURE_VARIANTS, SELFTEST_DESIGN, STATE_KEY } from '../scenarios/selftests/harness.js';
/** Always continue the running thread while it can run; else the lowest-numbered runnable one. */
const serialChooser = {
    pickThread(runnable, last, lastRunnable) {
        return lastRunnable ? last : runnable[0];
    },
    pickValue() {
        return 0;
    },
};
export const DEFAULT_STEP_BUDGET = 50_000_000;
export const DEFAULT_MACHINE = { hugepage_shift: PMD_SHIFT };
function diagnose(test, v) {
    const out = [v.kind === 'assertion' ? v.message : `${v.title} (${v.kind})`];
    if (v.kind !== 'assertion')
        out.push(`${v.message}`);
    const where = v.thread ? ` in thread ${v.thread}` : '';
    // A soft failure (EXPECT_*, a non-fatal report) fails the test without ending it.
    out.push(v.fatal ? `${test}: Test terminated by ${v.kind === 'assertion' ? 'assertion' : v.kind}${where}` : `${test}: Test failed by ${v.kind}${where}, and went on`);
    return out;
}
/** Run one test on one variant. */
export function runSelftest(t, variant, number, machine = DEFAULT_MACHINE) {
    const name = `${t.fixture}.${variant.name}.${t.name}`;
    const base = { number, name, fixture: t.fixture, variant: variant.name, test: t.name };
    const t0 = performance.now();
    if (t.phases) {
        // The fixture first: if it SKIPs (no such device), the explorations would test nothing.
        const probe = run_serial(t, variant, machine);
        if (probe.status !== 'pass')
            return { ...base, ...probe, elapsedMs: Math.round(performance.now() - t0) };
        const lines = [];
        let executions = 0;
        for (const ph of t.phases(variant)) {
            let r;
            try {
                r = explore(ph.scenario, SELFTEST_DESIGN, {
                    ...DEFAULT_OPTIONS,
                    strategy: ph.strategy,
                    preemptions: ph.preemptions ?? 0,
                    seed: ph.seed ?? 1,
                    executions: ph.executions,
                    seconds: 600,
                    stepBudget: ph.scenario.stepBudget ?? DEFAULT_STEP_BUDGET,
                    keepGoing: false,
                });
            }
            catch (e) {
                return { ...base, status: 'fail', diagnostics: [`internal error in ${ph.label}: ${e instanceof Error ? e.message : String(e)}`], elapsedMs: Math.round(performance.now() - t0), executions };
            }
            executions += r.executions;
            const line = `${ph.label}: ${r.executions} execution${r.executions === 1 ? '' : 's'}${r.strategy === 'dfs' ? (r.exhausted ? ', exhausted' : ', NOT exhausted') : ''}`;
            lines.push(line);
            const explored = lines.join('; ');
            const v = r.violations[0];
            if (v) {
                return {
                    ...base,
                    status: 'fail',
                    diagnostics: [
                        ...r.violations.slice(0, 3).flatMap((x) => diagnose(t.name, { ...x, detail: [], fatal: true })),
                        `found by ${ph.label} at execution ${v.execution}`,
                        `hmmsim replay ${v.token}`,
                    ],
                    elapsedMs: Math.round(performance.now() - t0),
                    explored,
                    executions,
                    token: v.token,
                };
            }
            if (r.strategy === 'dfs' && !r.exhausted) {
                return { ...base, status: 'fail', diagnostics: [`${line}: the bounded space was not covered`], elapsedMs: Math.round(performance.now() - t0), explored, executions };
            }
        }
        return { ...base, status: 'pass', diagnostics: [], elapsedMs: Math.round(performance.now() - t0), explored: lines.join('; '), executions };
    }
    return { ...base, ...run_serial(t, variant, machine), elapsedMs: Math.round(performance.now() - t0) };
}
/** One serial execution of `t.setup(variant)`: pass, fail with diagnostics, or skip with its reason. */
function run_serial(t, variant, machine) {
    const ex = new Execution(serialChooser, { stepBudget: t.stepBudget ?? DEFAULT_STEP_BUDGET, record: false });
    let res;
    try {
        res = ex.run(() => {
            set_default_hugepagesz(machine.hugepage_shift);
            t.setup(variant);
        });
    }
    catch (e) {
        return { status: 'fail', diagnostics: [`internal error: ${e instanceof Error ? e.message : String(e)}`], executions: 1 };
    }
    const skipped = ex.ext.get(STATE_KEY)?.skipped ?? null;
    if (res.violations.length > 0)
        return { status: 'fail', diagnostics: res.violations.flatMap((v) => diagnose(t.name, v)), executions: 1 };
    if (skipped !== null)
        return { status: 'skip', diagnostics: [skipped], executions: 1 };
    return { status: 'pass', diagnostics: [], executions: 1 };
}
/** The (test, variant) instances of `tests` in kselftest order: fixture by fixture, variant by variant. */
export function selftestInstances(tests, variantFilter) {
    const out = [];
    for (const f of Object.keys(FIXTURE_VARIANTS)) {
        for (const v of FIXTURE_VARIANTS[f]) {
            if (variantFilter !== undefined && v.name !== variantFilter)
                continue;
            for (const t of tests)
                if (t.fixture === f)
                    out.push({ test: t, variant: v });
        }
    }
    return out;
}
/** Every test of `tests` on every variant of its fixture (or only `variantFilter`), in kselftest order. */
export function runSelftests(tests, variantFilter, onResult, machine = DEFAULT_MACHINE) {
    const t0 = performance.now();
    const results = [];
    let n = 0;
    for (const { test: t, variant: v } of selftestInstances(tests, variantFilter)) {
        const r = runSelftest(t, v, ++n, machine);
        results.push(r);
        onResult?.(r);
    }
    const count = (s) => results.filter((r) => r.status === s).length;
    return { results, elapsedMs: Math.round(performance.now() - t0), totals: { pass: count('pass'), fail: count('fail'), xfail: 0, xpass: 0, skip: count('skip'), error: 0 } };
}
/* ---- TAP --------------------------------------------------------------------------------- */
export function tapHeader(total, cases) {
    return ['TAP version 13', `1..${total}`, `# Starting ${total} tests from ${cases} test cases.`];
}
export function tapResult(r) {
    const out = [`#  RUN           ${r.name} ...`];
    if (r.status === 'fail')
        for (const d of r.diagnostics)
            out.push(`# ${d}`);
    if (r.explored)
        out.push(`# ${r.test}: ${r.explored}`);
    if (r.status === 'pass')
        out.push(`#            OK  ${r.name}`, `ok ${r.number} ${r.name}`);
    else if (r.status === 'skip')
        out.push(`#      SKIP      ${r.diagnostics[0] ?? ''}`, `#            OK  ${r.name}`, `ok ${r.number} ${r.name} # SKIP ${r.diagnostics[0] ?? ''}`);
    else
        out.push(`#          FAIL  ${r.name}`, `not ok ${r.number} ${r.name}`);
    return out;
}
export function tapFooter(run) {
    const { pass, fail, xfail, xpass, skip, error } = run.totals;
    const total = run.results.length;
    return [
        fail === 0 ? `# PASSED: ${pass + skip} / ${total} tests passed.` : `# FAILED: ${pass + skip} / ${total} tests passed.`,
        `# Totals: pass:${pass} fail:${fail} xfail:${xfail} xpass:${xpass} skip:${skip} error:${error}`,
    ];
}
