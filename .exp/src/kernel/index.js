/*
 * The model kernel runtime, as one import for model code:
 *   import { mutex_lock, Mutex, kmalloc, ... } from '../kernel/index.js';
 */
export * from './report.js';
export { cur, note, lone_point, lone_points, completed, DONE, finished_value, finish_now, NOT_FINISHED, setHeartbeat, currentHeartbeat, interrupted, setInterrupted, js_frames, LIMIT_CHECK_STEPS, Execution, 
// For sleeping primitives defined outside the runtime (the folio lock): sleep on a Waitable
// after the step's operation, and wake the sleepers of one.
block, wakeAll, } from './sched.js';
export * from './step.js';
export { function_location } from './source_location.js';
export * from './kasan.js';
export * from './lockdep.js';
export * from './gfp.js';
export * from './lock.js';
export * from './mutex.js';
export * from './spinlock.js';
export * from './rwsem.js';
export * from './wait.js';
export * from './completion.js';
export * from './workqueue.js';
export * from './atomic.js';
export * from './kref.js';
export * from './srcu.js';
export * from './rcu.js';
export * from './bug.js';
export * from './callback.js';
export * from './fault_inject.js';
export * from './slab.js';
export * from './signal.js';
export * from './xarray.js';
export * from './thread.js';
export * from './cpu.js';
