import { type KObj } from './kasan.js';
import { type Sched } from './sched.js';
export declare class Atomic {
    v: number;
    readonly owner: KObj | null;
    readonly label: string;
    constructor(v: number, name: string, owner?: KObj | null);
}
export declare function atomic_read(a: Atomic): Sched<number>;
export declare function atomic_set(a: Atomic, v: number): Sched;
export declare function atomic_inc(a: Atomic): Sched;
export declare function atomic_dec(a: Atomic): Sched;
export declare function atomic_add_return(a: Atomic, d: number): Sched<number>;
export declare function atomic_dec_and_test(a: Atomic): Sched<boolean>;
export declare function atomic_inc_not_zero(a: Atomic): Sched<boolean>;
export declare function atomic_cmpxchg(a: Atomic, old: number, v: number): Sched<number>;
/** READ_ONCE(o->field): a racy read that is its own scheduling point. */
export declare function READ_ONCE<O extends object, F extends keyof O>(o: O, field: F): Sched<O[F]>;
/** WRITE_ONCE(o->field, v). */
export declare function WRITE_ONCE<O extends object, F extends keyof O>(o: O, field: F, v: O[F]): Sched;
