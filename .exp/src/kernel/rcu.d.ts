import { type KObj } from './kasan.js';
import { LockdepMap } from './lockdep.js';
import { type Sched } from './sched.js';
/** lockdep's map for rcu_read_lock (held by a reader, for the "held at exit" check). */
export declare const rcu_lock_map: LockdepMap;
/** struct rcu_head, embedded in the object a callback frees. */
export declare class RcuHead {
    readonly owner: KObj | null;
    /** Queued and its callback not yet run. */
    queued: boolean;
    readonly label: string;
    constructor(owner?: KObj | null);
}
/** A call_rcu callback: runs in softirq-like context (must not sleep). */
export type RcuCallback = (head: RcuHead) => void | Sched;
export declare function rcu_read_lock(): Sched;
export declare function rcu_read_unlock(): Sched;
/** rcu_read_lock_held(): the running thread is inside a read section. */
export declare function rcu_read_lock_held(): boolean;
/** synchronize_rcu(): wait for every reader inside a section now. */
export declare function synchronize_rcu(): Sched;
/** call_rcu(head, func): run func after a grace period, in a callback thread. Does not sleep. */
export declare function call_rcu(head: RcuHead, func: RcuCallback): Sched;
/** kfree_rcu(obj): free `obj` after a grace period. */
export declare function kfree_rcu(obj: KObj, head?: RcuHead): Sched;
/** rcu_barrier(): wait until every callback queued so far has run. */
export declare function rcu_barrier(): Sched;
/** rcu_dereference(o->field): a read of an RCU-protected pointer, inside a read section. */
export declare function rcu_dereference<O extends object, F extends keyof O>(o: O, field: F): Sched<O[F]>;
/**
 * rcu_dereference_protected(o->field, held): the updater's read under the lock that excludes
 * other updaters (no step: nothing another updater does can interleave); `held` is the
 * lockdep condition (e.g. lock_is_held(lock)).
 */
export declare function rcu_dereference_protected<O extends object, F extends keyof O>(o: O, field: F, held: boolean): O[F];
/** rcu_access_pointer(o->field): read the pointer's value only (no dereference): any context. */
export declare function rcu_access_pointer<O extends object, F extends keyof O>(o: O, field: F): Sched<O[F]>;
/** rcu_assign_pointer(o->field, v): publish `v` (a release store): one step. */
export declare function rcu_assign_pointer<O extends object, F extends keyof O>(o: O, field: F, v: O[F]): Sched;
/** RCU_INIT_POINTER(): the same store, for a pointer no reader can see yet (or NULL). */
export declare const RCU_INIT_POINTER: typeof rcu_assign_pointer;
