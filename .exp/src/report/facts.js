/*
 * The facts a picture of one execution needs, recorded while a token is replayed (the explain
 * path; the fast path never runs this): per step the thread's model call chain and the locks it
 * holds afterwards, object lifetimes (allocated, freed, poisoned), page frees, device page-table
 * programming and zaps, and the CPU and device page-table entries of the pages involved.
 *
 * Every renderer (trace.ts, mermaid.ts, html.ts) is a view of the Picture built here: one
 * recording, many pictures. Recording observes the model without changing it (it reads
 * per-execution state that already exists and creates none), so the replayed execution is the
 * one the token names; recordPicture() checks that both its replays agree.
 *
 * Two replays: the first finds which pages are involved (addresses in the steps, the device
 * page tables and the reports), the second follows their CPU entries step by step.
 */
import { cur, isPoison, KObj, live_objects } from '../kernel/index.js';
import { peek_entry, register_page_free_observer } from '../mm/index.js';
import { replayToken } from '../explore/run.js';
/** At most this many pages are followed (those named by a report first). */
const MAX_PAGES = 32;
const PAGE = 4096;
function hex(v) {
    return `0x${v.toString(16)}`;
}
function cpuText(mm, va) {
    const e = peek_entry(mm, va);
    if (e.kind === 'none')
        return 'none';
    const flags = [e.writable ? 'rw' : 'ro', ...(e.dirty ? ['dirty'] : []), ...(e.level !== 'pte' ? [e.level] : [])];
    const freed = e.page?.freed ? ' (freed page)' : '';
    return e.kind === 'swap' ? `swap slot ${e.pfn}` : `${e.kind} pfn ${e.pfn} ${flags.join(' ')}${freed}`;
}
/** Records one replay. `follow` lists the (mm label, page address) pairs whose CPU entries to follow. */
class Recorder {
    follow;
    steps = [];
    objects = new Map();
    poisoned = new Map();
    pageFrees = [];
    freeObserver = false;
    /** device -> vpn -> entry text (last seen). */
    devPt = new Map();
    devHistory = new Map();
    devMm = new Map();
    deviceNames = [];
    cpuHistory = new Map();
    lastEvent = 0;
    constructor(follow) {
        this.follow = follow;
    }
    observe = (t) => {
        const ex = cur;
        const n = ex.steps;
        // The steps recorded since the last call (one, or none for the end of the execution).
        while (this.lastEvent < ex.events.length) {
            const e = ex.events[this.lastEvent++];
            this.steps.push({ n: e.step + 1, thread: e.thread, op: e.op, obj: e.obj, where: e.where, stack: [...(e.stack ?? [])].reverse(), held: [], trace: [] });
        }
        const th = t ?? ex.current;
        const last = this.steps[this.steps.length - 1];
        if (th && last && last.thread === th.name && last.n === n)
            last.held = th.held.map((h) => `${h.lock.label}${h.read ? ' (read)' : ''}`);
        if (!this.freeObserver && ex.ext.has('mm.physmem')) {
            this.freeObserver = true;
            register_page_free_observer((p) => this.pageFrees.push({ step: cur.steps, thread: cur.current ? cur.current.name : 'init', pfn: p.pfn, page: p.label }));
        }
        for (const o of live_objects())
            if (!this.objects.has(o.__label))
                this.objects.set(o.__label, o);
        // Model objects that are not allocated (embedded, static: a mirror inside its driver, a
        // range on the stack) are followed through the allocated ones that point at them.
        for (const o of [...this.objects.values()]) {
            for (const v of Object.values(o))
                if (v instanceof KObj && !this.objects.has(v.__label))
                    this.objects.set(v.__label, v);
        }
        for (const [label, o] of this.objects) {
            if (this.poisoned.has(label))
                continue;
            const field = poisonedField(o, 3);
            if (field !== null)
                this.poisoned.set(label, { step: n, thread: th ? th.name : 'init', field });
        }
        const dg = ex.ext.get('drivers.devices');
        for (const dev of dg?.devices ?? []) {
            let seen = this.devPt.get(dev.name);
            if (seen === undefined) {
                this.devPt.set(dev.name, (seen = new Map()));
                this.devHistory.set(dev.name, new Map());
                this.deviceNames.push(dev.name);
            }
            if (dev.mm !== null)
                this.devMm.set(dev.name, dev.mm.__label);
            const hist = this.devHistory.get(dev.name);
            const now = new Map();
            for (const [vpn, pte] of dev.pt)
                now.set(vpn, `pfn ${pte.pfn} ${pte.write ? 'rw' : 'ro'}${pte.page.freed ? ' (freed page)' : ''}`);
            for (const [vpn, v] of now) {
                if (seen.get(vpn) !== v)
                    push(hist, vpn, n, v);
            }
            for (const vpn of seen.keys())
                if (!now.has(vpn))
                    push(hist, vpn, n, 'none');
            this.devPt.set(dev.name, now);
        }
        for (const f of this.follow) {
            const mm = this.objects.get(f.mm);
            if (mm === undefined)
                continue;
            const key = `${f.mm} ${f.va}`;
            const v = cpuText(mm, f.va);
            let h = this.cpuHistory.get(key);
            if (h === undefined)
                this.cpuHistory.set(key, (h = []));
            if (h.length === 0 || h[h.length - 1].value !== v)
                h.push({ from: h.length === 0 && n <= 1 ? 0 : n, value: v });
        }
    };
    lifetimes() {
        return [...this.objects.values()].map((o) => ({
            label: o.__label,
            allocated: o.__alloc ? { step: o.__alloc.step, thread: o.__alloc.thread } : null,
            freed: o.__free ? { step: o.__free.step, thread: o.__free.thread } : null,
            poisoned: this.poisoned.get(o.__label) ?? null,
        }));
    }
}
/**
 * The path of a pointer field holding POISON in `o` or in the plain structures it embeds (a
 * list_head, a mirror inside a driver struct), `depth` levels down; other model objects (KObj),
 * collections and locks are not entered. Null if none.
 */
