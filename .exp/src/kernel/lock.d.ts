import type { KObj } from './kasan.js';
import type { LockBase } from './lockdep.js';
import type { Thread } from './sched.js';
export declare function lock_label(cls: string, owner: KObj | null): string;
/** A lock with at most one holder (mutex, spinlock). */
export declare abstract class ExclusiveLock implements LockBase {
    readonly cls: string;
    readonly owner: KObj | null;
    holder: Thread | null;
    readonly waiters: Thread[];
    readonly label: string;
    /**
     * @param cls lockdep class, e.g. "hmm->lock"
     * @param owner the structure this lock is embedded in (a use after its free is reported)
     */
    constructor(cls: string, owner?: KObj | null);
    holders(): string;
}
