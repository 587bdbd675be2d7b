import type { Sched } from '../../kernel/index.js';
import { type HmmSelf } from './hmm_fixture.js';
/** Migrate a mix of page kinds to device 1; a page on device 1 is not device 0's to take. */
export declare function migrate_mixed(self: HmmSelf): Sched;
/** Snapshot of every kind of page, two of them on the two devices. */
export declare function snapshot(self: HmmSelf): Sched;
/** Two devices read the same memory; after it moves to device 1, device 0 reads it again. */
export declare function double_map(self: HmmSelf): Sched;
