import { type SimDevice } from '../device.js';
/** struct dmirror_bounce. */
export interface Bounce {
    ptr: Uint8Array;
    size: number;
    addr: number;
    cpages: number;
}
/** dmirror_bounce_init(): null when the buffer cannot be had (-ENOMEM). */
export declare function dmirror_bounce_init(addr: number, size: number): Bounce | null;
/** dmirror_bounce_fini(): the buffer goes back (vfree). */
export declare function dmirror_bounce_fini(bounce: Bounce): void;
/** dmirror_do_read(): every page of [start, end) into the bounce buffer; -ENOENT at the first missing entry. */
export declare function dmirror_do_read(pt: SimDevice, start: number, end: number, bounce: Bounce): number;
/**
 * dmirror_do_write(): the bounce buffer into every page of [start, end). Only an entry tagged
 * exactly WRITE lets the device write (read-only and ATOMIC entries count as missing: -ENOENT,
 * and the caller faults for write).
 */
export declare function dmirror_do_write(pt: SimDevice, start: number, end: number, bounce: Bounce): number;
