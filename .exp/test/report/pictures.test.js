/*
 * Pictures of one execution (trace events, Mermaid) on a known race: register-vs-exit on v5.2,
 * where the device maps a page that exit_mmap then frees. The structure is checked against the
 * execution's own event log, and recording for pictures must not change the execution.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_OPTIONS, explore, replayToken } from '../../src/explore/run.js';
import { recordPicture } from '../../src/report/facts.js';
import { mermaidDiagram, mermaidText } from '../../src/report/mermaid.js';
import { chromeTrace, PID_DEVICES, PID_LOCKS, PID_THREADS } from '../../src/report/trace.js';
import { criticalWindow } from '../../src/report/window.js';
import { findScenario } from '../../src/scenarios/index.js';
const sc = findScenario('register-vs-exit');
const found = explore(sc, 'v5.2', { ...DEFAULT_OPTIONS });
const token = found.violations[0].token;
const plain = replayToken(token, findScenario, true).result;
const pic = recordPicture(token, findScenario);
const trace = chromeTrace(pic);
const ev = trace.traceEvents;
test('the known race is found (the pictures below are of it)', () => {
    assert.equal(found.violations[0].kind, 'device-use-after-free');
    assert.equal(pic.violations[0].kind, 'device-use-after-free');
});
test('recording for pictures does not change the execution', () => {
    assert.equal(pic.steps, plain.steps);
    assert.deepEqual(pic.interleaving.map((s) => [s.n, s.thread, s.op, s.obj, s.where]), plain.events.map((e) => [e.step + 1, e.thread, e.op, e.obj, e.where]));
    assert.deepEqual(pic.violations.map((v) => [v.kind, v.message, v.step]), plain.violations.map((v) => [v.kind, v.message, v.step]));
    const lean = replayToken(token, findScenario, false).result;
    assert.deepEqual(lean.violations.map((v) => [v.kind, v.message, v.step]), plain.violations.map((v) => [v.kind, v.message, v.step]));
});
function names(pid) {
    return new Map(ev.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid).map((e) => [e.tid, e.args.name]));
}
test('trace: one track per model thread and one per device', () => {
    assert.deepEqual([...names(PID_THREADS).values()], pic.threads);
    assert.deepEqual([...names(PID_DEVICES).values()], ['gpu0']);
    const procs = ev.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => e.args.name);
    assert.deepEqual(procs, ['threads', 'locks held', 'devices']);
});
test('trace: a slice per step at its step number, on its thread track', () => {
    const steps = ev.filter((e) => e.cat === 'step');
    assert.equal(steps.length, plain.events.length);
    const tracks = names(PID_THREADS);
    for (const [i, e] of plain.events.entries()) {
        const s = steps[i];
        assert.equal(s.ts, e.step + 1);
        assert.equal(s.dur, 1);
        assert.equal(tracks.get(s.tid), e.thread);
    }
});
test('trace: function slices nest properly on each thread track and cover the steps', () => {
    const byTid = new Map();
    for (const e of ev)
        if (e.ph === 'X' && e.pid === PID_THREADS)
            (byTid.get(e.tid) ?? byTid.set(e.tid, []).get(e.tid)).push(e);
    let functions = 0;
    for (const list of byTid.values()) {
        list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
        const stack = [];
        for (const e of list) {
            while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts)
                stack.pop();
            const top = stack[stack.length - 1];
            if (top)
                assert.ok(e.ts + e.dur <= top.ts + top.dur, `${e.name} [${e.ts}, ${e.ts + e.dur}) overlaps ${top.name} [${top.ts}, ${top.ts + top.dur})`);
            stack.push(e);
            if (e.cat === 'function')
                functions++;
        }
    }
    assert.ok(functions > 0);
    // The freeing step runs inside exit_mmap on the proc thread.
    const report = pic.violations[0];
    const outer = ev.filter((e) => e.cat === 'function' && e.name === 'exit_mmap' && e.ts <= report.step && e.ts + e.dur > report.step);
    assert.equal(outer.length, 1);
    assert.equal(names(PID_THREADS).get(outer[0].tid), report.thread);
});
test('trace: lock slices per (thread, lock) from acquire to release', () => {
    const locks = names(PID_LOCKS);
    const tracks = [...locks.values()];
    assert.ok(tracks.includes('gpu0: svmm#1->update'), tracks.join(', '));
    // gpu0 programs the device under svmm->update: that slice covers the device_map step.
    const map = plain.events.find((e) => e.op === 'device_map');
    const tid = [...locks].find(([, n]) => n === 'gpu0: svmm#1->update')[0];
    const held = ev.filter((e) => e.pid === PID_LOCKS && e.tid === tid && e.ph === 'X');
    assert.ok(held.some((e) => e.ts <= map.step + 1 && e.ts + e.dur > map.step + 1));
    // The acquiring step and the releasing step are the lock operations of that thread.
    for (const e of held) {
        const acq = plain.events.find((x) => x.step + 1 === e.ts);
        const rel = plain.events.find((x) => x.step + 1 === e.ts + e.dur - 1);
        // Acquired at once (mutex_lock) or after sleeping on it (the waking step takes it).
        assert.ok(acq.op === 'mutex_lock' || acq.op === 'woken', `acquired by ${acq.op}`);
        assert.equal(rel.op, 'mutex_unlock');
    }
});
test('trace: instant events for device programming, zaps, page frees and the report', () => {
    const dev = names(PID_DEVICES);
    const maps = ev.filter((e) => e.cat === 'device-map');
    const mapSteps = plain.events.filter((e) => e.op === 'device_map').map((e) => e.step + 1);
    assert.deepEqual(maps.map((e) => e.ts), mapSteps);
    for (const m of maps)
        assert.equal(dev.get(m.tid), 'gpu0');
    const zapSteps = plain.events.filter((e) => e.op.startsWith('device_zap')).map((e) => e.step + 1);
    assert.deepEqual(ev.filter((e) => e.cat === 'device-zap').map((e) => e.ts), zapSteps);
    const report = pic.violations[0];
    const frees = ev.filter((e) => e.cat === 'free' && e.name === 'free page pfn 1024 (anon)');
    assert.equal(frees.length, 1);
    assert.equal(frees[0].ts, report.step);
    assert.equal(names(PID_THREADS).get(frees[0].tid), report.thread);
    const marks = ev.filter((e) => e.cat === 'report' && e.s === 'g');
    assert.deepEqual(marks.map((e) => [e.ts, e.name]), [[report.step, report.title]]);
});
test('picture: page tables of the involved page follow the steps', () => {
    const page = pic.pages.find((p) => p.va === 0x3f8000000000);
    assert.ok(page, 'page 0x3f8000000000 followed');
    const map = plain.events.find((e) => e.op === 'device_map').step + 1;
    assert.equal(page.devices['gpu0'].find((c) => c.from === map)?.value, 'pfn 1024 rw');
    assert.equal(page.cpu[page.cpu.length - 1].value, 'none');
    const zap = plain.events.find((e) => e.op === 'zap pte' && e.obj.endsWith('0x3f8000000000')).step + 1;
    assert.equal(page.cpu.find((c) => c.from === zap)?.value, 'none');
});
test('mermaid: the critical window, not the whole interleaving', () => {
    const w = criticalWindow(pic);
    const d = mermaidDiagram(pic);
    const lines = d.split('\n');
    assert.equal(lines[0], 'sequenceDiagram');
    const report = pic.violations[0];
    const map = plain.events.find((e) => e.op === 'device_map').step + 1;
    assert.equal(w.from, map);
    assert.equal(w.to, report.step);
    assert.ok(w.steps.length < pic.steps / 2, `${w.steps.length} of ${pic.steps} steps`);
    assert.ok(lines.some((l) => /^ {2}T\d+->>D1: \d+\. device_map gpu0 0x3f8000000000 -#62; pfn 1024 rw/.test(l)), d);
    assert.ok(lines.includes('  rect rgb(255, 221, 221)'));
    assert.ok(lines.some((l) => l.includes(`${report.step}. put_page page pfn 1024 (anon)`)));
    assert.deepEqual(lines.filter((l) => l.startsWith('  participant')).map((l) => l.split(' as ')[1]), ['gpu0', 'proc', 'gpu0 (device page table)']);
    // Nothing outside the window.
    for (const l of lines) {
        const m = /: (\d+)\. /.exec(l);
        if (m)
            assert.ok(Number(m[1]) >= w.from && Number(m[1]) <= w.to, l);
    }
});
test('mermaid: scenario text cannot break the diagram', () => {
    assert.equal(mermaidText('a;b#c<d>e\nf%%g'), 'a#59;b#35;c#60;d#62;e f#37;#37;g');
});
test('picture: a poisoned pointer is an object-lifetime event before the poison dereference', () => {
    const s2 = findScenario('mirror-double-unregister');
    const tok = explore(s2, 'v5.3', { ...DEFAULT_OPTIONS }).violations[0].token;
    const p2 = recordPicture(tok, findScenario);
    const v = p2.violations[0];
    assert.equal(v.kind, 'poison-deref');
    const poisoned = p2.objects.filter((o) => o.poisoned !== null);
    assert.deepEqual(poisoned.map((o) => [o.label, o.poisoned.field]), [['hmm_mirror#1', 'list']]);
    const at = poisoned[0].poisoned;
    assert.ok(at.step < v.step, `poisoned at ${at.step}, dereferenced at ${v.step}`);
    // The step that poisoned it is a step of the unregistering thread inside hmm_mirror_unregister.
    const step = p2.interleaving.find((s) => s.n === at.step);
    assert.equal(step.thread, at.thread);
    assert.ok(step.stack.includes('hmm_mirror_unregister'), step.stack.join(' > '));
    const ev = chromeTrace(p2).traceEvents.filter((e) => e.cat === 'poison');
    assert.deepEqual(ev.map((e) => [e.ts, e.name]), [[at.step, 'poison hmm_mirror#1->list']]);
});
