import { LockdepMap } from './lockdep.js';
export type GfpT = number;
export declare const __GFP_HIGH = 32;
export declare const __GFP_IO = 64;
export declare const __GFP_FS = 128;
export declare const __GFP_ZERO = 256;
export declare const __GFP_DIRECT_RECLAIM = 1024;
export declare const __GFP_KSWAPD_RECLAIM = 2048;
export declare const __GFP_HARDWALL = 1048576;
export declare const __GFP_HIGHMEM = 2;
export declare const __GFP_MOVABLE = 8;
export declare const __GFP_RECLAIM: number;
export declare const GFP_ATOMIC: number;
export declare const GFP_NOWAIT = 2048;
export declare const GFP_NOIO: number;
export declare const GFP_NOFS: number;
export declare const GFP_KERNEL: number;
export declare const GFP_USER: number;
export declare const GFP_HIGHUSER_MOVABLE: number;
/** gfpflags_allow_blocking(). */
export declare function gfpflags_allow_blocking(gfp: GfpT): boolean;
/** The lockdep map of memory reclaim ("fs_reclaim"). */
export declare const fs_reclaim_map: LockdepMap;
/** fs_reclaim_acquire(): entering (possible) reclaim; a no-op for atomic allocations and inside reclaim. */
export declare function fs_reclaim_acquire(gfp: GfpT): boolean;
export declare function fs_reclaim_release(taken: boolean): void;
/**
 * might_alloc(): this allocation may reclaim (lockdep: fs_reclaim) and may sleep. Outside a
 * thread (scenario set-up) there is nothing to check.
 */
export declare function might_alloc(gfp: GfpT, where: string): void;
