import { type Sched, type Thread } from '../kernel/index.js';
import { type MmStruct } from './mm_struct.js';
/** __oom_reap_task_mm(): false if some VMA had to be skipped (-EAGAIN). */
export declare function __oom_reap_task_mm(mm: MmStruct): Sched<boolean>;
/** oom_reap_task_mm(): one attempt; false means "try again later". */
export declare function oom_reap_task_mm(mm: MmStruct): Sched<boolean>;
/** oom_reap_task(): up to `attempts` tries, sleeping 100 ms between; then MMF_OOM_SKIP. */
export declare function oom_reap_task(mm: MmStruct, attempts?: number): Sched<boolean>;
/**
 * mark_oom_victim() + wake_oom_reaper(): pin the struct (mmgrab) and start the reaper thread
 * "oom_reaper", which reaps and then mmdrops. Returns the thread.
 */
export declare function oom_kill_mm(mm: MmStruct, attempts?: number): Sched<Thread>;
