/*
 * One scenario on several designs, side by side: each design's verdict (check's rules), kinds,
 * executions to find, and the claim behind a clean; for the designs that fail, the critical
 * window of the counterexample, and for the others the same operations in their closest
 * execution, so the handling differs visibly (v5.3 maps the freed page where v6's
 * mmu_interval_read_retry says retry).
 *
 * The closest execution of a design that does not fail: among its first pct executions (seed 1,
 * depth 3; at most CLOSEST_EXECUTIONS executions or CLOSEST_STEPS steps, so the choice does not
 * depend on the machine's speed), the one whose sequence of running
 * threads shares the longest common subsequence with the counterexample's. Its window runs over
 * the steps of the threads and operations that the failing windows show.
 */
import { DEFAULT_OPTIONS, makeStrategy, runExecution } from '../explore/run.js';
import { encodeToken } from '../explore/token.js';
import { recordPicture } from './facts.js';
import { escapeHtml } from './html.js';
import { expectationJson, SCHEMA_VERSION } from './json.js';
import { criticalWindow, DECISION, WINDOW_MAX } from './window.js';
export const CLOSEST_EXECUTIONS = 300;
export const CLOSEST_STEPS = 2_000_000;
function lcs(a, b) {
    const prev = new Uint32Array(b.length + 1);
    const row = new Uint32Array(b.length + 1);
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++)
            row[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]);
        prev.set(row);
    }
    return prev[b.length];
}
/** The token of the execution of `design` whose thread sequence is closest to `reference`. */
export function closestExecution(sc, design, reference) {
    const strategy = makeStrategy({ ...DEFAULT_OPTIONS, strategy: 'pct' });
    const stepBudget = sc.stepBudget ?? DEFAULT_OPTIONS.stepBudget;
    const ref = reference.slice(0, 2000);
    let steps = 0;
    let best = null;
    for (let n = 0; n < CLOSEST_EXECUTIONS && steps < CLOSEST_STEPS && strategy.nextExecution(); n++) {
        const choices = [];
        const rec = {
            pickThread: (r, last, lr, free) => {
                const t = strategy.pickThread(r, last, lr, free);
                choices.push(t);
                return t;
            },
            pickValue: (k) => {
                const v = strategy.pickValue(k);
                choices.push(v);
                return v;
            },
        };
        const res = runExecution(sc, design, rec, stepBudget, true);
        strategy.executionDone(res.steps);
        steps += res.steps;
        if (res.violations.length > 0)
            continue;
        const score = lcs(ref, res.events.slice(0, 2000).map((e) => e.thread));
        if (best === null || score > best.score)
            best = { score, choices };
    }
    return best === null ? null : encodeToken({ scenario: sc.name, design, stepBudget, choices: best.choices });
}
const key = (s) => `${s.thread} ${s.op}`;
function stepText(s) {
    return `${s.n}. ${s.thread}: ${s.op}${s.obj ? ` ${s.obj}` : ''}${s.where ? ` in ${s.where}` : ''}`;
}
/** The window of the closest execution: the steps doing what the failing windows show. */
function closestWindow(p, failing) {
    const keys = new Set(failing.flat().map(key));
    const threads = new Set(failing.flat().map((s) => s.thread));
    const first = failing.map((w) => w[0]).filter((s) => s !== undefined);
    let from = 1;
    for (const f of first) {
        const at = p.interleaving.find((s) => key(s) === key(f));
        if (at)
            from = Math.max(from, at.n);
    }
    let steps = p.interleaving.filter((s) => s.n >= from && threads.has(s.thread) && (keys.has(key(s)) || s.op.startsWith('device') || DECISION.test(`${s.op} ${s.obj}`)));
    if (steps.length === 0)
        steps = p.interleaving.filter((s) => threads.has(s.thread)).slice(-WINDOW_MAX);
    steps = steps.slice(0, WINDOW_MAX);
    return { from: steps[0]?.n ?? 0, to: steps[steps.length - 1]?.n ?? 0, steps };
}
function stateOf(v) {
    if (v.foundKinds.length > 0)
        return 'violation';
    return v.outcome === 'clean' ? 'clean' : 'inconclusive';
}
function executionsOf(explored) {
    return explored.reduce((n, l) => n + Number(/: (\d+) executions/.exec(l)?.[1] ?? 0), 0);
}
export function buildComparison(sc, verdicts, lookup, elapsedMs) {
    const columns = verdicts.map((v) => {
        const picture = v.token !== undefined ? recordPicture(v.token, lookup) : null;
        const w = picture ? criticalWindow(picture) : null;
        return {
            design: v.design,
            expectation: sc.designs[v.design],
            verdict: v,
            state: stateOf(v),
            executions: executionsOf(v.explored),
            message: picture?.violations[0]?.message ?? null,
            picture,
            closest: false,
            window: w ? { from: w.from, to: w.to, steps: w.steps } : null,
        };
    });
    const failing = columns.filter((c) => c.picture !== null);
    const windows = failing.map((c) => c.window.steps);
    if (failing.length > 0) {
        const reference = failing[0].picture.interleaving.map((s) => s.thread);
        for (const c of columns) {
            if (c.picture !== null)
                continue;
            const token = closestExecution(sc, c.design, reference);
            if (token === null)
                continue;
            c.picture = recordPicture(token, lookup);
            c.closest = true;
            c.window = closestWindow(c.picture, windows);
        }
    }
    const order = [];
    const ops = new Map();
    for (const c of columns) {
        for (const s of c.window?.steps ?? []) {
            const k = key(s);
            if (!ops.has(k)) {
                ops.set(k, {});
                order.push(k);
            }
            (ops.get(k)[c.design] ??= []).push(String(s.n));
        }
    }
    return { scenario: sc.name, columns, operations: order.map((operation) => ({ operation, designs: ops.get(operation) })), elapsedMs };
}
const CLAIM_WORDS = {
    'violation-found': 'violation found',
    'every-interleaving': 'every interleaving',
    'bounded-exhaustive': 'bounded space exhausted',
    sampled: 'sampled only',
    none: 'no claim',
};
export function compareJson(c) {
    return {
        schemaVersion: SCHEMA_VERSION,
        command: 'compare',
        scenario: c.scenario,
        designs: c.columns.map((col) => ({
            design: col.design,
            expected: expectationJson(col.expectation, col.verdict.expected),
            verdict: col.state,
            kinds: col.verdict.foundKinds,
            claim: { claim: col.verdict.claim, text: CLAIM_WORDS[col.verdict.claim] },
            executions: col.executions,
            executionsToFind: col.verdict.executionsToFind ?? null,
            explored: col.verdict.explored,
            token: col.verdict.token ?? null,
            message: col.message,
            closestExecution: col.closest ? (col.picture?.token ?? null) : null,
            window: col.window ? { from: col.window.from, to: col.window.to, steps: col.window.steps.map((s) => ({ step: s.n, thread: s.thread, op: s.op, obj: s.obj, where: s.where })) } : null,
        })),
        operations: c.operations,
        elapsedMs: c.elapsedMs,
    };
}
function cut(s, w) {
    return s.length <= w ? s.padEnd(w) : `${s.slice(0, w - 1)}\u2026`;
}
/** The side-by-side text: the verdict table, the windows in columns, the operations table. */
export function renderComparison(c, width = 160) {
    const out = [];
    const head = ['design', 'expected', 'verdict', 'kinds', 'to find', 'claim'];
    const rows = c.columns.map((col) => [
        col.design,
        col.verdict.expected,
        col.state + (col.verdict.ok ? '' : ' (MISMATCH)'),
        col.verdict.foundKinds.join(', ') || '-',
        col.verdict.executionsToFind !== undefined ? `${col.verdict.executionsToFind} executions` : '-',
        `${CLAIM_WORDS[col.verdict.claim]}: ${col.verdict.explored.join('; ')}`,
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === head.length - 1 ? 0 : r[i].length))));
    const line = (r) => r.map((x, i) => (i === r.length - 1 ? x : x.padEnd(widths[i]))).join('  ');
    out.push(`${c.scenario}: ${c.columns.length} designs side by side (${(c.elapsedMs / 1000).toFixed(1)} s)`, '', line(head), ...rows.map(line));
    const cols = c.columns.filter((col) => col.window !== null);
    if (cols.length > 0) {
        const w = Math.max(24, Math.floor((width - 3 * (cols.length - 1)) / cols.length));
        out.push('', 'Critical windows (a failing design: the steps its report depends on; the others: the same operations in their closest execution):', '');
        out.push(cols.map((col) => cut(col.closest ? `${col.design}: closest clean execution` : `${col.design}: ${col.verdict.foundKinds[0]} (steps ${col.window.from}-${col.window.to})`, w)).join(' | '));
        out.push(cols.map(() => '-'.repeat(w)).join('-+-'));
        const n = Math.max(...cols.map((col) => col.window.steps.length));
        for (let i = 0; i < n; i++)
            out.push(cols.map((col) => cut(col.window.steps[i] ? stepText(col.window.steps[i]) : '', w)).join(' | ').trimEnd());
        const ops = c.operations.filter((o) => Object.keys(o.designs).length < cols.length || new Set(Object.values(o.designs).map((v) => v.length)).size > 1);
        if (ops.length > 0) {
            out.push('', 'Operations the designs handle differently (steps in each window):');
            const ow = Math.max(...ops.map((o) => o.operation.length));
            for (const o of ops)
                out.push(`  ${o.operation.padEnd(ow)}  ${cols.map((col) => `${col.design}: ${o.designs[col.design]?.join(',') ?? '-'}`).join('  ')}`);
        }
        for (const col of c.columns)
            if (col.picture)
                out.push('', `${col.design}: hmmsim replay ${col.picture.token}`);
    }
    return out.join('\n');
}
/** One self-contained page with the designs' windows next to each other (static, escaped). */
export function compareHtml(c) {
    const e = escapeHtml;
    const rows = c.columns
        .map((col) => `<tr class="${col.state}"><td>${e(col.design)}</td><td>${e(col.verdict.expected)}</td><td>${e(col.state)}${col.verdict.ok ? '' : ' (MISMATCH)'}</td><td>${e(col.verdict.foundKinds.join(', ') || '-')}</td><td>${col.verdict.executionsToFind ?? '-'}</td><td>${e(`${CLAIM_WORDS[col.verdict.claim]}: ${col.verdict.explored.join('; ')}`)}</td></tr>`)
        .join('\n');
    const cols = c.columns
        .map((col) => {
        const title = col.window === null ? `${col.design}: no execution to show` : col.closest ? `${col.design}: closest clean execution` : `${col.design}: ${col.verdict.foundKinds[0]} (steps ${col.window.from}-${col.window.to})`;
        const steps = (col.window?.steps ?? [])
            .map((s) => {
            const rep = col.picture?.violations.some((v) => v.step === s.n && !col.closest);
            return `<li class="${rep ? 'rep' : ''}" data-step="${s.n}"><span class="n">${s.n}</span> <b>${e(s.thread)}</b> ${e(s.op)}${s.obj ? ` ${e(s.obj)}` : ''}${s.where ? ` <i>in ${e(s.where)}</i>` : ''}</li>`;
        })
            .join('\n');
        const report = !col.closest && col.picture?.violations[0] ? `<pre>${e(col.picture.violations[0].title)}</pre>` : '';
        const replay = col.picture ? `<code>hmmsim replay ${e(col.picture.token)}</code>` : '';
        return `<div class="col" data-design="${e(col.design)}"><h2>${e(title)}</h2>${report}<ol>${steps}</ol>${replay}</div>`;
    })
        .join('\n');
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(`hmmsim compare ${c.scenario}`)}</title>
<style>
body { font-family: system-ui, sans-serif; font-size: 13px; margin: 16px; color: #222; }
table { border-collapse: collapse; margin-bottom: 16px; } td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
tr.violation td:nth-child(3) { color: #b03a2e; font-weight: bold; } tr.clean td:nth-child(3) { color: #186a3b; font-weight: bold; }
#cols { display: grid; grid-template-columns: repeat(${Math.max(1, c.columns.length)}, minmax(0, 1fr)); gap: 12px; }
.col { border: 1px solid #ddd; border-radius: 4px; padding: 8px; overflow-wrap: anywhere; }
.col h2 { font-size: 14px; margin: 0 0 6px 0; } ol { list-style: none; padding: 0; margin: 0 0 8px 0; }
li { padding: 2px 0; border-bottom: 1px solid #eee; font-size: 12px; } li.rep { background: #ffd6d6; } .n { color: #777; display: inline-block; min-width: 2.5em; }
pre { white-space: pre-wrap; background: #fff0f0; border-left: 4px solid #c33; padding: 4px 6px; }
code { font-size: 11px; user-select: all; }
</style></head>
<body>
<h1>${e(`${c.scenario}: ${c.columns.length} designs side by side`)}</h1>
<table id="verdicts"><thead><tr><th>design</th><th>expected</th><th>verdict</th><th>kinds</th><th>executions to find</th><th>claim</th></tr></thead><tbody>
${rows}
</tbody></table>
<div id="cols">
${cols}
</div>
</body></html>
`;
}
