/* A `hmmsim check` worker: computes one verdict per message (see check_pool.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { setHeartbeat } from '../kernel/index.js';
import { verdict } from '../explore/verdict.js';
import { summarize } from './check_pool.js';
import { resolveScenario } from './scenario_source.js';
const port = parentPort;
const { heartbeat: hb, slot } = workerData;
if (hb)
    setHeartbeat(hb, slot);
port.on('message', (m) => {
    void (async () => {
        try {
            const sc = await resolveScenario(m.job.scenario);
            port.postMessage({ i: m.i, summary: summarize(verdict(sc, m.job.design)) });
        }
        catch (e) {
            port.postMessage({ i: m.i, error: `${m.job.scenario} on ${m.job.design}: ${e instanceof Error ? e.message : String(e)}` });
        }
    })();
});
