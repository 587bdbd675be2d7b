import { type Sched } from '../kernel/index.js';
import { type MmStruct } from './mm_struct.js';
import { type Page } from './page.js';
/**
 * make_device_exclusive(mm, addr, owner): the pfn now mapped for exclusive device access and
 * its folio (locked, with a reference for the caller), or a negative errno (-EOPNOTSUPP for a
 * page that is not anonymous, or what GUP failed with).
 */
export declare function make_device_exclusive(mm: MmStruct, addr: number, owner: unknown): Sched<{
    pfn: number;
    folio: Page;
} | number>;
/** What the caller does when done with the folio make_device_exclusive returned. */
export declare function device_exclusive_done(folio: Page): Sched;
