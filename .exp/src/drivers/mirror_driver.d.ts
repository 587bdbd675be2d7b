import type { Sched } from '../kernel/index.js';
import type { MmStruct } from '../mm/index.js';
import type { SimDevice } from './device.js';
import { V52MirrorDriver } from './v5/driver_v5_2.js';
import { V53MirrorDriver } from './v5/driver_v5_3.js';
import { V6MirrorDriver, v6_device_fault } from './v6/driver_v6.js';
export interface MirrorDriver {
    /** "v5.2", "v5.3", "v6"... */
    readonly design: string;
    readonly device: SimDevice;
    bind(mm: MmStruct): Sched<number>;
    device_fault(addr: number, write: boolean): Sched<number>;
    unbind(): Sched;
}
export { V52MirrorDriver, V53MirrorDriver, V6MirrorDriver, v6_device_fault };
export type { V6DriverBugs } from './v6/driver_v6.js';
export type { V5DriverBugs } from './v5/common.js';
/** Designs with a reference driver. */
export declare const MIRROR_DRIVER_DESIGNS: string[];
/** Rules a deliberately broken variant of a reference driver leaves out (any design). */
export interface ReferenceDriverBugs {
    /** unbind() does not wait for device faults in flight (the reference drivers before #9). */
    no_unbind_fence?: boolean;
}
/**
 * The reference driver of `design` for `device` (binds the device's fault path on bind()).
 * `bugs` selects a deliberately broken variant, for the scenarios that show what it breaks.
 */
export declare function referenceDriver(design: string, device: SimDevice, bugs?: ReferenceDriverBugs): MirrorDriver;
