import { ExclusiveLock } from './lock.js';
import { type Sched } from './sched.js';
export declare class Spinlock extends ExclusiveLock {
    /** Holding one makes the thread atomic (lockdep reports name the spinlocks held). */
    readonly spin = true;
}
export declare function spin_lock(s: Spinlock): Sched;
export declare function spin_trylock(s: Spinlock): Sched<boolean>;
export declare function spin_unlock(s: Spinlock): Sched;
export declare const spin_lock_irqsave: typeof spin_lock;
export declare const spin_unlock_irqrestore: typeof spin_unlock;
export declare function assert_spin_locked(s: Spinlock, where: string): void;
