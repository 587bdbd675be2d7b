/*
 * Checkpoints of a long exploration (`explore --checkpoint FILE`): between two executions the
 * search state (the dpor tree with its backtrack and sleep sets), the counters and the
 * distinct violations found so far are written to FILE, atomically (a temporary file renamed
 * over it), so a kill -9 at any moment leaves the previous checkpoint or the new one, never
 * half of one. The same command started again resumes from it and ends with the counts of an
 * uninterrupted run. A checkpoint of another scenario, design or set of options is refused.
 */

import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

export class CheckpointError extends Error {}

export interface CheckpointState {
  version: 1;
  /** What the exploration is: scenario, design, strategy and the options that shape the tree. */
  key: string;
  executions: number;
  steps: number;
  violating: number;
  elapsedMs: number;
  violations: unknown[];
  strategy: unknown;
}

export function loadCheckpoint(file: string, key: string): CheckpointState | null {
  if (!existsSync(file)) {
    // Find out now, not after the first interval of work, that it cannot be written (a
    // temporary file only: a kill now leaves no empty checkpoint behind).
    rmSync(writeTemporary(file, ''), { force: true });
    return null;
  }
  let st: CheckpointState;
  try {
    st = JSON.parse(readFileSync(file, 'utf8')) as CheckpointState;
  } catch {
    throw new CheckpointError(`checkpoint ${file} is not a checkpoint of hmmsim (remove it to start over)`);
  }
  if (st.version !== 1 || typeof st.key !== 'string') throw new CheckpointError(`checkpoint ${file} is not a checkpoint of hmmsim (remove it to start over)`);
  if (st.key !== key) throw new CheckpointError(`checkpoint ${file} belongs to another exploration (${describe(st.key)}), not ${describe(key)}: remove it to start over`);
  return st;
}

function describe(key: string): string {
  try {
    const k = JSON.parse(key) as Record<string, unknown>;
    return Object.entries(k)
      .filter(([, v]) => v !== null && v !== false)
      .map(([n, v]) => `${n} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(', ');
  } catch {
    return key;
  }
}

export function saveCheckpoint(file: string, st: CheckpointState): void {
  const tmp = writeTemporary(file, JSON.stringify(st));
  try {
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw cannotWrite(file, e);
  }
}

/** Write `text` to the temporary file next to `file` (returned); a failure is the user's to fix. */
function writeTemporary(file: string, text: string): string {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw cannotWrite(file, e);
  }
  return tmp;
}

function cannotWrite(file: string, e: unknown): CheckpointError {
  const why = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
  return new CheckpointError(`cannot write checkpoint ${file} (${why})`);
}

export function removeCheckpoint(file: string): void {
  rmSync(file, { force: true });
}
