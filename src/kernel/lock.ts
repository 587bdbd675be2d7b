/*
 * What every lock of the runtime shares: its lockdep class, the structure it is embedded in
 * (so taking a lock inside a freed object is a use-after-free) and a label for reports, e.g.
 * "hmm#1->lock" for a lock of class "hmm->lock" in the first struct hmm of the execution.
 */

import type { KObj } from './kasan.js';
import type { LockBase } from './lockdep.js';
import type { Thread } from './sched.js';

export function lock_label(cls: string, owner: KObj | null): string {
  return owner ? `${owner.__label}->${cls.replace(/^.*(->|\.)/, '')}` : cls;
}

/** A lock with at most one holder (mutex, spinlock). */
export abstract class ExclusiveLock implements LockBase {
  holder: Thread | null = null;
  readonly waiters: Thread[] = [];
  readonly label: string;
  /**
   * @param cls lockdep class, e.g. "hmm->lock"
   * @param owner the structure this lock is embedded in (a use after its free is reported)
   */
  constructor(
    readonly cls: string,
    readonly owner: KObj | null = null,
  ) {
    this.label = lock_label(cls, owner);
  }
  holders(): string {
    return this.holder ? this.holder.name : 'nobody';
  }
}
