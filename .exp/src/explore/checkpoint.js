/*
 * Checkpoints of a long exploration (`explore --checkpoint FILE`): between two executions the
 * search state (the dpor tree with its backtrack and sleep sets), the counters and the
 * distinct violations found so far are written to FILE, atomically (a temporary file renamed
 * over it), so a kill -9 at any moment leaves the previous checkpoint or the new one, never
 * half of one. The same command started again resumes from it and ends with the counts of an
 * uninterrupted run. A checkpoint of another scenario, design or set of options is refused.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
export class CheckpointError extends Error {
}
export function loadCheckpoint(file, key) {
    if (!existsSync(file))
        return null;
    let st;
    try {
        st = JSON.parse(readFileSync(file, 'utf8'));
    }
    catch {
        throw new CheckpointError(`checkpoint ${file} is not a checkpoint of hmmsim (remove it to start over)`);
    }
    if (st.version !== 1 || typeof st.key !== 'string')
        throw new CheckpointError(`checkpoint ${file} is not a checkpoint of hmmsim (remove it to start over)`);
    if (st.key !== key)
        throw new CheckpointError(`checkpoint ${file} belongs to another exploration (${describe(st.key)}), not ${describe(key)}: remove it to start over`);
    return st;
}
function describe(key) {
    try {
        const k = JSON.parse(key);
        return Object.entries(k)
            .filter(([, v]) => v !== null && v !== false)
            .map(([n, v]) => `${n} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
            .join(', ');
    }
    catch {
        return key;
    }
}
export function saveCheckpoint(file, st) {
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(st));
    renameSync(tmp, file);
}
export function removeCheckpoint(file) {
    rmSync(file, { force: true });
}
