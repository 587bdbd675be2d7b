/** How a step touches an object. Two commuting updates of one object do not conflict. */
export declare const READ = 0;
export declare const WRITE = 1;
export declare const UPDATE = 2;
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
export declare function op_keys(op: string, obj: unknown, sub: number, add0: (key: string, mode: number) => void): void;
