import { type Sched } from '../kernel/index.js';
import type { Page } from './page.js';
/** folio_add_lru(): into the running CPU's batch (PG_lru set when the batch drains). */
export declare function folio_add_lru(page: Page): void;
/** folio_test_lru(). */
export declare function folio_test_lru(page: Page): boolean;
/**
 * lru_add_drain_all(): queue the drain work on every CPU whose batch is not empty (mm_percpu_wq),
 * then wait for each. Sleeps.
 */
export declare function lru_add_drain_all(): Sched;
