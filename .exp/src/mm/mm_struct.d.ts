import { Atomic, KObj, RwSemaphore, Spinlock, WaitQueueHead, type Sched } from '../kernel/index.js';
import { type MmuNotifierRange, type MmuNotifierSubscriptions } from './mmu_notifier.js';
import { PmdMap, PudMap } from './pgtable.js';
import type { VmAreaStruct } from './vma.js';
export type MmdropHook = (mm: MmStruct) => Sched;
export declare class MmStruct extends KObj {
    readonly mm_users: Atomic;
    readonly mm_count: Atomic;
    readonly mmap_lock: RwSemaphore;
    readonly page_table_lock: Spinlock;
    /** VMAs sorted by vm_start, non-overlapping (the kernel's maple tree). */
    mmap: VmAreaStruct[];
    /** Page tables: PMD index -> PTE table or PMD leaf; PUD index -> PUD leaf. */
    readonly pmd: PmdMap;
    readonly pud: PudMap;
    /** mm->notifier_subscriptions (mm->mmu_notifier_mm before ~5.7): allocated on first registration. */
    notifier_subscriptions: MmuNotifierSubscriptions | null;
    /** mm->hmm (v5.2/v5.3 only): owned by src/hmm, opaque here. */
    hmm: object | null;
    /** MMF_* bits. */
    flags: number;
    /** Invalidations between start and end (for the bracket check and observers). */
    readonly active_ranges: MmuNotifierRange[];
    /** Per-mm hooks run by __mmdrop before the struct is freed. */
    readonly mmdrop_hooks: MmdropHook[];
    mmap_base: number;
    /** Woken when a migration entry of this mm is removed (migration_entry_wait). */
    readonly migration_wq: WaitQueueHead;
    /** Name of the owning task, for reports. */
    owner_name: string;
    constructor();
}
/** mm_alloc(): a new, empty address space with mm_users = mm_count = 1. */
export declare function mm_alloc(): MmStruct;
/** Every mm_struct of this execution not yet freed (for invariant checks). */
export declare function live_mms(): MmStruct[];
/** Hook 3: run `fn(mm)` from every __mmdrop of this execution (v5.2 hmm_mm_destroy). */
export declare function register_mmdrop_hook(fn: MmdropHook): void;
/** mmget(): the caller must already hold a user reference (mm_users > 0). */
export declare function mmget(mm: MmStruct): Sched;
/** mmget_not_zero(): pin the address space unless it is already exiting. */
export declare function mmget_not_zero(mm: MmStruct): Sched<boolean>;
/** mmput(): drop a user reference; the last one tears the address space down (may sleep). */
export declare function mmput(mm: MmStruct): Sched;
/** mmgrab(): keep the struct (not the address space) alive. */
export declare function mmgrab(mm: MmStruct): Sched;
/** mmdrop(): drop a struct reference; the last one frees it. */
export declare function mmdrop(mm: MmStruct): Sched;
export declare function mmap_read_lock(mm: MmStruct): Sched;
export declare function mmap_read_trylock(mm: MmStruct): Sched<boolean>;
/** mmap_read_lock_killable(): 0 with mmap_lock held for read, or -EINTR on a fatal signal. */
export declare function mmap_read_lock_killable(mm: MmStruct): Sched<number>;
export declare function mmap_read_unlock(mm: MmStruct): Sched;
export declare function mmap_write_lock(mm: MmStruct): Sched;
export declare function mmap_write_unlock(mm: MmStruct): Sched;
export declare function mmap_write_downgrade(mm: MmStruct): Sched;
export declare function mmap_assert_locked(mm: MmStruct, where?: string): void;
export declare function mmap_assert_write_locked(mm: MmStruct, where?: string): void;
