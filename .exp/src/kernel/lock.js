/*
 * What every lock of the runtime shares: its lockdep class, the structure it is embedded in
 * (so taking a lock inside a freed object is a use-after-free) and a label for reports, e.g.
 * "hmm#1->lock" for a lock of class "hmm->lock" in the first struct hmm of the execution.
 */
export function lock_label(cls, owner) {
    return owner ? `${owner.__label}->${cls.replace(/^.*(->|\.)/, '')}` : cls;
}
/** A lock with at most one holder (mutex, spinlock). */
export class ExclusiveLock {
    cls;
    owner;
    holder = null;
    waiters = [];
    label;
    /**
     * @param cls lockdep class, e.g. "hmm->lock"
     * @param owner the structure this lock is embedded in (a use after its free is reported)
     */
    constructor(cls, owner = null) {
        this.cls = cls;
        this.owner = owner;
        this.label = lock_label(cls, owner);
    }
    holders() {
        return this.holder ? this.holder.name : 'nobody';
    }
}
