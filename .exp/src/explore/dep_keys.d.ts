/** How a step touches an object. Two commuting updates of one object do not conflict. */
export declare const READ = 0;
export declare const WRITE = 1;
export declare const UPDATE = 2;
/**
 * A decrement whose result is not zero (and whose count was not below one: no underflow), whose
 * caller reads that result (atomic_dec_and_test, kref_put): two such decrements commute (either
 * order leaves both results nonzero and the same count), but not with an increment or a plain
 * decrement, which could move the result to zero in the other order, nor with a decrement that
 * reaches zero (a WRITE: which of two puts frees the object depends on their order).
 */
export declare const DEC = 3;
/** The coarse key. */
export declare const MEM = "memory";
/**
 * Wait-queue condition checks: the condition is arbitrary code over the model's state, so the
 * check reads everything (the key ALL), and it queues on its wait queue (writes it). Every event
 * that changes any object also updates ALL (commuting with other such updates), so a check
 * conflicts with every change and commutes only with events that change nothing (reads, KASAN
 * checks, other threads' pure lookups). Sound: whatever the condition reads, the events it
 * commutes with leave it unchanged.
 */
export declare const READS_ALL: Set<string>;
/** The pseudo-object every changing event updates and every condition check reads. */
export declare const ALL = "*all";
/** The key of an object as a whole (what a visible operation on it touches by default). */
export declare function object_key(obj: unknown): string;
/**
 * The keys `op` on `obj` (`sub`: an address or index inside it, -1 if none) touches, each passed
 * to `add` with its mode. Locks are not handled here: the recorder resolves an acquisition when
 * the step ends (acquired, queued or failed).
 */
export declare function op_keys(op: string, obj: unknown, sub: number, add: (key: string, mode: number, count?: number) => void): void;
