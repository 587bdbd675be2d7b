import { type KObj } from './kasan.js';
import { type Sched } from './sched.js';
export declare class Kref {
    readonly owner: KObj;
    refcount: number;
    readonly label: string;
    constructor(owner: KObj);
}
export declare function kref_init(k: Kref): void;
export declare function kref_read(k: Kref): number;
export declare function kref_get(k: Kref): Sched;
export declare function kref_get_unless_zero(k: Kref): Sched<boolean>;
/** Drops a reference; at zero runs `release` and returns true. */
export declare function kref_put(k: Kref, release: (k: Kref) => Sched): Sched<boolean>;
