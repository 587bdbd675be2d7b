import { type GfpT } from './gfp.js';
export declare const enum ObjState {
    Static = 0,
    Live = 1,
    Freed = 2
}
interface Site {
    thread: string;
    step: number;
    stack: string[];
}
export declare class KObj {
    /** "hmm#1": type name plus a per-execution counter. */
    readonly __label: string;
    __state: ObjState;
    __alloc: Site | null;
    __free: Site | null;
    constructor(type: string);
}
/** The poison value stored in pointers that must never be used again. */
export declare const POISON: any;
export declare function isPoison(p: unknown): boolean;
/**
 * Mark a model object allocated. Returns it for `const x = kmalloc(new X())`. `gfp` says how
 * (GFP_KERNEL by default: may sleep and reclaim, see gfp.ts; GFP_ATOMIC/GFP_NOWAIT under a
 * spinlock or in a non-blockable notifier).
 */
export declare function kmalloc<T extends KObj>(obj: T, gfp?: GfpT): T;
export declare function kfree(obj: KObj | null, where?: string): void;
/**
 * A ScenarioError for an object that is not a KObj of this copy of the model: most often a
 * driver that imports hmmsim from a second installed copy (its KObj is another class), or a
 * plain object passed where a model structure is expected.
 */
export declare function not_a_kobj(obj: unknown, where: string): never;
/**
 * container_of(member, Type): the structure of class `Type` that `member` (a lock, work item,
 * rcu_head, notifier... created with that structure as its owner) is embedded in; a
 * ScenarioError if it is embedded in something else. KASAN-checked: the container must not
 * have been freed.
 */
export declare function container_of<T extends KObj>(member: {
    readonly owner: KObj | null;
}, type: abstract new (...args: never[]) => T, where?: string): T;
/**
 * The kernel dereferences `p` in function `where`. Reports NULL, poison and freed memory.
 * Returns `p` so it can wrap an expression.
 */
export declare function kasan_check<T>(p: T, where: string, access?: string): NonNullable<T>;
/** True if the object has been freed (for model code that must not report, e.g. device checks). */
export declare function kasan_is_freed(o: KObj): boolean;
/** Objects allocated and not freed in the running execution, in allocation order. */
export declare function live_objects(): KObj[];
/** Report every object still allocated as a leak (called at the end of an execution). */
export declare function check_leaks(filter?: (o: KObj) => boolean): void;
export {};
