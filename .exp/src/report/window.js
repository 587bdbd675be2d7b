/*
 * The critical window of a report: the steps it depends on, not all of the interleaving.
 *
 * The window runs from the earliest step the report names ("programmed by thread gpu0 at step
 * 83", "Freed by thread proc at step 101", a lock held "since step 12") to the report's step.
 * Inside it, a step belongs to the window when it touches what the report is about: an object
 * the report names (hmm#1, mm#1), a page or address it names, a device, a free of a named
 * object or page, or it is a step the report names itself. Pictures (Mermaid, compare) show
 * only these steps; the text and HTML reports show everything.
 */
/** The steps where a design decides whether what it read is still valid (valid flags, sequence counts, retry). */
export const DECISION = /valid\b|retry|read_begin|_seq\b|invalidate_seq/;
/** The most steps a window keeps (the named ones and the latest others). */
export const WINDOW_MAX = 40;
function keysOf(text) {
    const keys = new Set();
    for (const m of text.matchAll(/\b[a-z_]+#\d+\b/g))
        keys.add(m[0]);
    for (const m of text.matchAll(/\bpfn (\d+)\b/g))
        keys.add(`pfn ${m[1]}`);
    for (const m of text.matchAll(/\b0x[0-9a-f]{4,}\b/g))
        keys.add(m[0]);
    return [...keys];
}
function touches(s, keys) {
    const text = `${s.obj} ${s.trace.join(' ')}`;
    return keys.some((k) => {
        for (let i = text.indexOf(k); i >= 0; i = text.indexOf(k, i + 1)) {
            // Whole words only: "mm#1" is not in "hmm#1", "pfn 10" not in "pfn 102".
            if (/[\w#]/.test(text[i - 1] ?? ' ') || /[\w]/.test(text[i + k.length] ?? ' '))
                continue;
            return true;
        }
        return false;
    });
}
export function criticalWindow(p, which = 0) {
    const v = p.violations[which] ?? null;
    if (v === null) {
        const steps = p.interleaving.slice(-WINDOW_MAX);
        return { violation: null, from: steps[0]?.n ?? 0, to: p.steps, steps, named: [] };
    }
    const text = [v.title, v.message, ...v.detail].join('\n');
    const named = [...new Set([...text.matchAll(/\bsteps? (\d+)\b/g)].map((m) => Number(m[1])).filter((n) => n >= 1 && n <= v.step))];
    named.push(v.step);
    const keys = keysOf(text);
    let from = Math.min(...named);
    const to = v.step;
    if (new Set(named).size < 2) {
        // The report names only its own step (a mapping checked when programmed): reach back to the
        // other thread's last step on what the report names, and to the reporting thread's last
        // such step before it: the race is between those.
        const before = p.interleaving.filter((s) => s.n < to && touches(s, keys));
        const other = [...before].reverse().find((s) => s.thread !== v.thread);
        const mine = other ? [...before].reverse().find((s) => s.thread === v.thread && s.n < other.n) : undefined;
        from = Math.min(from, other?.n ?? from, mine?.n ?? from);
    }
    const frees = new Set([...p.pageFrees.map((f) => f.step), ...p.objects.flatMap((o) => (o.freed && keys.includes(o.label) ? [o.freed.step] : []))]);
    let steps = p.interleaving.filter((s) => s.n >= from && s.n <= to && (named.includes(s.n) || touches(s, keys) || s.op.startsWith('device') || frees.has(s.n) || DECISION.test(`${s.op} ${s.obj}`)));
    if (steps.length > WINDOW_MAX) {
        const must = steps.filter((s) => named.includes(s.n));
        const rest = steps.filter((s) => !named.includes(s.n)).slice(-(WINDOW_MAX - must.length));
        const keep = new Set([...must, ...rest]);
        steps = steps.filter((s) => keep.has(s));
    }
    return { violation: v, from, to, steps, named: [...new Set(named)].sort((a, b) => a - b) };
}
