/*
 * Pictures benchmark (issue 13): what drawing one execution costs. For register-vs-exit on v5.2
 * (101 steps) and oom-notifier-leak on v5.2 (a 3,000-step livelock): a plain recorded replay
 * (what the text report needs) against recordPicture (two recorded replays plus the observer)
 * and each renderer (trace events, Mermaid, HTML). Medians over interleaved rounds; the ratio
 * is picture / plain replay in the same run.
 */
import { DEFAULT_OPTIONS, explore, replayToken } from '../src/explore/run.js';
import { recordPicture } from '../src/report/facts.js';
import { htmlReport } from '../src/report/html.js';
import { mermaidDiagram } from '../src/report/mermaid.js';
import { chromeTrace } from '../src/report/trace.js';
import { findScenario } from '../src/scenarios/index.js';
import { median } from './stats.js';
function time(fn) {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
}
export async function benchPictures() {
    const out = ['pictures (issue 13): drawing one execution'];
    for (const [name, design] of [
        ['register-vs-exit', 'v5.2'],
        ['oom-notifier-leak', 'v5.2'],
    ]) {
        const sc = findScenario(name);
        const token = explore(sc, design, { ...DEFAULT_OPTIONS }).violations[0].token;
        const plain = [];
        const pic = [];
        const render = [];
        let steps = 0;
        for (let round = 0; round < 9; round++) {
            plain.push(time(() => (steps = replayToken(token, findScenario, true).result.steps)));
            let p = null;
            pic.push(time(() => (p = recordPicture(token, findScenario))));
            render.push(time(() => [JSON.stringify(chromeTrace(p)), mermaidDiagram(p), htmlReport(p, 'x')]));
        }
        const a = median(plain);
        const b = median(pic);
        out.push(`  ${name} on ${design} (${steps} steps): recorded replay ${a.toFixed(1)} ms, picture ${b.toFixed(1)} ms (x${(b / a).toFixed(1)}), trace+mermaid+html ${median(render).toFixed(1)} ms`);
    }
    return out;
}
