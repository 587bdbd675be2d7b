import { type KObj } from './kasan.js';
import { type Sched } from './sched.js';
import { WaitQueueHead } from './wait.js';
export declare class Completion {
    done: number;
    readonly wq: WaitQueueHead;
    /** @param owner the structure the completion is embedded in (a use after its free is reported) */
    constructor(name: string, owner?: KObj | null);
    get label(): string;
}
/** init_completion(): reset to not done (no scheduling point: the object is not shared yet). */
export declare function init_completion(c: Completion): void;
/** reinit_completion(): reset a completion that may have been completed (no waiter may be sleeping). */
export declare function reinit_completion(c: Completion): void;
export declare function wait_for_completion(c: Completion): Sched;
/** Returns 0 when `timeoutMs` of virtual time passed without a complete(), else the time left (>= 1). */
export declare function wait_for_completion_timeout(c: Completion, timeoutMs: number): Sched<number>;
/** try_wait_for_completion(): take one "done" without sleeping; false when there is none. */
export declare function try_wait_for_completion(c: Completion): Sched<boolean>;
/** completion_done(): true when a wait would not sleep. */
export declare function completion_done(c: Completion): Sched<boolean>;
export declare function complete(c: Completion): Sched;
export declare function complete_all(c: Completion): Sched;
