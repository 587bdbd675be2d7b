import { type Sched } from '../../kernel/index.js';
import { type SimDevice } from '../../drivers/device.js';
import { V6MirrorDriver, type V6DriverBugs } from '../../drivers/v6/driver_v6.js';
import { type MmStruct, type TaskStruct } from '../../mm/index.js';
import { type Scenario } from '../types.js';
/** What init builds for the actors. */
export interface V6World {
    task: TaskStruct;
    mm: MmStruct;
    addr: number;
    dev: SimDevice;
    drv: V6MirrorDriver;
}
type Actors = (w: V6World) => void;
/** The process maps `pages` RW anonymous pages, writes each, and binds the v6 driver. */
export declare function v6_init(pages: number, bugs: V6DriverBugs, actors: Actors, fork?: boolean): Sched;
export declare const v6DeferredInsertRemove: Scenario;
export declare const v6RemoveInCallback: Scenario;
export declare const v6NoReadRetry: Scenario;
export declare const v6ReadRetry: Scenario;
export declare const v6AbaNoSetSeq: Scenario;
export declare const v6OomSleep: Scenario;
export declare const v6OomTrylock: Scenario;
export declare const v6ExitDuringFault: Scenario;
export declare const v6MapAfterUnlock: Scenario;
export declare const v6InvalidateUnlocked: Scenario;
export declare const v6OomItreeClassicEagain: Scenario;
export declare const v6Scenarios: Scenario[];
export {};
