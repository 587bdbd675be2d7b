/*
 * Worker side of the CLI: runs one command line with the explorer's progress beacon installed.
 * Output goes to main.ts as ordered messages (not through the worker's forwarded stdio, which
 * may still be in flight when the worker exits), followed by the exit code.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setHeartbeat } from '../kernel/index.js';
import { runProgram } from './program.js';
const port = parentPort;
const data = workerData;
setHeartbeat(data.heartbeat, 1);
function redirect(stream, key) {
    stream.write = ((chunk, ...rest) => {
        port.postMessage({ [key]: typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8') });
        const cb = rest.find((x) => typeof x === 'function');
        cb?.();
        return true;
    });
}
redirect(process.stdout, 'out');
redirect(process.stderr, 'err');
const code = await runProgram(data.argv);
port.postMessage({ code });
