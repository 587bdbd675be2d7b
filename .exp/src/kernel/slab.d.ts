import { type GfpT } from './gfp.js';
import { type KObj } from './kasan.js';
/** Above this size a blocking kvmalloc is served by vmalloc. */
export declare const KVMALLOC_VMALLOC_THRESHOLD: number;
/** kmalloc() as the kernel has it: null when fault injection fails the allocation. */
export declare function kmalloc_may_fail<T extends KObj>(obj: T, gfp?: GfpT, site?: string): T | null;
/** kzalloc(): the same (model objects start zeroed: their constructor sets them). */
export declare const kzalloc_may_fail: typeof kmalloc_may_fail;
/** kvmalloc(obj, gfp, size): may fail (null); large blocking allocations come from vmalloc. */
export declare function kvmalloc<T extends KObj>(obj: T, gfp?: GfpT, size?: number, site?: string): T | null;
export declare const kvzalloc: typeof kvmalloc;
/** is_vmalloc_addr(). */
export declare function is_vmalloc_addr(obj: KObj): boolean;
/** kvfree(): kfree or vfree (which may sleep). */
export declare function kvfree(obj: KObj | null): void;
