/*
 * The design-neutral face of a mirror driver: what a scenario needs to drive a device that
 * mirrors a process address space, whatever HMM generation sits underneath.
 *
 *   bind(mm)                 start mirroring `mm` (the caller holds an mm_users reference, as
 *                            the ioctl of a live process would); 0 or a negative errno.
 *   device_fault(addr, w)    the device's page fault: make the translation for addr (the
 *                            documented pattern of the design); 0 or a negative errno.
 *   unbind()                 stop mirroring: no device access to the mm after it returns.
 *
 * Scenarios written against this interface run on every design the factory knows: adding a
 * design to `referenceDriver` (and to a scenario's `designs`) gives the scenario a new column.
 */
import { V52MirrorDriver } from './v5/driver_v5_2.js';
import { V53MirrorDriver } from './v5/driver_v5_3.js';
import { V6MirrorDriver, v6_device_fault } from './v6/driver_v6.js';
/* The reference driver classes themselves, for users who extend or compare with them. */
export { V52MirrorDriver, V53MirrorDriver, V6MirrorDriver, v6_device_fault };
/** Designs with a reference driver. */
export const MIRROR_DRIVER_DESIGNS = ['v5.2', 'v5.3', 'v6'];
/**
 * The reference driver of `design` for `device` (binds the device's fault path on bind()).
 * `bugs` selects a deliberately broken variant, for the scenarios that show what it breaks.
 */
export function referenceDriver(design, device, bugs = {}) {
    switch (design) {
        case 'v5.2':
            return new V52MirrorDriver(device, bugs);
        case 'v5.3':
            return new V53MirrorDriver(device, bugs);
        case 'v6':
            return new V6MirrorDriver(device, bugs);
        default:
            throw new Error(`no reference mirror driver for design '${design}'`);
    }
}
