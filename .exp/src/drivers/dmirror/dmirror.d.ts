import { KObj, Mutex, type Sched } from '../../kernel/index.js';
import { type File } from '../../mm/filemap.js';
import { MmuIntervalNotifier } from '../../mm/interval_notifier.js';
import { type MmStruct } from '../../mm/mm_struct.js';
import { type SimDevice } from '../device.js';
import { Devmem } from './devmem.js';
import type { UserAccess } from './uaccess.js';
export declare const DMIRROR_NDEVICES = 4;
export declare const DPT_XA_TAG_ATOMIC = 1;
export declare const DPT_XA_TAG_WRITE = 3;
/** The driver's on-stack pfns[32] (the newest test_hmm.c): fault and snapshot walk the range in pieces this big. */
export declare const DMIRROR_RANGE_PFNS = 32;
export declare const dmirror_fault_injection: {
    /** The invalidate callback forgets mmu_interval_set_seq(). */
    skip_set_seq: boolean;
    /** The fault path programs the device without mmu_interval_read_retry(). */
    skip_read_retry: boolean;
    /** dmirror_mkentry() reports every valid page as READ (wrong snapshot encoding). */
    snapshot_always_read: boolean;
};
export declare class DmirrorDevice {
    readonly id: number;
    /** HMM_DMIRROR_MEMORY_DEVICE_PRIVATE or _COHERENT. */
    readonly zone_device_type: number;
    /** Chunks, free lists and their locks (devmem.ts). */
    devmem: Devmem;
    constructor(id: number, 
    /** HMM_DMIRROR_MEMORY_DEVICE_PRIVATE or _COHERENT. */
    zone_device_type: number);
    get name(): string;
    toString(): string;
}
export interface DmirrorModuleParams {
    /** spm_addr_dev0 && spm_addr_dev1 given: devices 2 and 3 (coherent) exist (default on). */
    spm: boolean;
    /**
     * Model only, not a module parameter: pages per device-memory chunk (default
     * DEVMEM_CHUNK_PAGES, 256 MiB). Explorations on a reduced size use a few pages.
     */
    chunk_pages: number;
}
/** Module parameters for this execution (call before the first open). */
export declare function dmirror_module_params(p: Partial<DmirrorModuleParams>): void;
/** hmm_dmirror_init(): the device nodes of this execution (created on first use). */
export declare function dmirror_devices(): (DmirrorDevice | null)[];
export declare class Dmirror extends KObj {
    readonly mdevice: DmirrorDevice;
    /** dmirror->flags: HMM_DMIRROR_FLAG_* set by the FLAGS ioctl. */
    flags: number;
    readonly mutex: Mutex;
    readonly notifier: MmuIntervalNotifier;
    /** dmirror->pt, with the simulated device's checks. */
    readonly pt: SimDevice;
    constructor(mdevice: DmirrorDevice);
}
/** What the process layer needs of an open device file. */
export interface DeviceFile {
    readonly file: File;
    ioctl(request: number, arg: unknown, ua: UserAccess): Sched<number>;
    release(): Sched;
}
declare class DmirrorFile implements DeviceFile {
    readonly mdevice: DmirrorDevice;
    /** filp->private_data */
    dmirror: Dmirror | null;
    readonly file: File;
    constructor(mdevice: DmirrorDevice, 
    /** filp->private_data */
    dmirror: Dmirror | null);
    ioctl(request: number, arg: unknown, ua: UserAccess): Sched<number>;
    release(): Sched;
}
/**
 * open() of a device node by path, as `mm`'s process. Returns the open file, a negative errno
 * from the driver, or null when no such node exists.
 */
export declare function dmirror_open_path(path: string, task: {
    mm: MmStruct | null;
}, _ua: UserAccess): Sched<DeviceFile | number | null>;
/** dmirror_fops_open(): a new mirror of the opener's address space. */
export declare function dmirror_fops_open(mdevice: DmirrorDevice, mm: MmStruct): Sched<DeviceFile | number>;
/** dmirror_fops_release(): the last close. */
export declare function dmirror_fops_release(filp: DmirrorFile): Sched;
/** dmirror_fault(): make the device page table cover [start, end), 32 pages at a time. */
export declare function dmirror_fault(dmirror: Dmirror, start: number, end: number, write: boolean): Sched<number>;
/** dmirror_mkentry(): the snapshot byte for one hmm pfn. */
export declare function dmirror_mkentry(dmirror: Dmirror, entry: bigint): number;
export {};
