import { type StepObserver } from '../kernel/sched.js';
/** An event's footprint: global, or object keys (interned) each with how it is touched. */
export interface Footprint {
    global: boolean;
    keys: number[];
    modes: number[];
    /** Key of the mutex or spinlock this step acquired / released (-1: none). */
    acquire: number;
    release: number;
    tryAcquire: boolean;
    /**
     * For each key touched as DEC (a nonzero decrement): how many other nonzero decrements of it
     * the step tolerates before its own result would be zero (the count it saw, minus 2), as
     * [key, margin] pairs; null if none. Sleep sets use it (sleep_after).
     */
    margins: number[] | null;
    /** The thread this step joined (kthread_join returned: it had exited), -1 if none. */
    joined: number;
}
/** Sleep-set conflict (see clash), not counting margins: true also for any two DECs of one key. */
export declare function conflicts(a: Footprint, b: Footprint): boolean;
/**
 * A step with footprint `f` ran while a thread sleeps on `g` (its next step, as it ran in an
 * earlier sibling). Returns null if the thread wakes (f may change what its step does), else
 * what it sleeps on now: g itself, or a copy with smaller margins when f is a nonzero decrement
 * of a count g decrements too (g's step still leaves a nonzero count while its margin is not
 * negative: every DEC is a decrement by one).
 */
export declare function sleep_after(f: Footprint, g: Footprint): Footprint | null;
export interface Race {
    /** Earlier and later event (indices into the recorder's events). */
    e: number;
    e2: number;
}
/**
 * One execution's events. Thread-choice nodes of the search are numbered by the strategy and
 * passed in before the step they choose (`nodeForNextStep`). One recorder serves every
 * execution of a search (reset() between them): its per-object history is kept across
 * executions and marked stale by an execution counter instead of being rebuilt.
 */
export declare class DependencyRecorder implements StepObserver {
    thread: number[];
    /** 1-based index of the event among its thread's events. */
    idx: number[];
    clock: number[][];
    /** Search node that chose this event's step (-1 if the step was not chosen among others). */
    node: number[];
    foot: Footprint[];
    races: Race[];
    /** Per thread: clock after its last event (or its spawn). */
    private tclock;
    private tcount;
    private lastEvent;
    /** Per interned key. */
    private readonly hist;
    private ep;
    private lastGlobal;
    /** Threads whose next step follows a timer. */
    private timedNext;
    private stepNo;
    private stepThread;
    private stepNode;
    private open;
    /** Threads spawned by the step in progress; clock of each thread's spawn event. */
    private openSpawns;
    private spawnClock;
    /** Node to attach to the step the scheduler starts next (set by the strategy). */
    nodeForNextStep: number;
    /** Called when a step chosen at a node is finished, with its footprint (sleep sets). */
    onNodeStep: ((node: number, thread: number, f: Footprint | null) => void) | null;
    /** Called for every event once its footprint is complete (sleep-set wake-ups). */
    onEvent: ((thread: number, f: Footprint) => void) | null;
    /** Called when the scheduler starts a step (may throw to cut the execution short). */
    onStep: ((thread: number) => void) | null;
    /** Steps that made a data choice: their footprint depends on the value (not sleepable). */
    private valueStep;
    private pendingLock;
    private pendingTry;
    /** A kthread_join in the step in progress: resolved when the step ends (returned or slept). */
    private pendingJoin;
    /** Per interned lock key: the last acquisition (-1 none), valid for execution lastAcqEp. */
    private readonly lastAcquire;
    private readonly lastAcqEp;
    /** Scratch list of addEvent (reused: no allocation per event). */
    private readonly cand;
    /** The footprint op_keys adds to (op_keys takes a callback: one closure, made once). */
    private curF;
    private readonly addKey;
    /** Forget the execution recorded (the next one starts empty). */
    reset(): void;
    step(t: number): void;
    private sync;
    private openEvent;
    access(op: string, obj: unknown, sub: number): void;
    /** Threads spawned and ended in this execution (fewer ended: the execution was cut short). */
    spawnedCount: number;
    exitedCount: number;
    spawned(child: number): void;
    exited(t: number): void;
    timed(t: number, next: boolean): void;
    /** A data choice inside the current step. */
    valueChoice(): void;
    /** Finish the step in progress (at the next step and at the end of the execution). */
    flush(): void;
    /**
     * The step just finished against every declared wait in progress (wait.ts): a change of a
     * field a condition declares, or of the condition's value, in a step that recorded no change
     * of a declared object means the declaration is wrong and the reduction would be unsound.
     */
    private checkWaits;
    private histOf;
    private addEvent;
    /** Does event a happen before event b (a earlier in the execution)? */
    hb(a: number, b: number): boolean;
    /**
     * The threads that can start an execution equivalent to the race's reversal: the initials of
     * v = (the events after e that do not happen after e), then e2 (source-DPOR's I(v)).
     */
    initials(race: Race): number[];
}
/**
 * A footprint as plain JSON and back (checkpoints, work handed to another worker): the form
 * does not depend on anything the process interned.
 */
export declare function footprint_to_json(f: Footprint): unknown;
export declare function footprint_from_json(j: unknown): Footprint;
