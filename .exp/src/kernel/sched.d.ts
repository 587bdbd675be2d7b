import { type Violation, type ViolationKind } from './report.js';
/** What every thread body and every sleeping primitive returns. */
export type Sched<T = void> = Generator<void, T, void>;
export type ThreadFn = () => Sched<void>;
export declare const enum TState {
    Runnable = 0,
    Blocked = 1,
    Done = 2
}
/** Something a thread can be blocked on; used for deadlock reports. */
export interface Waitable {
    readonly label: string;
    /** For locks: the thread(s) holding it, shown in a deadlock report. */
    holders?(): string;
}
export declare class Thread implements Waitable {
    readonly id: number;
    readonly name: string;
    readonly gen: Sched<void>;
    state: TState;
    /** What the thread is blocked on, for reports. */
    waitingOn: Waitable | null;
    /** Virtual-time deadline when blocked with a timeout, else -1. */
    deadline: number;
    /** Set when the thread was woken by its deadline rather than by a wake-up. */
    timedOut: boolean;
    /** Spinlocks held (preempt_count), and non_block_start() depth. */
    atomicDepth: number;
    nonBlockDepth: number;
    /** rcu_read_lock() nesting depth (rcu.ts). */
    rcuDepth: number;
    /** Set while the thread runs a callback in atomic context (call_rcu's softirq, a dma_fence callback): what that context is. */
    atomicContext: string;
    /** Locks held, in acquisition order (for lockdep and lockdep_assert_held). */
    held: import('./lockdep.js').HeldLock[];
    /** Set by an explicit yield: the next switch away from this thread is free. */
    yielded: boolean;
    /** Explain path: what the thread will do when next scheduled, and from which function. */
    nextOp: string;
    nextObj: string;
    nextWhere: string;
    /** Explain path: the model call chain of that operation, innermost first (pictures). */
    nextStack: string[];
    /** Threads waiting in kthread_join for this one. */
    readonly joiners: Thread[];
    /** The CPU the thread is pinned to (cpu.ts), or -1: it runs on a CPU of its own. */
    cpu: number;
    /** Set when the thread gave its CPU up at a voluntary resched point (cond_resched). */
    ceded: boolean;
    get label(): string;
    constructor(id: number, name: string, gen: Sched<void>);
}
/**
 * The scheduler's only view of the explorer: given the runnable threads, pick one; supply a
 * random value. `last` is the thread that ran the previous step (or -1), `free` tells whether
 * switching away from it costs a preemption.
 */
export interface Chooser {
    pickThread(runnable: readonly number[], last: number, lastRunnable: boolean, freeSwitch: boolean): number;
    pickValue(n: number): number;
}
export interface StepEvent {
    step: number;
    thread: string;
    op: string;
    obj: string;
    where: string;
    /** The model call chain of the step, innermost first (recorded runs only). */
    stack?: string[];
}
export interface TraceLine {
    step: number;
    thread: string;
    text: string;
}
export interface ExecutionOptions {
    stepBudget: number;
    /** Explain path: record every step, stacks at alloc/free and trace lines. */
    record: boolean;
    /**
     * Limits checked at scheduling points (every LIMIT_CHECK_STEPS steps): the wall-clock
     * deadline (performance.now() milliseconds) and memory. Passing one makes an execution that
     * reaches it stop with ExplorationStop instead of running on.
     */
    limits?: ExecutionLimits | null;
    /** Called after every step (nondeterminism guards; see src/explore/guard.ts). */
    afterStep?: ((t: Thread) => void) | null;
    /** Called once the execution is over, while it is still the current one (pictures). */
    atEnd?: (() => void) | null;
    /**
     * A JavaScript exception thrown by a thread propagates out of run() unchanged instead of
     * becoming an `oops` finding (unit tests that assert inside threads).
     */
    throwErrors?: boolean;
}
/** What makes an exploration stop in the middle of an execution. */
export interface ExecutionLimits {
    /** performance.now() deadline in milliseconds (Infinity: none). */
    deadline: number;
    /** Throws ExplorationStop('memory') when memory is running out; called rarely. */
    memory?: () => void;
}
/** Limits are checked when the step counter crosses a multiple of this (cheap: a mask). */
export declare const LIMIT_CHECK_STEPS = 1024;
export interface ExecutionResult {
    steps: number;
    violations: Violation[];
    /** Only filled when recording. */
    events: StepEvent[];
    trace: TraceLine[];
    threads: string[];
    /** CPUs the scenario declared (set_nr_cpus; 0: none, every thread on a CPU of its own). */
    cpus: number;
}
/**
 * What an explorer that reduces by partial order (src/explore/dependency.ts) is told about an
 * execution: where each step starts, which objects it touches (step.ts visible() and the KASAN
 * checks call access), spawns, exits and virtual-time wake-ups. Null on every other run: the
 * hooks then cost one comparison each.
 */
