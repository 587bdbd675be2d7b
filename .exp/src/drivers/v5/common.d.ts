/** Rules a deliberately broken variant of a v5.x reference driver leaves out. */
export interface V5DriverBugs {
    /** unbind() does not wait for device faults in flight (the reference drivers before #9). */
    no_unbind_fence?: boolean;
    /**
     * v5.2 only: release mmap_sem after every hmm_range_fault error, -EAGAIN included (the 5.3
     * pattern, wrong on 5.2 where -EAGAIN means the fault already released it).
     */
    unlock_after_eagain?: boolean;
}
/** flags[HMM_PFN_VALID], flags[HMM_PFN_WRITE], flags[HMM_PFN_DEVICE_PRIVATE]. */
export declare const DEVICE_PFN_FLAGS: readonly bigint[];
/** values[HMM_PFN_ERROR], values[HMM_PFN_NONE], values[HMM_PFN_SPECIAL]. */
export declare const DEVICE_PFN_VALUES: readonly bigint[];
/** Where the pfn sits in a device entry. */
export declare const DEVICE_PFN_SHIFT = 6;
export declare const ALL_FLAGS_MASK = 18446744073709551615n;
export interface RangeLike {
    start: number;
    end: number;
    pfns: BigUint64Array;
    flags: readonly bigint[];
    values: readonly bigint[];
    default_flags: bigint;
    pfn_flags_mask: bigint;
    pfn_shift: number;
}
/** Put the request (read, and write) back into the range's one entry before a new attempt. */
export declare function rearm_fault_range(range: RangeLike, write: boolean): void;
/** Fill a range for the device page containing `addr`, requesting read (and write). */
export declare function fill_fault_range(range: RangeLike, addr: number, write: boolean): void;
