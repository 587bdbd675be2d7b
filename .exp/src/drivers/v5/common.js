/*
 * What the v5.2 and v5.3 reference drivers share: the device's pfn encoding (the flags[] and
 * values[] tables and pfn_shift a driver hands to HMM) and a range for one device page.
 */
import { PAGE_SIZE } from '../../mm/index.js';
/** flags[HMM_PFN_VALID], flags[HMM_PFN_WRITE], flags[HMM_PFN_DEVICE_PRIVATE]. */
export const DEVICE_PFN_FLAGS = [1n << 0n, 1n << 1n, 1n << 2n];
/** values[HMM_PFN_ERROR], values[HMM_PFN_NONE], values[HMM_PFN_SPECIAL]. */
export const DEVICE_PFN_VALUES = [1n << 3n, 0n, 1n << 4n];
/** Where the pfn sits in a device entry. */
export const DEVICE_PFN_SHIFT = 6;
export const ALL_FLAGS_MASK = 0xffffffffffffffffn;
/** Put the request (read, and write) back into the range's one entry before a new attempt. */
export function rearm_fault_range(range, write) {
    range.pfns[0] = DEVICE_PFN_FLAGS[0] | (write ? DEVICE_PFN_FLAGS[1] : 0n);
}
/** Fill a range for the device page containing `addr`, requesting read (and write). */
export function fill_fault_range(range, addr, write) {
    range.start = addr - (addr % PAGE_SIZE);
    range.end = range.start + PAGE_SIZE;
    range.pfns = new BigUint64Array(1);
    range.pfns[0] = DEVICE_PFN_FLAGS[0] | (write ? DEVICE_PFN_FLAGS[1] : 0n);
    range.flags = DEVICE_PFN_FLAGS;
    range.values = DEVICE_PFN_VALUES;
    range.default_flags = 0n;
    range.pfn_flags_mask = ALL_FLAGS_MASK;
    range.pfn_shift = DEVICE_PFN_SHIFT;
}
