/*
 * Combining the shards of one exploration (`explore --shard I/N --json`, dpor) into one
 * verdict: every shard 0..N-1 of the same scenario, design, strategy and split exactly
 * once; executions and steps add up; the space is exhausted when every shard exhausted its
 * part; distinct violations are the union (by kind and message), each with its shard's token.
 */
export class MergeError extends Error {
}
function isShard(x) {
    if (x === null || typeof x !== 'object')
        return false;
    const o = x;
    return typeof o['scenario'] === 'string' && typeof o['design'] === 'string' && typeof o['executions'] === 'number' && Array.isArray(o['violations']) && typeof o['exhausted'] === 'boolean';
}
/** `names` label the parts in error messages (file names). */
export function mergeShards(parts, names) {
    if (parts.length === 0)
        throw new MergeError('nothing to merge');
    const shards = [];
    parts.forEach((p, i) => {
        if (!isShard(p))
            throw new MergeError(`${names[i]}: not the JSON of 'hmmsim explore --json'`);
        if (p.shard === undefined)
            throw new MergeError(`${names[i]}: not a shard (run explore with --shard I/N)`);
        shards.push(p);
    });
    const a = shards[0];
    const count = a.shard.count;
    const seen = new Array(count);
    shards.forEach((s, i) => {
        const sh = s.shard;
        if (s.scenario !== a.scenario || s.design !== a.design || s.strategy !== a.strategy)
            throw new MergeError(`${names[i]}: ${s.scenario} on ${s.design} (${s.strategy}) does not match ${names[0]}: ${a.scenario} on ${a.design} (${a.strategy})`);
        if (sh.count !== count || sh.subtrees !== a.shard.subtrees || sh.claims !== a.shard.claims)
            throw new MergeError(`${names[i]}: shard ${sh.index}/${sh.count} split into ${sh.subtrees} subtrees does not match ${names[0]}: ${a.shard.index}/${count} split into ${a.shard.subtrees}`);
        if (JSON.stringify(s.bounds) !== JSON.stringify(a.bounds))
            throw new MergeError(`${names[i]}: bounds ${JSON.stringify(s.bounds)} differ from ${names[0]}: ${JSON.stringify(a.bounds)}`);
        if (seen[sh.index] !== undefined)
            throw new MergeError(`shard ${sh.index}/${count} given twice: ${seen[sh.index]} and ${names[i]}`);
        seen[sh.index] = names[i];
    });
    const missing = [...seen.keys()].filter((i) => seen[i] === undefined);
    if (missing.length > 0)
        throw new MergeError(`missing shard(s) ${missing.map((i) => `${i}/${count}`).join(', ')}`);
    shards.sort((x, y) => x.shard.index - y.shard.index);
    if (a.shard.from !== undefined) {
        for (let i = 1; i < shards.length; i++) {
            if (shards[i].shard.from !== shards[i - 1].shard.to)
                throw new MergeError(`shard ${i}/${count} starts at execution ${shards[i].shard.from}, not where shard ${i - 1} ends (${shards[i - 1].shard.to}): the shards ran different --executions`);
        }
    }
    const violations = [];
    const keys = new Set();
    for (const s of shards) {
        for (const v of s.violations) {
            const k = `${v.kind}\u0000${v.message}`;
            if (keys.has(k))
                continue;
            keys.add(k);
            violations.push(v);
        }
    }
    const exhausted = shards.every((s) => s.exhausted);
    const stop = shards.find((s) => s.stopReason !== 'exhausted')?.stopReason ?? 'exhausted';
    const dpor = shards.every((s) => s.dpor !== undefined)
        ? {
            blocked: shards.reduce((n, s) => n + s.dpor.blocked, 0),
            races: shards.reduce((n, s) => n + s.dpor.races, 0),
            fallbacks: shards.reduce((n, s) => n + s.dpor.fallbacks, 0),
            bounded: shards.some((s) => s.dpor.bounded),
            lastPassExecutions: shards.reduce((n, s) => n + s.dpor.lastPassExecutions, 0),
        }
        : undefined;
    return {
        scenario: a.scenario,
        design: a.design,
        strategy: a.strategy,
        executions: shards.reduce((n, s) => n + s.executions, 0),
        steps: shards.reduce((n, s) => n + s.steps, 0),
        exhausted,
        stopReason: stop,
        elapsedMs: Math.max(...shards.map((s) => s.elapsedMs)),
        bounds: a.bounds,
        violations,
        shards: count,
        subtrees: a.shard.subtrees ?? 0,
        perShard: shards.map((s) => s.executions),
        ...(dpor ? { dpor } : {}),
    };
}
/** One-paragraph text verdict of a merged exploration. */
export function renderMerged(m) {
    const claim = m.violations.length > 0
        ? `${m.violations.length} distinct violation(s) found`
        : m.exhausted
            ? m.dpor && !m.dpor.bounded
                ? 'clean, every interleaving (dpor, exhausted)'
                : 'clean within these bounds (exhausted)'
            : m.subtrees === 0
                ? `no violation found in ${m.executions} sampled executions (${m.strategy}: a sample, NOT a clean claim)`
                : 'no violation found, but NOT a clean claim (some shard did not exhaust its part)';
    const bound = m.bounds['preemptions'] !== undefined ? `, preemption bound ${m.bounds['preemptions']}` : '';
    const lines = [`${m.scenario} on ${m.design}: ${claim}: strategy ${m.strategy}${bound}, ${m.shards} shards (${m.subtrees > 1 ? `split into about ${m.subtrees} subtrees` : m.subtrees === 1 ? 'one tree shared by work stealing' : 'by execution range'}), ${m.executions} executions (per shard: ${m.perShard.join(', ')}), ${m.steps} steps, stopped: ${m.stopReason}, longest shard ${m.elapsedMs} ms.`];
    for (const v of m.violations)
        lines.push(`  ${v.kind}: ${v.message} (thread ${v.thread || '-'}, step ${v.step})`, `    hmmsim replay ${v.token}`);
    return lines.join('\n');
}
