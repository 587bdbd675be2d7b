/*
 * Worker side of the CLI: runs one command line with the explorer's progress beacon installed,
 * and reports the exit code to main.ts.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { setHeartbeat } from '../kernel/index.js';
import { runProgram } from './program.js';

const data = workerData as { argv: string[]; heartbeat: SharedArrayBuffer };
setHeartbeat(new Int32Array(data.heartbeat));
const code = await runProgram(data.argv);
parentPort!.postMessage({ code });
