import { type Sched } from '../../kernel/index.js';
import { type MmStruct, type TaskStruct } from '../../mm/index.js';
import { type SimDevice } from '../../drivers/device.js';
import { type MirrorDriver, type ReferenceDriverBugs } from '../../drivers/mirror_driver.js';
export interface World {
    design: string;
    task: TaskStruct;
    mm: MmStruct;
    /** Start of the populated anonymous area: page i is at addr + i * PAGE_SIZE. */
    addr: number;
    devs: SimDevice[];
    drivers: MirrorDriver[];
}
export declare function page_addr(w: World, i: number): number;
/** Build the world: `pages` populated pages (none: no mapping), `ndev` bound devices, optional pre-mapped pages. */
export declare function world_init(design: string, pages: number, ndev: number, premap?: Array<[number, number, boolean]>, given?: TaskStruct | null, bugs?: ReferenceDriverBugs): Sched<World>;
/** Device `d` accesses page `page` of the world's area (a device fault if it has no entry). */
export declare function gpu_access(w: World, d: number, page: number, write: boolean): Sched<number>;
