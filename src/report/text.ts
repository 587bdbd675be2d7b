/*
 * Kernel-style text reports: the KASAN/lockdep/hung-task style body of each violation, then
 * what the kernel cannot give: the exact interleaving, numbered, and the token that replays it.
 */

import type { ExecutionResult, Violation } from '../kernel/index.js';
import type { ExploreResult } from '../explore/run.js';

const RULE = '='.repeat(66);

export function renderViolation(v: Violation): string[] {
  return [RULE, v.title, ...v.detail, RULE];
}

/** Longer interleavings print their first HEAD and last TAIL steps (JSON has them all). */
const HEAD = 40;
const TAIL = 120;

/** The interleaving as numbered steps, with trace lines in between and the failing step marked. */
export function renderInterleaving(res: ExecutionResult, failingSteps: Set<number>): string[] {
  const out: string[] = [];
  const n = res.events.length;
  const elide = n > HEAD + TAIL + 20;
  const width = Math.max(6, ...res.threads.map((t) => t.length));
  let ti = 0;
  const traceBefore = (step: number) => {
    while (ti < res.trace.length && res.trace[ti]!.step <= step) {
      const tl = res.trace[ti++]!;
      out.push(`        ${' '.repeat(width)}  | ${tl.thread}: ${tl.text}`);
    }
  };
  for (let k = 0; k < n; k++) {
    const e = res.events[k]!;
    if (elide && k >= HEAD && k < n - TAIL && !failingSteps.has(e.step + 1)) {
      if (k === HEAD) out.push(`   ...  (${n - HEAD - TAIL} steps omitted; \`hmmsim replay --json\` lists every step)`);
      while (ti < res.trace.length && res.trace[ti]!.step <= e.step) ti++;
      continue;
    }
    traceBefore(e.step);
    const mark = failingSteps.has(e.step + 1) ? '>' : ' ';
    const what = `${e.op}${e.obj ? ` ${e.obj}` : ''}`;
    out.push(`${mark}${String(e.step + 1).padStart(5)}.  ${e.thread.padEnd(width)}  ${what.padEnd(44)}${e.where ? ` in ${e.where}` : ''}`);
  }
  traceBefore(Infinity);
  return out;
}

/** Full report of one replayed execution. */
export function renderReplay(scenario: string, design: string, token: string, res: ExecutionResult): string {
  const lines: string[] = [];
  if (res.violations.length === 0) {
    lines.push(`No violation in this execution of ${scenario} on ${design} (${res.steps} steps).`);
  }
  for (const v of res.violations) lines.push(...renderViolation(v), '');
  lines.push(`Interleaving (${scenario} on ${design}, ${res.steps} steps, ${res.threads.length} threads; '>' marks the step of a report):`);
  lines.push(...renderInterleaving(res, new Set(res.violations.map((v) => v.step))));
  lines.push('', `Replay: hmmsim replay ${token}`);
  return lines.join('\n');
}

export function describeBounds(r: ExploreResult): string {
  const b = r.bounds;
  const parts = [`strategy ${r.strategy}`];
  if (b.preemptions !== undefined) parts.push(`preemption bound ${b.preemptions}`);
  if (b.depth !== undefined) parts.push(`depth ${b.depth}`);
  if (b.seed !== undefined) parts.push(`seed ${b.seed}`);
  parts.push(`${r.executions} executions`, `${r.steps} steps`, `step budget ${b.stepBudget}`);
  if (r.strategy === 'dfs') parts.push(r.exhausted ? 'bounded space exhausted' : 'bounded space NOT exhausted');
  if (r.strategy === 'dpor') {
    parts.push(r.exhausted ? (b.preemptions === undefined ? 'every interleaving explored' : 'bounded space exhausted') : 'space NOT exhausted');
    if (r.dpor) parts.push(`${r.dpor.blocked} executions cut short by sleep sets`);
  }
  parts.push(`stopped: ${STOP_TEXT[r.stopReason]}`);
  return parts.join(', ');
}

export const STOP_TEXT: Record<ExploreResult['stopReason'], string> = {
  exhausted: 'exhausted',
  violation: 'at the first violation',
  executions: 'executions budget reached',
  seconds: 'seconds budget reached',
  interrupted: 'interrupted',
};

/** Summary of an exploration (the report of each violation is added by the caller). */
export function renderExploreSummary(r: ExploreResult): string {
  if (r.violations.length === 0) {
    if (r.stopReason === 'interrupted') return `${r.scenario} on ${r.design}: interrupted, nothing found so far: ${describeBounds(r)} (${r.elapsedMs} ms).`;
    if (r.executions === 0) return `${r.scenario} on ${r.design}: nothing explored, no execution finished: ${describeBounds(r)} (${r.elapsedMs} ms).`;
    // Only an exhausted bounded space is a clean claim; anything else is a sample.
    if (r.strategy === 'dpor' && r.exhausted && r.bounds.preemptions === undefined) return `${r.scenario} on ${r.design}: clean, every interleaving (dpor, exhausted): ${describeBounds(r)} (${r.elapsedMs} ms).`;
    if ((r.strategy === 'dfs' || r.strategy === 'dpor') && !r.exhausted) return `${r.scenario} on ${r.design}: no violation found, but NOT a clean claim: ${describeBounds(r)} (${r.elapsedMs} ms).`;
    return `${r.scenario} on ${r.design}: clean within these bounds: ${describeBounds(r)} (${r.elapsedMs} ms).`;
  }
  const lines = [`${r.scenario} on ${r.design}: ${r.violations.length} distinct violation(s) found (${describeBounds(r)}, ${r.elapsedMs} ms):`];
  for (const v of r.violations) {
    lines.push(`  ${v.kind}: ${v.message} (execution ${v.execution}, thread ${v.thread || '-'}, step ${v.step})`);
    if (v.shrunk) lines.push(`    shrunk from ${v.shrunk.fromSteps} steps / ${v.shrunk.fromPreemptions} preemptions to ${v.shrunk.toSteps} / ${v.shrunk.toPreemptions}`);
    lines.push(`    hmmsim replay ${v.token}`);
  }
  return lines.join('\n');
}

/**
 * Wrap the prose lines of `text` that are longer than `width` at spaces, continuing with the
 * line's indent plus four spaces. Lines that must stay whole are left alone: interleaving steps
 * and trace lines (their columns), and anything holding a replay token (to copy it).
 */
export function wrapLines(text: string, width: number): string {
  if (width <= 0) return text;
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.length <= width || /^[> ]\s*\d+\.\s/.test(line) || /^\s+\|/.test(line) || line.includes('hm1:')) {
      out.push(line);
      continue;
    }
    const indent = /^\s*/.exec(line)![0];
    const cont = `${indent}    `;
    let cur = indent;
    for (const w of line.slice(indent.length).split(' ')) {
      const fresh = cur === indent || cur === cont;
      if (!fresh && cur.length + 1 + w.length > width) {
        out.push(cur);
        cur = cont + w;
      } else cur = fresh ? cur + w : `${cur} ${w}`;
    }
    out.push(cur);
  }
  return out.join('\n');
}
