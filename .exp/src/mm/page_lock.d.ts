import { type Sched } from '../kernel/index.js';
import type { Page } from './page.js';
/** Who holds a folio's lock (reports): a thread name, or undefined. */
export declare function folio_lock_holder(page: Page): string | undefined;
export declare function folio_test_locked(page: Page): boolean;
/** The trylock inside another step (under the page-table lock): true if it took the lock. */
export declare function __folio_trylock(page: Page): boolean;
/** folio_trylock(): one attempt, a step of its own. */
export declare function folio_trylock(page: Page): Sched<boolean>;
/** folio_lock(): sleep until the folio's lock is free, then take it. */
export declare function folio_lock(page: Page): Sched;
/** folio_wait_locked(): sleep until the folio is unlocked (do not take it). */
export declare function folio_wait_locked(page: Page): Sched;
/** The unlock inside another step. Unlocking a folio that is not locked is a kernel BUG. */
export declare function __folio_unlock(page: Page): void;
/** folio_unlock(): drop the lock and wake the waiters; a step of its own. */
export declare function folio_unlock(page: Page): Sched;
