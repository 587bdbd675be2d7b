import { type KObj } from './kasan.js';
import { type DeclaredWait, type Sched, type Thread, type Waitable } from './sched.js';
/**
 * The values a wait condition depends on, as [object, field] pairs: `() => range.valid` reads
 * [[range, 'valid']]. Every step that changes one of these fields must record a change of its
 * object (WRITE_ONCE, an atomic, a visible operation on it, or footprint()); the recorder checks.
 */
export type CondReads = ReadonlyArray<readonly [object, string]>;
export declare class WaitQueueHead implements Waitable {
    readonly owner: KObj | null;
    readonly waiters: Thread[];
    readonly label: string;
    constructor(name: string, owner?: KObj | null);
}
/** Sleep until `cond()` holds (`reads`: what it reads, see CondReads; else it reads everything). */
export declare function wait_event(wq: WaitQueueHead, cond: () => boolean, reads?: CondReads): Sched;
/**
 * Sleep until `cond()` holds or `timeoutMs` of virtual time passed. Returns 0 on timeout with
 * the condition still false, otherwise the remaining time (at least 1), as the kernel does.
 */
export declare function wait_event_timeout(wq: WaitQueueHead, cond: () => boolean, timeoutMs: number, reads?: CondReads): Sched<number>;
/**
 * After a step: does it keep every declared wait's promise? `changed(o)` says whether the step
 * recorded a change of object o. Returns a description of the first broken promise, or null.
 * Updates what each wait saw.
 */
export declare function check_declared_waits(waits: readonly DeclaredWait[], changed: (o: object) => boolean): string | null;
export declare function wake_up_all(wq: WaitQueueHead): Sched;
/** Wake without a scheduling point, for use inside another primitive's atomic step. */
export declare function wake_up_all_now(wq: WaitQueueHead): void;
