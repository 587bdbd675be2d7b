export declare const KERNEL_5_2 = 502;
export declare const KERNEL_5_3 = 503;
/** lockdep's __mmu_notifier_invalidate_range_start_map, non_block_start() around callbacks, mmu_notifier_get/put/synchronize. */
export declare const KERNEL_5_4 = 504;
/** A failed non-blockable start calls invalidate_range_end on the classic notifiers. */
export declare const KERNEL_5_13 = 513;
/** The newest kernel the model follows (today's 6.x). */
export declare const KERNEL_LATEST = 699;
/** Follow the rules of `release` in this execution (before any thread runs, normally). */
export declare function set_kernel_release(release: number): void;
/**
 * An HMM model of an older release, used under a design the explorer does not know as that
 * release (a user's own design name), lowers the rules to its own from then on. Each core
 * function reads the release once, so an invalidation in flight keeps the rules it began with.
 */
export declare function kernel_release_at_most(release: number): void;
/** The release this execution follows. */
export declare function kernel_release(): number;
/** True if this execution's kernel has what `release` introduced. */
export declare function kernel_since(release: number): boolean;
/** "5.13", or "6.x" for the newest. */
export declare function release_name(release: number): string;
