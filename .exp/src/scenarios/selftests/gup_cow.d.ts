import type { Sched } from '../../kernel/index.js';
import { type HmmSelf } from './hmm_fixture.js';
/** GUP on migrated pages: any GUP faults device-private pages back; long-term pins move coherent ones out. */
export declare function hmm_gup_test(self: HmmSelf): Sched;
/** Write COW-shared device pages: private ones come back first, coherent ones are copied directly. */
export declare function hmm_cow_in_device(self: HmmSelf): Sched;
