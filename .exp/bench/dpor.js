/*
 * dpor against dfs (`npm run bench -- dpor`):
 *  - per catalogue scenario and design (clean ones, where a proof matters): executions and
 *    time of dpor (one unbounded pass) to exhaust every interleaving, next to dfs at
 *    preemption bounds 2 and 3, in the same run (capped: a capped run says so);
 *  - register-vs-exit on v5.3: all interleavings vs dfs k=2 (the goal);
 *  - scheduling points per second on the lock-protected counter with dependency tracking on
 *    (the dpor strategy) vs fast-check's scheduler, median of 5 interleaved runs.
 * Execution counts are deterministic; times are of one run on a shared machine.
 */
import { DEFAULT_OPTIONS, explore, runExecution } from '../src/explore/run.js';
import { DporStrategy, SleepBlocked } from '../src/explore/dpor.js';
import { setStepObserver } from '../src/kernel/sched.js';
import { builtinScenarios, findScenario } from '../src/scenarios/index.js';
import { counterScenario, fastCheck } from './runtime.js';
import { fmtRate, median } from './stats.js';
const CAP_S = Number(process.env['HMMSIM_BENCH_CAP_S'] ?? 20);
function cell(r) {
    const s = (r.elapsedMs / 1000).toFixed(1);
    return `${String(r.executions).padStart(7)}${r.exhausted ? ' ' : '+'} ${s.padStart(5)} s`;
}
/** Steps per second of the dpor strategy (dependency recording and race analysis on). */
export function dporSteps(sc, ms) {
    let steps = 0;
    const t0 = performance.now();
    let strat = new DporStrategy();
    while (performance.now() - t0 < ms) {
        if (!strat.nextExecution())
            strat = new DporStrategy();
        else {
            setStepObserver(strat.observer);
            try {
                const r = runExecution(sc, 'base', strat, 1_000_000, false);
                steps += r.steps;
                setStepObserver(null);
                strat.executionDone();
            }
            catch (e) {
                setStepObserver(null);
                if (!(e instanceof SleepBlocked))
                    throw e;
                strat.executionBlocked();
            }
        }
    }
    return steps / ((performance.now() - t0) / 1000);
}
export async function benchDpor() {
    const out = ['## dpor: lock-protected counter with dependency tracking (points/s, median of 5)'];
    for (const [n, m] of [
        [2, 3],
        [3, 10],
    ]) {
        const a = [];
        const b = [];
        for (let r = 0; r < 5; r++) {
            a.push(dporSteps(counterScenario(n, m), 300));
            b.push(await fastCheck(n, m, 300));
        }
        out.push(`  ${n} threads x ${m} sections: hmmsim dpor ${fmtRate(median(a))}, fast-check scheduler ${fmtRate(median(b))}, ratio ${(median(a) / median(b)).toFixed(1)}x (target >= 20x)`);
    }
    const o = { ...DEFAULT_OPTIONS, executions: Infinity, seconds: CAP_S, keepGoing: true };
    const rve = findScenario('register-vs-exit');
    const d2 = explore(rve, 'v5.3', { ...o, strategy: 'dfs', preemptions: 2 });
    const dp = explore(rve, 'v5.3', { ...o, strategy: 'dpor', dporBound: Infinity, seconds: Math.max(CAP_S, 120) });
    out.push(`## register-vs-exit on v5.3: dfs k=2 ${cell(d2)}; dpor, every interleaving: ${cell(dp)} (${dp.dpor.blocked} cut short by sleep sets)`);
    out.push(`## catalogue, clean designs: executions and time to exhaust ('+': not exhausted within ${CAP_S} s)`);
    out.push(`  ${'scenario'.padEnd(30)} ${'design'.padEnd(6)} ${'dpor (no bound)'.padEnd(17)} ${'dfs k=2'.padEnd(17)} ${'dfs k=3'.padEnd(17)}`);
    let proofs = 0;
    let total = 0;
    for (const sc of builtinScenarios) {
        if (sc.group === 'selftests')
            continue;
        for (const [design, exp] of Object.entries(sc.designs)) {
            if (!exp.clean)
                continue;
            total++;
            const p = explore(sc, design, { ...o, strategy: 'dpor', dporBound: Infinity });
            const k2 = explore(sc, design, { ...o, strategy: 'dfs', preemptions: 2 });
            const k3 = explore(sc, design, { ...o, strategy: 'dfs', preemptions: 3 });
            if (p.exhausted && p.violations.length === 0)
                proofs++;
            out.push(`  ${sc.name.padEnd(30)} ${design.padEnd(6)} ${cell(p)}  ${cell(k2)}  ${cell(k3)}`);
        }
    }
    out.push(`  dpor proved ${proofs} of ${total} clean designs within ${CAP_S} s each`);
    return out;
}
