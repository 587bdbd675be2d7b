/*
 * A Mermaid sequenceDiagram of a report's critical window (window.ts): one participant per
 * thread in the window and per device, a note per step ("83. mutex_lock hmm#1->lock in
 * hmm_range_unregister"), an arrow from a thread to the device it programs or zaps, and the
 * report itself highlighted at its step. GitHub and GitLab render it inside a ```mermaid block.
 */
import { criticalWindow } from './window.js';
/** Mermaid text: no statement separators, no HTML, entities for what its parser reads. */
export function mermaidText(s) {
    return s.replace(/[\r\n]+/g, ' ').replace(/[#;<>%]/g, (c) => `#${c.charCodeAt(0)};`);
}
export function mermaidDiagram(p, which = 0) {
    const w = criticalWindow(p, which);
    const lines = ['sequenceDiagram'];
    const ids = new Map();
    const threads = p.threads.filter((t) => w.steps.some((s) => s.thread === t) || w.violation?.thread === t);
    threads.forEach((t) => ids.set(t, `T${p.threads.indexOf(t) + 1}`));
    const devs = p.devices.filter((d) => w.steps.some((s) => s.op.startsWith('device') && s.obj.split(' ')[0] === d));
    devs.forEach((d, i) => ids.set(`dev:${d}`, `D${i + 1}`));
    for (const t of threads)
        lines.push(`  participant ${ids.get(t)} as ${mermaidText(t)}`);
    for (const d of devs)
        lines.push(`  participant ${ids.get(`dev:${d}`)} as ${mermaidText(`${d} (device page table)`)}`);
    const title = w.violation ? `${w.violation.kind} of ${p.scenario} on ${p.design}, steps ${w.from}-${w.to}` : `${p.scenario} on ${p.design}: last steps`;
    if (threads.length > 0)
        lines.push(`  Note over ${ids.get(threads[0])}${threads.length > 1 ? `,${ids.get(threads[threads.length - 1])}` : ''}: ${mermaidText(title)}`);
    let prev = 0;
    for (const s of w.steps) {
        if (prev && s.n > prev + 1)
            lines.push(`  Note over ${ids.get(threads[0])}${threads.length > 1 ? `,${ids.get(threads[threads.length - 1])}` : ''}: ${mermaidText(`... ${s.n - prev - 1} step${s.n - prev - 1 === 1 ? '' : 's'}`)}`);
        prev = s.n;
        const t = ids.get(s.thread);
        const text = mermaidText(`${s.n}. ${s.op}${s.obj ? ` ${s.obj}` : ''}${s.where ? ` in ${s.where}` : ''}`);
        const dev = s.op.startsWith('device') ? ids.get(`dev:${s.obj.split(' ')[0]}`) : undefined;
        const isReport = w.violation !== null && s.n === w.violation.step;
        if (isReport)
            lines.push('  rect rgb(255, 221, 221)');
        if (dev !== undefined)
            lines.push(`  ${t}->>${dev}: ${text}`);
        else
            lines.push(`  Note over ${t}: ${text}`);
        if (isReport) {
            lines.push(`  Note over ${t}: ${mermaidText(w.violation.title)}`);
            lines.push('  end');
        }
    }
    if (w.violation !== null && !w.steps.some((s) => s.n === w.violation.step) && threads.length > 0) {
        lines.push(`  Note over ${ids.get(w.violation.thread) ?? ids.get(threads[0])}: ${mermaidText(`${w.violation.step}. ${w.violation.title}`)}`);
    }
    return lines.join('\n');
}
