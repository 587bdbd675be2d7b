import { KObj, Mutex, RwSemaphore, type Sched } from '../../kernel/index.js';
import { type MmStruct } from '../../mm/index.js';
import { HmmMirror } from '../../hmm/v5.2/hmm.js';
import { type DeviceOps, type SimDevice } from '../device.js';
import type { MirrorDriver } from '../mirror_driver.js';
import { type V5DriverBugs } from './common.js';
export declare class V52MirrorDriver extends KObj implements MirrorDriver, DeviceOps {
    readonly device: SimDevice;
    /** Rules a deliberately broken variant leaves out (see V5DriverBugs). */
    readonly bugs: V5DriverBugs;
    readonly design = "v5.2";
    mm: MmStruct | null;
    readonly mirror: HmmMirror;
    /** drv->update: serialises device page-table updates with sync_cpu_device_pagetables. */
    readonly update: Mutex;
    dying: boolean;
    /** Skip the validity check under the lock (a buggy driver, for the README example). */
    skip_valid_check: boolean;
    /** hmm_range_fault() calls that returned -EAGAIN (mmap_sem released by the fault). */
    eagain: number;
    /**
     * driver->teardown: every device fault holds it for read from start to end; unbind takes it
     * for write, so no fault is still running when the mirror goes.
     */
    readonly teardown: RwSemaphore;
    constructor(device: SimDevice, 
    /** Rules a deliberately broken variant leaves out (see V5DriverBugs). */
    bugs?: V5DriverBugs);
    bind(mm: MmStruct): Sched<number>;
    fault(_dev: SimDevice, addr: number, write: boolean): Sched<number>;
    device_fault(addr: number, write: boolean): Sched<number>;
    private device_fault_fenced;
    /**
     * Stop the device's faults, wait for those already running (they hold `teardown` for read),
     * mark the driver dying and zap under the update lock, and only then unregister the mirror:
     * after that nothing keeps the hmm or the mm struct alive for a fault still in flight.
     */
    unbind(): Sched;
    /** The driver frees the structure embedding the mirror (after unbind). */
    destroy(): void;
}
