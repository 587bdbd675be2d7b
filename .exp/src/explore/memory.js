/*
 * The memory guard: an exploration that would exhaust the JavaScript heap (a dfs stack over
 * millions of steps, a recorded replay of a huge execution, page contents of a scenario that
 * maps more than the machine has) stops with a one-line error before the heap does. Called at
 * scheduling points every few tens of thousands of steps and between executions.
 */
import { getHeapStatistics } from 'node:v8';
import { ExplorationStop } from '../kernel/index.js';
/** Stop when the heap is this full (of its limit, which also counts the young generation). */
const HEAP_FRACTION = 0.7;
/** Memory outside the heap (page contents in typed arrays) allowed, in bytes. */
const EXTERNAL_LIMIT = Number(process.env['HMMSIM_MAX_EXTERNAL_MB'] ?? '8192') * 2 ** 20;
export function memory_guard() {
    const h = getHeapStatistics();
    if (h.used_heap_size > HEAP_FRACTION * h.heap_size_limit) {
        throw new ExplorationStop('memory', `out of memory: the JavaScript heap holds ${mb(h.used_heap_size)} of its ${mb(h.heap_size_limit)} limit (smaller scenario, lower --steps, or node --max-old-space-size)`);
    }
    const ext = h.external_memory;
    if (ext > EXTERNAL_LIMIT) {
        throw new ExplorationStop('memory', `out of memory: page contents and buffers hold ${mb(ext)}, more than HMMSIM_MAX_EXTERNAL_MB (${mb(EXTERNAL_LIMIT)})`);
    }
}
function mb(n) {
    return `${Math.round(n / 2 ** 20)} MiB`;
}
