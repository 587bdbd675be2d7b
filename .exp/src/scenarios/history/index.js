/*
 * Group `history`: the scenarios of ./scenarios.ts (clean as the kernel is today) and one variant
 * scenario per bug of ./bugs.ts that is put back with switches: `bug-<id>` runs the exposing
 * scenario with the bug switches on and expects the bug's kinds; `fix-<id>` (a bug still in
 * today's kernel) runs it with the proposed fix on and expects clean. A variant changes nothing
 * but the switches: same threads, same step budget, same bounds.
 */
import { set_bug_switches } from '../../mm/bug_switch.js';
import { demoScenarios } from '../demo/index.js';
import { devmemScenarios } from '../devmem/index.js';
import { raceScenarios } from '../races/index.js';
import { releaseScenarios } from '../releases/index.js';
import { selftestScenarios } from '../selftests/index.js';
import { clean } from '../types.js';
import { v6Scenarios } from '../v6/index.js';
import { HISTORY_BUGS } from './bugs.js';
import { historyScenarios } from './scenarios.js';
const others = () => [...demoScenarios, ...raceScenarios, ...releaseScenarios, ...v6Scenarios, ...devmemScenarios, ...selftestScenarios, ...historyScenarios];
/** `sc` on `design` with `switches` on, expecting `exp`. */
function variant(name, sc, design, switches, exp, description, depth) {
    const v = {
        name,
        group: 'history',
        description,
        designs: { [design]: exp },
        setup(d) {
            set_bug_switches(switches);
            sc.setup(d);
        },
    };
    if (sc.stepBudget !== undefined)
        v.stepBudget = sc.stepBudget;
    if (sc.checkLeaks !== undefined)
        v.checkLeaks = sc.checkLeaks;
    if (sc.checkBounds !== undefined)
        v.checkBounds = sc.checkBounds;
    // A bug that needs more preemptions than the default: check's dfs gets as many as pct's depth.
    if (depth !== undefined)
        v.checkBounds = { ...v.checkBounds, preemptions: depth - 1 };
    return v;
}
/** Name of the scenario that runs a bug (bug-<id>), or its proposed fix (fix-<id>). */
export function variantName(b) {
    if (b.how === 'switch')
        return `bug-${b.id}`;
    if (b.how === 'today')
        return `fix-${b.id}`;
    return null;
}
function buildVariants() {
    const byName = new Map(others().map((s) => [s.name, s]));
    const out = [];
    for (const b of HISTORY_BUGS) {
        if (b.how === 'not-expressed' || b.how === 'release')
            continue;
        const sc = byName.get(b.scenario);
        if (sc === undefined)
            throw new Error(`history bug ${b.id}: no scenario '${b.scenario}'`);
        if (!(b.design in sc.designs))
            throw new Error(`history bug ${b.id}: scenario '${b.scenario}' has no design '${b.design}'`);
        const sw = b.switches ?? [];
        if (b.how === 'switch')
            out.push(variant(variantName(b), sc, b.design, sw, { clean: false, kinds: b.kinds }, `${b.section}, with the bug put back: ${b.subject}`, b.depth));
        else
            out.push(variant(variantName(b), sc, b.design, sw, clean(), `the proposed fix of ${b.scenario}: ${sw.join(', ')}`));
    }
    return out;
}
export const historyGroupScenarios = [...historyScenarios, ...buildVariants()];
/** A scenario of any group by name (history's own lookup, without the registry's import cycle). */
export function historyLookup(name) {
    return others().find((s) => s.name === name) ?? historyGroupScenarios.find((s) => s.name === name);
}
