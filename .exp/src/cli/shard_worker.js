/* A worker of `explore --jobs N`: explores its part and sends back its JSON (shard_commands.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { setHeartbeat } from '../kernel/index.js';
import { explore } from '../explore/run.js';
import { leaveSharing } from '../explore/steal.js';
import { exploreJson } from '../report/json.js';
import { resolveScenario } from './scenario_source.js';
const port = parentPort;
const d = workerData;
if (d.heartbeat)
    setHeartbeat(d.heartbeat, d.slot);
try {
    const sc = await resolveScenario(d.scenario);
    const opts = { ...d.opts, executions: d.opts.executions ?? Infinity };
    port.postMessage({ json: exploreJson(explore(d.opts.stepBudget !== undefined ? { ...sc, stepBudget: d.opts.stepBudget } : sc, d.design, opts)) });
}
catch (e) {
    // The run fails: the others stop at their next execution instead of finishing their parts.
    if (d.opts.shared !== undefined)
        Atomics.store(d.opts.shared, 0, 1);
    port.postMessage({ error: `${d.scenario} on ${d.design}: ${e instanceof Error ? e.message : String(e)}` });
}
finally {
    // dfs, dpor: the others stop waiting for work from this worker.
    if (d.opts.shared !== undefined && d.opts.shard !== undefined)
        leaveSharing(d.opts.shared, d.opts.shard.index, d.opts.shard.count);
}
