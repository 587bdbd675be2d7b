/*
 * lib/test_hmm_uapi.h in the model: the private ABI between the HMM selftests and the dmirror
 * test device. struct hmm_dmirror_cmd, the ioctl numbers (magic 'H', all _IOWR), the snapshot
 * byte values (HMM_DMIRROR_PROT_*) and the device memory types. Owns no state; no locking.
 *
 * Numbering follows the current kernel (READ 0, WRITE 1, MIGRATE_TO_DEV 2, MIGRATE_TO_SYS 3,
 * SNAPSHOT 4, EXCLUSIVE 5, CHECK_EXCLUSIVE 6, RELEASE 7, FLAGS 8); every one is implemented.
 */
export const HMM_DMIRROR_CMD_SIZE = 5 * 8;
/* asm-generic/ioctl.h encoding: dir(2) | size(14) | type(8) | nr(8). */
const _IOC_WRITE = 1;
const _IOC_READ = 2;
function _IOWR(type, nr, size) {
    return (((_IOC_READ | _IOC_WRITE) << 30) >>> 0) + (size << 16) + (type.charCodeAt(0) << 8) + nr;
}
export const HMM_DMIRROR_READ = _IOWR('H', 0x00, HMM_DMIRROR_CMD_SIZE);
export const HMM_DMIRROR_WRITE = _IOWR('H', 0x01, HMM_DMIRROR_CMD_SIZE);
export const HMM_DMIRROR_MIGRATE_TO_DEV = _IOWR('H', 0x02, HMM_DMIRROR_CMD_SIZE);
export const HMM_DMIRROR_MIGRATE_TO_SYS = _IOWR('H', 0x03, HMM_DMIRROR_CMD_SIZE);
export const HMM_DMIRROR_SNAPSHOT = _IOWR('H', 0x04, HMM_DMIRROR_CMD_SIZE);
export const HMM_DMIRROR_EXCLUSIVE = _IOWR('H', 0x05, HMM_DMIRROR_CMD_SIZE);
export const HMM_DMIRROR_CHECK_EXCLUSIVE = _IOWR('H', 0x06, HMM_DMIRROR_CMD_SIZE);
export const HMM_DMIRROR_RELEASE = _IOWR('H', 0x07, HMM_DMIRROR_CMD_SIZE);
/** Newer driver: dmirror->flags = cmd.npages (HMM_DMIRROR_FLAG_*). */
export const HMM_DMIRROR_FLAGS = _IOWR('H', 0x08, HMM_DMIRROR_CMD_SIZE);
/** FLAGS bit 0: the next allocation of device (or, on the way back, system) memory "fails", once. */
export const HMM_DMIRROR_FLAG_FAIL_ALLOC = 1;
const IOCTL_NAMES = {
    [HMM_DMIRROR_READ]: 'HMM_DMIRROR_READ',
    [HMM_DMIRROR_WRITE]: 'HMM_DMIRROR_WRITE',
    [HMM_DMIRROR_MIGRATE_TO_DEV]: 'HMM_DMIRROR_MIGRATE_TO_DEV',
    [HMM_DMIRROR_MIGRATE_TO_SYS]: 'HMM_DMIRROR_MIGRATE_TO_SYS',
    [HMM_DMIRROR_SNAPSHOT]: 'HMM_DMIRROR_SNAPSHOT',
    [HMM_DMIRROR_EXCLUSIVE]: 'HMM_DMIRROR_EXCLUSIVE',
    [HMM_DMIRROR_CHECK_EXCLUSIVE]: 'HMM_DMIRROR_CHECK_EXCLUSIVE',
    [HMM_DMIRROR_RELEASE]: 'HMM_DMIRROR_RELEASE',
    [HMM_DMIRROR_FLAGS]: 'HMM_DMIRROR_FLAGS',
};
export function dmirror_ioctl_name(request) {
    return IOCTL_NAMES[request] ?? `ioctl 0x${request.toString(16)}`;
}
/*
 * Snapshot bytes, one per page. Not independent bit flags: the device-page types are small
 * numbers in the high nibble (0x30 and 0x50 overlap ZERO), then READ or WRITE, then PMD or PUD.
 */
export const HMM_DMIRROR_PROT_ERROR = 0xff;
export const HMM_DMIRROR_PROT_NONE = 0x00;
export const HMM_DMIRROR_PROT_READ = 0x01;
export const HMM_DMIRROR_PROT_WRITE = 0x02;
export const HMM_DMIRROR_PROT_PMD = 0x04;
export const HMM_DMIRROR_PROT_PUD = 0x08;
export const HMM_DMIRROR_PROT_ZERO = 0x10;
export const HMM_DMIRROR_PROT_DEV_PRIVATE_LOCAL = 0x20;
export const HMM_DMIRROR_PROT_DEV_PRIVATE_REMOTE = 0x30;
export const HMM_DMIRROR_PROT_DEV_COHERENT_LOCAL = 0x40;
export const HMM_DMIRROR_PROT_DEV_COHERENT_REMOTE = 0x50;
/* Device memory types (dmirror_device->zone_device_type). */
export const HMM_DMIRROR_MEMORY_DEVICE_PRIVATE = 1;
export const HMM_DMIRROR_MEMORY_DEVICE_COHERENT = 2;
