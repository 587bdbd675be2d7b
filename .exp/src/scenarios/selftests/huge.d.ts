import type { Sched } from '../../kernel/index.js';
import { type HmmSelf } from './hmm_fixture.js';
/** The device writes a transparent huge page of a private anonymous mapping. */
export declare function anon_write_huge(self: HmmSelf): Sched;
/** Write a hugetlbfs page. */
export declare function anon_write_hugetlbfs(self: HmmSelf): Sched;
/** Snapshot of a hugetlb mapping: every page WRITE|PMD, then READ|PMD after mprotect. */
export declare function compound(self: HmmSelf): Sched;
