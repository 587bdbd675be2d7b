import { ExclusiveLock } from './lock.js';
import { type Sched } from './sched.js';
export declare class Mutex extends ExclusiveLock {
}
export declare function mutex_lock(m: Mutex): Sched;
export declare function mutex_trylock(m: Mutex): Sched<boolean>;
export declare function mutex_unlock(m: Mutex): Sched;
export declare function mutex_is_locked(m: Mutex): boolean;