function poisonedField(o, depth) {
    for (const [k, v] of Object.entries(o)) {
        if (isPoison(v))
            return k;
        if (depth > 1 && v !== null && typeof v === 'object' && !(v instanceof KObj) && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof Set) && !ArrayBuffer.isView(v)) {
            const inner = poisonedField(v, depth - 1);
            if (inner !== null)
                return `${k}.${inner}`;
        }
    }
    return null;
}
function push(hist, vpn, n, value) {
    let h = hist.get(vpn);
    if (h === undefined)
        hist.set(vpn, (h = []));
    h.push({ from: n, value });
}
/** Page addresses the execution involves, with the mm each belongs to; those in reports first. */
function involvedPages(steps, violations, rec) {
    const out = new Map();
    const add = (mm, va, rank) => {
        const a = va - (va % PAGE);
        const k = `${mm} ${a}`;
        const o = out.get(k);
        if (o === undefined)
            out.set(k, { mm, va: a, rank });
        else
            o.rank = Math.min(o.rank, rank);
    };
    const defaultMm = [...rec.devMm.values()][0] ?? 'mm#1';
    const addrs = (s) => [...s.matchAll(/\b0x([0-9a-f]{4,})\b/g)].map((m) => parseInt(m[1], 16));
    for (const v of violations) {
        const text = [v.title, v.message, ...v.detail].join('\n');
        const mm = /\b(mm#\d+)\b/.exec(text)?.[1] ?? defaultMm;
        for (const a of addrs(text))
            add(mm, a, 0);
    }
    for (const [dev, hist] of rec.devHistory)
        for (const vpn of hist.keys())
            add(rec.devMm.get(dev) ?? defaultMm, vpn * PAGE, 1);
    for (const s of steps) {
        const m = /\b(mm#\d+) 0x([0-9a-f]+)\b/.exec(s.obj);
        if (m)
            add(m[1], parseInt(m[2], 16), 2);
    }
    return [...out.values()].sort((a, b) => a.rank - b.rank || a.va - b.va).slice(0, MAX_PAGES).map(({ mm, va }) => ({ mm, va }));
}
function devOp(op) {
    return op === 'device_map' ? 'map' : op === 'device_zap' ? 'zap' : op === 'device_zap_all' ? 'zap-all' : null;
}
function fill(rec, res) {
    const byStep = new Map(rec.steps.map((s) => [s.n, s]));
    for (const tl of res.trace)
        byStep.get(tl.step)?.trace.push(tl.text);
}
/**
 * Replay `token` twice with recording and build its Picture. Throws what replayToken throws
 * (TokenError, ReplayMismatch, ScenarioError) for bad input.
 */
export function recordPicture(token, lookup, stepCap) {
    const first = new Recorder([]);
    const r1 = replayToken(token, lookup, true, stepCap, first.observe);
    const follow = involvedPages(first.steps, r1.result.violations, first);
    const rec = new Recorder(follow);
    const { token: t, result } = replayToken(token, lookup, true, stepCap, rec.observe);
    if (result.steps !== r1.result.steps || result.violations.length !== r1.result.violations.length) {
        throw new Error(`internal error: two recorded replays of one token differ (${r1.result.steps} and ${result.steps} steps)`);
    }
    fill(rec, result);
    const deviceEvents = [];
    for (const s of rec.steps) {
        const what = devOp(s.op);
        if (what !== null)
            deviceEvents.push({ step: s.n, thread: s.thread, device: s.obj.split(' ')[0], what, text: s.obj });
    }
    const pages = follow.map((f) => {
        const devices = {};
        for (const d of rec.deviceNames) {
            if ((rec.devMm.get(d) ?? f.mm) !== f.mm)
                continue;
            const h = rec.devHistory.get(d).get(f.va / PAGE);
            devices[d] = h ? [{ from: 0, value: 'none' }, ...h] : [{ from: 0, value: 'none' }];
        }
        const cpu = rec.cpuHistory.get(`${f.mm} ${f.va}`) ?? [];
        for (const d of Object.keys(devices))
            devices[d] = dedupe(devices[d]);
        return { mm: f.mm, va: f.va, cpu: dedupe(cpu.length && cpu[0].from > 0 ? [{ from: 0, value: 'none' }, ...cpu] : cpu), devices };
    });
    return {
        scenario: t.scenario,
        design: t.design,
        token: token.trim(),
        steps: result.steps,
        threads: result.threads,
        devices: rec.deviceNames,
        interleaving: rec.steps,
        violations: result.violations,
        objects: rec.lifetimes(),
        pageFrees: rec.pageFrees,
        deviceEvents,
        pages,
    };
}
/** One change per value (a value repeated by the next change is no change). */
function dedupe(h) {
    const out = [];
    for (const c of h) {
        const last = out[out.length - 1];
        if (last !== undefined && last.from === c.from)
            last.value = c.value;
        else if (last === undefined || last.value !== c.value)
            out.push({ ...c });
    }
    return out.filter((c, i) => i === 0 || c.value !== out[i - 1].value);
}
/** The value of a history at step n (after step n has run). */
export function valueAt(h, n) {
    let v = 'none';
    for (const c of h)
        if (c.from <= n)
            v = c.value;
    return v;
}
export { hex as hexAddress };
