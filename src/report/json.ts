/* JSON shapes of explore and replay (a contract other tools rely on; see the CLI issue). */

import type { ExecutionResult } from '../kernel/index.js';
import type { ExploreResult } from '../explore/run.js';

export function exploreJson(r: ExploreResult): object {
  return {
    scenario: r.scenario,
    design: r.design,
    strategy: r.strategy,
    executions: r.executions,
    steps: r.steps,
    exhausted: r.exhausted,
    stopReason: r.stopReason,
    elapsedMs: r.elapsedMs,
    bounds: r.bounds,
    violations: r.violations.map((v) => ({ kind: v.kind, message: v.message, token: v.token, thread: v.thread, step: v.step, ...(v.shrunk ? { shrunk: v.shrunk } : {}) })),
    ...(r.dpor ? { dpor: r.dpor } : {}),
    ...(r.shard ? { shard: r.shard } : {}),
  };
}

export function replayJson(scenario: string, design: string, token: string, res: ExecutionResult, elapsedMs: number): object {
  return {
    scenario,
    design,
    strategy: 'replay',
    executions: 1,
    steps: res.steps,
    exhausted: false,
    elapsedMs,
    violations: res.violations.map((v) => ({ kind: v.kind, message: v.message, token, thread: v.thread, step: v.step, title: v.title, detail: v.detail })),
    interleaving: res.events.map((e) => ({ step: e.step + 1, thread: e.thread, op: e.op, obj: e.obj, where: e.where })),
    trace: res.trace,
  };
}
