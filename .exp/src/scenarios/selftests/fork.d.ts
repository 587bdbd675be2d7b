import type { Sched } from '../../kernel/index.js';
import { type HmmSelf } from './hmm_fixture.js';
/** Device write in a child of an anonymous private mapping: copy-on-write in the child. */
export declare function anon_write_child(self: HmmSelf): Sched;
/** Device write in a child of an anonymous shared mapping: the parent sees it. */
export declare function anon_write_child_shared(self: HmmSelf): Sched;