export interface StepObserver {
    /** The scheduler runs a step of thread `t` (cur.steps is its number). */
    step(t: number): void;
    /** The current step performs `op` on `obj` (sub: an address or index inside it). */
    access(op: string, obj: unknown, sub: number): void;
    /** The current thread spawned thread `child`. */
    spawned(child: number): void;
    /** The current step ends its thread. */
    exited(t: number): void;
    /** The current step sleeps with a virtual-time deadline, or (next) thread t's next step follows a timer. */
    timed(t: number, next: boolean): void;
}
export declare let stepObserver: StepObserver | null;
/**
 * A wait whose condition declares the fields it reads (wait.ts CondReads): `vals` and `value`
 * are what the fields and the condition were after the last step checked.
 */
export interface DeclaredWait {
    readonly thread: Thread;
    readonly wq: Waitable;
    readonly cond: () => boolean;
    readonly reads: ReadonlyArray<readonly [object, string]>;
    readonly vals: unknown[];
    value: boolean | null;
}
export declare function setStepObserver(o: StepObserver | null): void;
/** The running execution, like `current` in the kernel. */
export declare let cur: Execution;
/**
 * Use slot `slot` (1 .. HEARTBEAT_SLOTS-1; larger numbers wrap, which only shares a line) of the
 * CLI's beacon for this thread's steps.
 */
export declare function setHeartbeat(buf: SharedArrayBuffer, slot: number): void;
/** True once the user asked the run to stop (the CLI sets the flag on SIGINT). */
export declare function interrupted(): boolean;
/** For tests and the CLI: raise or clear the interrupt flag of the current beacon. */
export declare function setInterrupted(on: boolean): void;
/** The shared buffer behind the beacon, if the CLI installed one (for nested workers). */
export declare function currentHeartbeat(): SharedArrayBuffer | null;
export declare class Execution {
    private readonly chooser;
    readonly options: ExecutionOptions;
    readonly threads: Thread[];
    /** Threads spawned and not yet exited (lone_point's test). */
    liveThreads: number;
    current: Thread;
    steps: number;
    /** Virtual time in milliseconds (our jiffies). */
    now: number;
    readonly violations: Violation[];
    readonly events: StepEvent[];
    readonly trace: TraceLine[];
    readonly record: boolean;
    /** True while a thread's step runs (between the scheduler's next() call and its return). */
    inStep: boolean;
    private readonly limits;
    private limitChecks;
    private readonly afterStep;
    private readonly runnable;
    /** Set whenever a thread changes state, so the runnable list is rebuilt only then. */
    dirty: boolean;
    /**
     * CPUs (cpu.ts): 0 when the scenario declares none (every thread runs as if on a CPU of its
     * own, as before CPUs existed). Else cpuOwner[c] is the thread that runs on CPU c (-1: none).
     */
    ncpus: number;
    cpuOwner: number[];
    /** The objects a step on CPU c touches (partial-order reduction: who may run depends on it). */
    cpuObj: Waitable[];
    private readonly eligible;
    /**
     * Waits in progress whose condition declares what it reads (wait.ts), while a dependency
     * observer records: the recorder checks each step against them (null: none yet).
     */
    declaredWaits: DeclaredWait[] | null;
    /** Counter for object labels, per execution so labels are deterministic. */
    private labels;
    private extMap;
    /** Per-execution state owned by other layers (mm observers, device registries...). */
    get ext(): Map<string, unknown>;
    private atExit;
    constructor(chooser: Chooser, options: ExecutionOptions);
    /**
     * At a scheduling point whose step number is a multiple of LIMIT_CHECK_STEPS: stop the
     * exploration if its deadline passed, the user interrupted it or memory is running out.
     */
    checkLimits(): void;
    /** A fresh label such as "hmm#2" for an object of the given type. */
    label(type: string): string;
    spawn(name: string, fn: ThreadFn): Thread;
    private atFinish;
    /**
     * Register a function that runs once the execution is over (after its last step or fatal
     * report, before run() returns): per-execution state gives back memory a next execution
     * can reuse. Nothing may read that state afterwards.
     */
    onFinish(fn: () => void): void;
    /** Register a check that runs when every thread has exited (leak checks and the like). */
    onExit(fn: () => void): void;
    /** Explain path only: a free-form line in the interleaving ("device maps 0x1000"). */
    log(text: string): void;
    /** Record a violation. Fatal ones are thrown so the thread stops where it is. */
    report(kind: ViolationKind, title: string, message: string, detail?: string[], fatal?: boolean): void;
    /**
     * Runs `init` (which creates objects and spawns the first threads), then every thread to
     * completion or to the first fatal violation.
     */
    run(init: () => void): ExecutionResult;
    private readonly others;
    /** The runnable threads other than `last` (a reused array). */
    private othersOf;
    private loop;
    /**
     * The runnable threads a CPU may run now (a reused array). Kernel code is not preemptible: a
     * thread pinned to CPU c runs only if c runs it already, or c's thread has blocked, exited or
     * given the CPU up at a voluntary resched point (then a thread that gave it up lets the
     * others on c go first). A thread not pinned runs on a CPU of its own.
     */
    private eligibleOf;
    private cpuFree;
    /** Thread t runs its next step on its CPU. */
    private takeCpu;
    /**
     * At the step budget: a soft lockup, or '' when the run is not one. It is one when a runnable
     * thread waits for a CPU whose thread is runnable and has not given it up, and nothing else
     * could run: every thread the scheduler may run keeps a CPU another thread waits for. Then no
     * schedule, fair or not, lets the waiting thread run (kernel code is not preemptible). If
     * another thread could run, the explorer merely did not run it: a plain livelock report.
     */
    private starvation;
    private recordStep;
    /** A data choice made by the explorer (0..n-1); part of the replayed choice stream. */
    choose(n: number): number;
    private exitThread;
    private fail;
    /** Every live thread is blocked: fire the earliest timer, if any. */
    private fireTimers;
    private reportDeadlock;
}
/**
 * Explain path only: describe the operation the current thread performs after this
 * scheduling point. Primitives call it as `if (cur.record) note(op, obj)` right before `yield`;
 * `helperFrames` model frames between the caller and note are not named as the step's place.
 */
