import type { Mutex } from './mutex.js';
import type { RwSemaphore } from './rwsem.js';
import { type Sched, type Thread } from './sched.js';
/** fatal_signal_pending(t): t has a SIGKILL pending. */
export declare function fatal_signal_pending(t?: Thread): boolean;
/** Send SIGKILL to `t` (one step); a killable sleeper wakes up. */
export declare function send_sig_kill(t: Thread): Sched;
/** down_read_killable(): 0 with the lock held for read, or -EINTR if a fatal signal is (or becomes) pending first. */
export declare function down_read_killable(s: RwSemaphore): Sched<number>;
/** mutex_lock_killable(): 0 with the mutex held, or -EINTR. */
export declare function mutex_lock_killable(m: Mutex): Sched<number>;
