/*
 * Chrome trace event JSON (the format chrome://tracing and ui.perfetto.dev open) of one
 * execution: a view of its Picture.
 *
 * Time is the step number: step n runs from ts = n to n + 1 (the unit the viewers show as
 * microseconds is one step). Layout:
 *   pid 1 "threads": one track (tid) per model thread with a slice per model function on its
 *        call stack (nested, outermost first) and the step's operation as the innermost slice;
 *        instant events on it for the frees it performs (objects, pages);
 *   pid 2 "locks": one track per (thread, lock) with a slice for each time the thread held it;
 *   pid 3 "devices": one track per device, instant events for programming (map) and zaps;
 *   reports: global instant events (cat "report"), also on the reporting thread's track.
 * Consecutive steps of one thread that share an outer frame share its slice.
 */
export const PID_THREADS = 1;
export const PID_LOCKS = 2;
export const PID_DEVICES = 3;
export function chromeTrace(p) {
    const ev = [];
    const meta = (pid, tid, what, name) => ev.push({ name: what, ph: 'M', pid, tid, args: { name } });
    meta(PID_THREADS, 0, 'process_name', 'threads');
    meta(PID_LOCKS, 0, 'process_name', 'locks held');
    meta(PID_DEVICES, 0, 'process_name', 'devices');
    const tidOf = new Map();
    p.threads.forEach((t, i) => {
        tidOf.set(t, i + 1);
        meta(PID_THREADS, i + 1, 'thread_name', t);
    });
    const devTid = new Map();
    p.devices.forEach((d, i) => {
        devTid.set(d, i + 1);
        meta(PID_DEVICES, i + 1, 'thread_name', d);
    });
    // Function slices: per thread, the open frames (outermost first) and where each began.
    const open = new Map();
    const lastEnd = new Map();
    const close = (thread, keep) => {
        const frames = open.get(thread) ?? [];
        const end = lastEnd.get(thread) ?? 0;
        while (frames.length > keep) {
            const f = frames.pop();
            ev.push({ name: f.name, ph: 'X', pid: PID_THREADS, tid: tidOf.get(thread), ts: f.ts, dur: Math.max(1, end - f.ts), cat: 'function' });
        }
    };
    // Lock slices: per (thread, lock), when the current holding began.
    const lockTid = new Map();
    const held = new Map();
    for (const s of p.interleaving) {
        const frames = open.get(s.thread) ?? [];
        open.set(s.thread, frames);
        let common = 0;
        while (common < frames.length && common < s.stack.length && frames[common].name === s.stack[common])
            common++;
        close(s.thread, common);
        for (let i = common; i < s.stack.length; i++)
            frames.push({ name: s.stack[i], ts: s.n });
        const tid = tidOf.get(s.thread);
        ev.push({ name: s.op + (s.obj ? ` ${s.obj}` : ''), ph: 'X', pid: PID_THREADS, tid, ts: s.n, dur: 1, cat: 'step', args: { step: s.n, op: s.op, obj: s.obj, where: s.where, ...(s.trace.length ? { trace: s.trace } : {}) } });
        lastEnd.set(s.thread, s.n + 1);
        // Locks: a lock the thread holds after step n was held during it from its first such step.
        const h = held.get(s.thread) ?? new Map();
        held.set(s.thread, h);
        const now = new Set(s.held);
        for (const [lock, from] of h) {
            if (!now.has(lock)) {
                ev.push({ name: lock, ph: 'X', pid: PID_LOCKS, tid: lockTrack(s.thread, lock), ts: from, dur: s.n + 1 - from, cat: 'lock', args: { thread: s.thread } });
                h.delete(lock);
            }
        }
        for (const lock of now)
            if (!h.has(lock))
                h.set(lock, s.n);
    }
    for (const t of open.keys())
        close(t, 0);
    const end = p.steps + 1;
    for (const [thread, h] of held)
        for (const [lock, from] of h)
            ev.push({ name: lock, ph: 'X', pid: PID_LOCKS, tid: lockTrack(thread, lock), ts: from, dur: end - from, cat: 'lock', args: { thread, heldAtEnd: true } });
    function lockTrack(thread, lock) {
        const key = `${thread}\u0000${lock}`;
        let tid = lockTid.get(key);
        if (tid === undefined) {
            tid = lockTid.size + 1;
            lockTid.set(key, tid);
            meta(PID_LOCKS, tid, 'thread_name', `${thread}: ${lock}`);
        }
        return tid;
    }
    const instant = (name, pid, tid, ts, cat, args) => ev.push({ name, ph: 'i', s: 't', pid, tid, ts, cat, args });
    for (const o of p.objects) {
        if (o.freed)
            instant(`kfree ${o.label}`, PID_THREADS, tidOf.get(o.freed.thread) ?? 0, o.freed.step, 'free', { object: o.label });
        if (o.poisoned)
            instant(`poison ${o.label}->${o.poisoned.field}`, PID_THREADS, tidOf.get(o.poisoned.thread) ?? 0, o.poisoned.step, 'poison', { object: o.label, field: o.poisoned.field });
    }
    for (const f of p.pageFrees)
        instant(`free ${f.page}`, PID_THREADS, tidOf.get(f.thread) ?? 0, f.step, 'free', { pfn: f.pfn });
    for (const d of p.deviceEvents)
        instant(`${d.what} ${d.text}`, PID_DEVICES, devTid.get(d.device) ?? 0, d.step, d.what === 'map' ? 'device-map' : 'device-zap', { thread: d.thread });
    for (const v of p.violations) {
        ev.push({ name: v.title, ph: 'i', s: 'g', pid: PID_THREADS, tid: 0, ts: v.step, cat: 'report', args: { kind: v.kind, message: v.message, fatal: v.fatal } });
        if (tidOf.has(v.thread))
            instant(`${v.kind}: ${v.message}`, PID_THREADS, tidOf.get(v.thread), v.step, 'report', { kind: v.kind });
    }
    return {
        traceEvents: ev,
        displayTimeUnit: 'ms',
        otherData: { tool: 'hmmsim', scenario: p.scenario, design: p.design, token: p.token, steps: p.steps, timeUnit: 'one step per microsecond of ts' },
    };
}
