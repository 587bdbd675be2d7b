import { Mutex, RwSemaphore, type Sched } from '../../kernel/index.js';
import { MmuIntervalNotifier } from '../../mm/interval_notifier.js';
import { type MmStruct } from '../../mm/index.js';
import { type SimDevice } from '../device.js';
import type { MirrorDriver } from '../mirror_driver.js';
/** Rules a deliberately broken variant of the driver leaves out. */
export interface V6DriverBugs {
    /** Program the device without the read_retry check under the lock. */
    no_read_retry?: boolean;
    /** Take the driver lock with mutex_lock even for a non-blockable range (may sleep). */
    sleep_in_nonblock?: boolean;
    /** Call mmu_interval_notifier_remove from the invalidate callback. */
    remove_in_invalidate?: boolean;
    /** Do not call mmu_interval_set_seq in the invalidate callback. */
    no_set_seq?: boolean;
    /** The invalidate callback takes no lock: set_seq and the zap run unserialised with faults. */
    invalidate_unlocked?: boolean;
    /** Program the device after dropping the driver lock (read_retry checked under it). */
    map_after_unlock?: boolean;
    /** unbind() does not wait for device faults in flight (the reference driver before #9). */
    no_unbind_fence?: boolean;
}
export declare class V6MirrorDriver implements MirrorDriver {
    readonly device: SimDevice;
    readonly bugs: V6DriverBugs;
    readonly design = "v6";
    readonly update: Mutex;
    /** Held for read by every device fault, for write by unbind (waits for faults in flight). */
    readonly teardown: RwSemaphore;
    readonly notifier: MmuIntervalNotifier;
    mm: MmStruct | null;
    /** Set by unbind under `update`: a fault in flight must not program the device any more. */
    dead: boolean;
    /** dev_private_owner for hmm_range_fault: device-private pages of this device are reported. */
    readonly owner: object;
    /** Completed device faults, and -EBUSY retries taken (tests, reports). */
    faults: number;
    retries: number;
    constructor(device: SimDevice, bugs?: V6DriverBugs);
    bind(mm: MmStruct): Sched<number>;
    device_fault(addr: number, write: boolean): Sched<number>;
    unbind(): Sched;
}
/** One device page fault at `addr` (the §3.3 [5.5]+ pattern), over `npages` pages from there. */
export declare function v6_device_fault(drv: V6MirrorDriver, addr: number, write: boolean, npages?: number): Sched<number>;
