/*
 * The HMM race catalogue as a benchmark: the time of `hmmsim check` over the catalogue (the
 * races group: every clean claim is dfs k=2 exhausted + pct 10,000), and, per v5.2 bug, the
 * time and executions the default strategy (pct, depth 3) needs to find it, median over seeds.
 */
import { DEFAULT_OPTIONS, explore } from '../src/explore/run.js';
import { verdict } from '../src/explore/verdict.js';
import { raceScenarios } from '../src/scenarios/races/index.js';
import { median } from './stats.js';
const SEEDS = [1, 2, 3, 4, 5, 6, 7];
export async function benchCatalogue() {
    const out = [];
    const t0 = performance.now();
    let ok = 0;
    let n = 0;
    for (const sc of raceScenarios) {
        for (const design of Object.keys(sc.designs)) {
            if (design !== 'v5.2' && design !== 'v5.3')
                continue;
            n++;
            if (verdict(sc, design).ok)
                ok++;
        }
    }
    const checkS = (performance.now() - t0) / 1000;
    out.push(`hmm check (races, v5.2+v5.3): ${ok}/${n} as expected in ${checkS.toFixed(1)} s (budget 120 s)`);
    for (const sc of raceScenarios) {
        const e = sc.designs['v5.2'];
        if (e === undefined || e.clean || e.everyExecution)
            continue;
        const ms = [];
        const ex = [];
        for (const seed of SEEDS) {
            const r = explore(sc, 'v5.2', { ...DEFAULT_OPTIONS, seed, executions: 100_000, seconds: 30 });
            ms.push(r.violations.length ? r.elapsedMs : Infinity);
            ex.push(r.violations.length ? r.violations[0].execution : Infinity);
        }
        out.push(`  find ${sc.name} on v5.2 (pct d=3): median ${median(ms).toFixed(0)} ms, ${median(ex)} executions (seeds ${SEEDS[0]}..${SEEDS[SEEDS.length - 1]}; budget 5 s)`);
    }
    await Promise.resolve();
    return out;
}
