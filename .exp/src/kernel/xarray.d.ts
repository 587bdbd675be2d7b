import { type GfpT } from './gfp.js';
import { type KObj } from './kasan.js';
import { type Sched } from './sched.js';
import { Spinlock } from './spinlock.js';
export declare const XA_FLAGS_ALLOC = 1;
export declare class XArray<T = unknown> {
    readonly flags: number;
    readonly owner: KObj | null;
    readonly entries: Map<number, T>;
    readonly xa_lock: Spinlock;
    readonly label: string;
    /** @param owner the structure the xarray is embedded in */
    constructor(name: string, flags?: number, owner?: KObj | null);
}
/** xa_init() / DEFINE_XARRAY: a fresh empty array. */
export declare function xa_init<T>(name: string, flags?: number, owner?: KObj | null): XArray<T>;
/** xa_load(): the entry at `index` (undefined when none); lockless, one step. */
export declare function xa_load<T>(xa: XArray<T>, index: number): Sched<T | undefined>;
/** xa_empty(): one lockless step. */
export declare function xa_empty(xa: XArray<unknown>): Sched<boolean>;
export declare function xa_lock(xa: XArray<unknown>): Sched;
export declare function xa_unlock(xa: XArray<unknown>): Sched;
/** __xa_store(): the caller holds xa_lock. Returns the old entry, or -ENOMEM. */
export declare function __xa_store<T>(xa: XArray<T>, index: number, entry: T | null, gfp?: GfpT): Sched<T | undefined | number>;
/** xa_store(): store `entry` at `index` (null erases); the old entry, or -ENOMEM. */
export declare function xa_store<T>(xa: XArray<T>, index: number, entry: T | null, gfp?: GfpT): Sched<T | undefined | number>;
/** __xa_erase(): the caller holds xa_lock. Returns the old entry. */
export declare function __xa_erase<T>(xa: XArray<T>, index: number): Sched<T | undefined>;
/** xa_erase(): remove the entry at `index`; the old entry. */
export declare function xa_erase<T>(xa: XArray<T>, index: number): Sched<T | undefined>;
/** xa_insert(): store only if the slot is empty: 0, -EBUSY or -ENOMEM. */
export declare function xa_insert<T>(xa: XArray<T>, index: number, entry: T, gfp?: GfpT): Sched<number>;
/**
 * xa_alloc(xa, entry, [min, max], gfp): store `entry` at the lowest free index in the limit;
 * the index (>= 0), -EBUSY when the limit is full, or -ENOMEM.
 */
export declare function xa_alloc<T>(xa: XArray<T>, entry: T, limit?: [number, number], gfp?: GfpT): Sched<number>;
/**
 * xa_cmpxchg(): store `entry` (null erases) only if the slot holds `old` (undefined: empty);
 * returns what the slot held, or -ENOMEM. The way two paths race to claim one entry.
 */
export declare function xa_cmpxchg<T>(xa: XArray<T>, index: number, old: T | undefined, entry: T | null, gfp?: GfpT): Sched<T | undefined | number>;
/** xa_for_each(): [index, entry] pairs in index order (no step: the caller holds xa_lock or is in an RCU section). */
export declare function xa_for_each<T>(xa: XArray<T>): Array<[number, T]>;
/** xa_destroy(): drop every entry (not the objects they point at). */
export declare function xa_destroy(xa: XArray<unknown>): Sched;
/** xa_is_err(): the value an xa_store/xa_alloc returned is a negative errno. */
export declare function xa_is_err(v: unknown): v is number;
