/** struct hmm_dmirror_cmd: five __u64 fields, kept as JS numbers (addresses stay below 2^53). */
export interface HmmDmirrorCmd {
    /** in: user virtual address of the range. */
    addr: number;
    /** in: the user buffer data (or snapshot bytes) is copied to or from. */
    ptr: number;
    /** in: number of pages. */
    npages: number;
    /** out: pages copied or processed. */
    cpages: number;
    /** out: device fault rounds. */
    faults: number;
}
export declare const HMM_DMIRROR_CMD_SIZE: number;
export declare const HMM_DMIRROR_READ: number;
export declare const HMM_DMIRROR_WRITE: number;
export declare const HMM_DMIRROR_MIGRATE_TO_DEV: number;
export declare const HMM_DMIRROR_MIGRATE_TO_SYS: number;
export declare const HMM_DMIRROR_SNAPSHOT: number;
export declare const HMM_DMIRROR_EXCLUSIVE: number;
export declare const HMM_DMIRROR_CHECK_EXCLUSIVE: number;
export declare const HMM_DMIRROR_RELEASE: number;
/** Newer driver: dmirror->flags = cmd.npages (HMM_DMIRROR_FLAG_*). */
export declare const HMM_DMIRROR_FLAGS: number;
/** FLAGS bit 0: the next allocation of device (or, on the way back, system) memory "fails", once. */
export declare const HMM_DMIRROR_FLAG_FAIL_ALLOC = 1;
export declare function dmirror_ioctl_name(request: number): string;
export declare const HMM_DMIRROR_PROT_ERROR = 255;
export declare const HMM_DMIRROR_PROT_NONE = 0;
export declare const HMM_DMIRROR_PROT_READ = 1;
export declare const HMM_DMIRROR_PROT_WRITE = 2;
export declare const HMM_DMIRROR_PROT_PMD = 4;
export declare const HMM_DMIRROR_PROT_PUD = 8;
export declare const HMM_DMIRROR_PROT_ZERO = 16;
export declare const HMM_DMIRROR_PROT_DEV_PRIVATE_LOCAL = 32;
export declare const HMM_DMIRROR_PROT_DEV_PRIVATE_REMOTE = 48;
export declare const HMM_DMIRROR_PROT_DEV_COHERENT_LOCAL = 64;
export declare const HMM_DMIRROR_PROT_DEV_COHERENT_REMOTE = 80;
export declare const HMM_DMIRROR_MEMORY_DEVICE_PRIVATE = 1;
export declare const HMM_DMIRROR_MEMORY_DEVICE_COHERENT = 2;