export declare function note(op: string, obj: string, helperFrames?: number): void;
/**
 * The model call chain of the current thread (innermost first), without the runtime's own
 * frames: e.g. ["hmm_free", "hmm_mirror_unregister", "driver_unbind"]. Explain path only.
 */
export declare function modelStack(max?: number, from?: Error): string[];
/**
 * True when the caller may skip the scheduling point it is at: the execution has a single
 * live thread (every other one has exited, none is blocked or runnable), so no other thread
 * could run there and no choice exists, and nothing is being recorded. The skipped point still counts as a step, so a lone thread spinning through
 * primitives still meets the livelock budget (the point is taken when the budget is reached).
 */
export declare function lone_point(): boolean;
/**
 * lone_point() for `n` consecutive steps at once: a lone thread that performs n visible
 * operations nobody else can observe (a loop of user stores over one page) advances the step
 * counter as n single steps would. False (and nothing counted) when any of them would need a
 * real scheduling point.
 */
export declare function lone_points(n: number): boolean;
export declare function completed<T>(value: T): Sched<T>;
/**
 * If `s` is already finished (a primitive's fast path returned completed() or DONE), its value;
 * else NOT_FINISHED and `s` is a generator not yet started, to be run with `yield*`. Lets a
 * lone thread's fast path chain primitives without generators of its own.
 */
export declare function finished_value<T>(s: Sched<T>): T | typeof NOT_FINISHED;
export declare const NOT_FINISHED: unique symbol;
/**
 * The value of a Sched that must already be finished (a primitive whose lone-thread fast path
 * the caller has made sure applies). Anything else is a model bug.
 */
export declare function finish_now<T>(s: Sched<T>, what: string): T;
/** The finished Sched<void> (immutable, so one instance serves every caller). */
export declare const DONE: Sched;
/** Put the current thread to sleep on `w` (optionally until a virtual-time deadline); then `yield`. */
export declare function block(w: Waitable, deadline?: number): void;
/** Wake `t` if it is still sleeping on `w`. */
export declare function wakeThread(t: Thread, w: Waitable): void;
/** Wake every thread in `list` sleeping on `w` and empty the list. */
export declare function wakeAll(list: Thread[], w: Waitable): void;
interface JsFrame {
    fn: string;
    file: string;
    line: number;
    col: number;
}
/** The frames of `e` in model and scenario code (paths relative to the working directory). */
export declare function js_frames(e: Error): JsFrame[];
export {};
