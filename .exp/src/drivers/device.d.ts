import { type Sched } from '../kernel/index.js';
import { type MmStruct, type Page } from '../mm/index.js';
/** One device page-table entry. */
export declare class DevicePte {
    readonly va: number;
    readonly pfn: number;
    /** The folio holding the data the device reaches (re-pointed when the core splits it). */
    page: Page;
    write: boolean;
    /** Who programmed it, for reports. */
    readonly by: string;
    readonly step: number;
    /**
     * For device memory the driver keeps elsewhere (dmirror's backing pages): the ZONE_DEVICE
     * folio the CPU page table maps at this address, which `page` stands for. Null otherwise.
     */
    dev_page: Page | null;
    /** Mapped for atomic (device-exclusive) access: the CPU entry is a device-exclusive one. */
    readonly atomic: boolean;
    /** Set when the CPU dropped its last mapping of `page` while this entry still pointed at it. */
    doomed: boolean;
    /**
     * Set when the check found a migration entry at this address: the CPU cannot reach the
     * page, and the entry is checked again when the migration entry is replaced (by the new
     * page, or by the old one when the migration failed).
     */
    migrating: boolean;
    constructor(va: number, pfn: number, 
    /** The folio holding the data the device reaches (re-pointed when the core splits it). */
    page: Page, write: boolean, 
    /** Who programmed it, for reports. */
    by: string, step: number, 
    /**
     * For device memory the driver keeps elsewhere (dmirror's backing pages): the ZONE_DEVICE
     * folio the CPU page table maps at this address, which `page` stands for. Null otherwise.
     */
    dev_page?: Page | null, 
    /** Mapped for atomic (device-exclusive) access: the CPU entry is a device-exclusive one. */
    atomic?: boolean);
    /** The device pfn `dev_page` stands for at this address (-1 without one). */
    readonly dev_pfn: number;
}
/** How an entry is programmed beyond address, pfn and write (device memory, atomic access). */
export interface DeviceMapFlags {
    /** The ZONE_DEVICE folio the programmed page stands for (see DevicePte.dev_page). */
    device_page?: Page;
    /** Exclusive (atomic) access: the driver made the CPU entry device-exclusive first. */
    atomic?: boolean;
}
/** The driver side of the device: its page-fault handler. */
export interface DeviceOps {
    /** Device page fault at `addr`: make a translation (or fail with a negative errno). */
    fault(dev: SimDevice, addr: number, write: boolean): Sched<number>;
}
export declare class SimDevice {
    readonly name: string;
    /** Virtual page number -> entry. Change it only through pt_set / pt_delete / pt_clear. */
    readonly pt: Map<number, DevicePte>;
    /** Folio -> how many entries name it (as page or dev_page): frees and splits look here. */
    readonly refs: Map<Page, number>;
    mm: MmStruct | null;
    ops: DeviceOps | null;
    /** Counters (tests, benchmarks). */
    faults: number;
    hits: number;
    maps: number;
    zaps: number;
    constructor(name: string);
    toString(): string;
}
/** Create a device (in scenario set-up or in a thread). */
export declare function device_create(name: string): SimDevice;
/** Every device of the running execution. */
export declare function devices(): readonly SimDevice[];
/**
 * The driver attaches its fault handler and the address space the device mirrors: one step
 * (the device may fault as soon as it is done).
 */
export declare function device_bind(dev: SimDevice, mm: MmStruct, ops: DeviceOps): Sched;
/**
 * The driver stops the device's page faults (later accesses miss with -EFAULT): one step. A
 * fault handler already running is not stopped; the driver must wait for it itself.
 */
export declare function device_unbind(dev: SimDevice): Sched;
/** The translation for `addr`, if any (no scheduling point). */
export declare function device_lookup(dev: SimDevice, addr: number): DevicePte | undefined;
/** Number of valid translations. */
export declare function device_nr_entries(dev: SimDevice): number;
/**
 * Program the translation addr -> pfn (the driver holds its update lock): one step. Replaces
 * any previous entry for that page. Checked: the page must be alive, and the CPU must agree
 * unless an invalidation covering addr is still running (then its end checks it).
 */
export declare function device_map(dev: SimDevice, addr: number, pfn: number, write: boolean, flags?: DeviceMapFlags): Sched;
/** Remove the translations of [start, end) (one step); returns how many were removed. */
export declare function device_zap(dev: SimDevice, start: number, end: number): Sched<number>;
/** Remove every translation (release, unbind): one step. */
export declare function device_zap_all(dev: SimDevice): Sched<number>;
/**
 * One device access (read or write) of `addr`: a scheduling point. On a miss (or a write
 * through a read-only translation) the device faults into its driver and retries. Returns 0,
 * or the driver's negative errno (-EFAULT when no driver is bound).
 */
export declare function device_access(dev: SimDevice, addr: number, write: boolean): Sched<number>;
/**
 * A driver's device reaches memory through `pte` (drivers that walk their page table
 * themselves call this for each page they touch, inside the step that touches it): a freed
 * page is a use-after-free, and a write to a page the CPU has frozen for migration can be lost
 * (the copy may be made already).
 */
export declare function device_touch(dev: SimDevice, pte: DevicePte, write: boolean): void;
