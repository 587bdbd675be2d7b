/*
 * The model kernel's execution: threads, the scheduler loop, virtual time and the event log.
 *
 * A model thread is a generator. Its code runs atomically between two `yield`s; every `yield`
 * is a scheduling point at which the chooser (an explorer strategy) picks which runnable thread
 * runs next. Primitives in this folder are the only code that yields; they first describe the
 * operation (`note`) so the explain path can log it, then yield.
 *
 * One Execution runs at a time in a process, so the running one is kept in a module variable
 * (`cur`), like `current` in the kernel. Nothing here knows about mm or HMM.
 */

import { fileURLToPath } from 'node:url';
import { display_path, function_location } from './source_location.js';
import { ExplorationStop, KernelReport, ModelError, ScenarioError, type Violation, type ViolationKind } from './report.js';
import { HEARTBEAT_SLOT, HEARTBEAT_SLOTS } from './beacon.js';

/** What every thread body and every sleeping primitive returns. */
export type Sched<T = void> = Generator<void, T, void>;
export type ThreadFn = () => Sched<void>;

export const enum TState {
  Runnable = 0,
  Blocked = 1,
  Done = 2,
}

/** Something a thread can be blocked on; used for deadlock reports. */
export interface Waitable {
  readonly label: string;
  /** For locks: the thread(s) holding it, shown in a deadlock report. */
  holders?(): string;
}

export class Thread implements Waitable {
  state: TState = TState.Runnable;
  /** What the thread is blocked on, for reports. */
  waitingOn: Waitable | null = null;
  /** Virtual-time deadline when blocked with a timeout, else -1. */
  deadline = -1;
  /** Set when the thread was woken by its deadline rather than by a wake-up. */
  timedOut = false;
  /** Spinlocks held (preempt_count), and non_block_start() depth. */
  atomicDepth = 0;
  nonBlockDepth = 0;
  /** rcu_read_lock() nesting depth (rcu.ts). */
  rcuDepth = 0;
  /** Set while the thread runs a callback in atomic context (call_rcu's softirq, a dma_fence callback): what that context is. */
  atomicContext = '';
  /** Locks held, in acquisition order (for lockdep and lockdep_assert_held). */
  held: import('./lockdep.js').HeldLock[] = [];
  /** Set by an explicit yield: the next switch away from this thread is free. */
  yielded = false;
  /** Explain path: what the thread will do when next scheduled, and from which function. */
  nextOp = 'thread start';
  nextObj = '';
  nextWhere = '';
  /** Explain path: the model call chain of that operation, innermost first (pictures). */
  nextStack: string[] = [];
  /** Threads waiting in kthread_join for this one. */
  readonly joiners: Thread[] = [];
  /** The CPU the thread is pinned to (cpu.ts), or -1: it runs on a CPU of its own. */
  cpu = -1;
  /** Set when the thread gave its CPU up at a voluntary resched point (cond_resched). */
  ceded = false;
  get label(): string {
    return `thread ${this.name}`;
  }
  constructor(
    readonly id: number,
    readonly name: string,
    readonly gen: Sched<void>,
  ) {}
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
export const LIMIT_CHECK_STEPS = 1024;
const LIMIT_MASK = LIMIT_CHECK_STEPS - 1;
/** Memory is checked every this many limit checks. */
const MEMORY_CHECK_EVERY = 1;

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
export let stepObserver: StepObserver | null = null;

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
export function setStepObserver(o: StepObserver | null): void {
  stepObserver = o;
}

/** The running execution, like `current` in the kernel. */
export let cur: Execution = null as unknown as Execution;

/**
 * Progress beacon for the CLI's watchdog (layout: beacon.ts), installed by the CLI when it runs
 * the explorer in a worker. Each explorer thread writes only its own cache line: the workers of
 * `--jobs` and `check` writing one line on every step would make both cores wait for it.
 * Without a CLI a private array costs a store per step.
 */
let heartbeat: Int32Array<ArrayBufferLike> = new Int32Array(2);
let interruptFlag: Int32Array<ArrayBufferLike> = new Int32Array(1);
let beaconBuffer: SharedArrayBuffer | null = null;
/**
 * Use slot `slot` (1 .. HEARTBEAT_SLOTS-1; larger numbers wrap, which only shares a line) of the
 * CLI's beacon for this thread's steps.
 */
export function setHeartbeat(buf: SharedArrayBuffer, slot: number): void {
  const s = 1 + ((slot - 1) % (HEARTBEAT_SLOTS - 1));
  heartbeat = new Int32Array(buf, s * HEARTBEAT_SLOT * 4, 2);
  interruptFlag = new Int32Array(buf, 0, 1);
  beaconBuffer = buf;
}
/** True once the user asked the run to stop (the CLI sets the flag on SIGINT). */
export function interrupted(): boolean {
  return Atomics.load(interruptFlag, 0) !== 0;
}
/** For tests and the CLI: raise or clear the interrupt flag of the current beacon. */
export function setInterrupted(on: boolean): void {
  Atomics.store(interruptFlag, 0, on ? 1 : 0);
}
/** The shared buffer behind the beacon, if the CLI installed one (for nested workers). */
export function currentHeartbeat(): SharedArrayBuffer | null {
  return beaconBuffer;
}

export class Execution {
  readonly threads: Thread[] = [];
  /** Threads spawned and not yet exited (lone_point's test). */
  liveThreads = 0;
  current: Thread = null as unknown as Thread;
  steps = 0;
  /** Virtual time in milliseconds (our jiffies). */
  now = 0;
  readonly violations: Violation[] = [];
  readonly events: StepEvent[] = [];
  readonly trace: TraceLine[] = [];
  readonly record: boolean;
  /** True while a thread's step runs (between the scheduler's next() call and its return). */
  inStep = false;
  private readonly limits: ExecutionLimits | null;
  private limitChecks = 0;
  private readonly afterStep: ((t: Thread) => void) | null;
  private readonly runnable: number[] = [];
  /** Set whenever a thread changes state, so the runnable list is rebuilt only then. */
  dirty = true;
  /**
   * CPUs (cpu.ts): 0 when the scenario declares none (every thread runs as if on a CPU of its
   * own, as before CPUs existed). Else cpuOwner[c] is the thread that runs on CPU c (-1: none).
   */
  ncpus = 0;
  cpuOwner: number[] = [];
  /** The objects a step on CPU c touches (partial-order reduction: who may run depends on it). */
  cpuObj: Waitable[] = [];
  private readonly eligible: number[] = [];
  /**
   * Waits in progress whose condition declares what it reads (wait.ts), while a dependency
   * observer records: the recorder checks each step against them (null: none yet).
   */
  declaredWaits: DeclaredWait[] | null = null;
  /** Counter for object labels, per execution so labels are deterministic. */
  private labels: Map<string, number> | null = null;
  private extMap: Map<string, unknown> | null = null;
  /** Per-execution state owned by other layers (mm observers, device registries...). */
  get ext(): Map<string, unknown> {
    if (this.extMap === null) this.extMap = new Map();
    return this.extMap;
  }
  private atExit: Array<() => void> = [];

  constructor(
    private readonly chooser: Chooser,
    readonly options: ExecutionOptions,
  ) {
    this.record = options.record;
    this.limits = options.limits ?? null;
    this.afterStep = options.afterStep ?? null;
  }

  /**
   * At a scheduling point whose step number is a multiple of LIMIT_CHECK_STEPS: stop the
   * exploration if its deadline passed, the user interrupted it or memory is running out.
   */
  checkLimits(): void {
    const l = this.limits;
    if (interrupted()) throw new ExplorationStop('interrupted', 'interrupted');
    if (l === null) return;
    if (performance.now() > l.deadline) throw new ExplorationStop('seconds', 'the wall-clock budget ran out inside an execution');
    if (l.memory && ++this.limitChecks % MEMORY_CHECK_EVERY === 0) l.memory();
  }

  /** A fresh label such as "hmm#2" for an object of the given type. */
  label(type: string): string {
    if (this.labels === null) this.labels = new Map();
    const n = (this.labels.get(type) ?? 0) + 1;
    this.labels.set(type, n);
    return `${type}#${n}`;
  }

  spawn(name: string, fn: ThreadFn): Thread {
    if (typeof fn !== 'function') throw new ScenarioError(`thread ${name}: spawn needs a function returning a generator, got ${typeof fn}`);
    const g = fn() as unknown;
    if (g !== null && typeof g === 'object' && (Symbol.asyncIterator in g || typeof (g as Promise<void>).then === 'function')) {
      (g as Promise<void>).then?.(undefined, () => {});
      throw new ScenarioError(
        `thread ${name} is ${typeof (g as Promise<void>).then === 'function' ? 'an async function' : 'an async generator'}${where_defined(fn)}: model threads are written as function* and wait only through the runtime's primitives (no async, real time or I/O)`,
      );
    }
    if (g === null || typeof g !== 'object' || typeof (g as Sched).next !== 'function') {
      throw new ScenarioError(`thread ${name} is not a generator${where_defined(fn)}: model threads are written as function* and wait only through the runtime's primitives (no async, real time or I/O)`);
    }
    const t = new Thread(this.threads.length, name, g as Sched);
    this.threads.push(t);
    this.liveThreads++;
    this.dirty = true;
    if (stepObserver !== null) stepObserver.spawned(t.id);
    return t;
  }

  private atFinish: Array<() => void> = [];

  /**
   * Register a function that runs once the execution is over (after its last step or fatal
   * report, before run() returns): per-execution state gives back memory a next execution
   * can reuse. Nothing may read that state afterwards.
   */
  onFinish(fn: () => void): void {
    this.atFinish.push(fn);
  }

  /** Register a check that runs when every thread has exited (leak checks and the like). */
  onExit(fn: () => void): void {
    this.atExit.push(fn);
  }

  /** Explain path only: a free-form line in the interleaving ("device maps 0x1000"). */
  log(text: string): void {
    if (this.record) this.trace.push({ step: this.steps, thread: this.current.name, text });
  }

  /** Record a violation. Fatal ones are thrown so the thread stops where it is. */
  report(kind: ViolationKind, title: string, message: string, detail: string[] = [], fatal = true): void {
    const v: Violation = {
      kind,
      title,
      message,
      thread: this.current ? this.current.name : '',
      step: this.steps,
      detail,
      fatal,
    };
    if (fatal) throw new KernelReport(v);
    this.violations.push(v);
  }

  /**
   * Runs `init` (which creates objects and spawns the first threads), then every thread to
   * completion or to the first fatal violation.
   */
  run(init: () => void): ExecutionResult {
    const prev = cur;
    cur = this;
    try {
      try {
        const r = init() as unknown;
        if (r !== undefined && typeof (r as Promise<void>).then === 'function') {
          throw new ScenarioError('scenario set-up returned a promise: set-up must be synchronous (no real time or I/O)');
        }
      } catch (e) {
        if (e instanceof KernelReport) this.fail(e.violation);
        else if (e instanceof ScenarioError) throw e;
        else throw new ScenarioError(`scenario set-up threw: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (this.violations.length === 0 || !this.violations.some((v) => v.fatal)) this.loop();
    } finally {
      if (this.options.atEnd) this.options.atEnd();
      cur = prev;
      const fin = this.atFinish;
      this.atFinish = [];
      for (let i = 0; i < fin.length; i++) fin[i]!();
    }
    return {
      steps: this.steps,
      violations: this.violations,
      events: this.events,
      trace: this.trace,
      threads: this.threads.map((t) => t.name),
      cpus: this.ncpus,
    };
  }

  private readonly others: number[] = [];

  /** The runnable threads other than `last` (a reused array). */
  private othersOf(runnable: readonly number[], last: number): number[] {
    const o = this.others;
    while (o.length > 0) o.pop();
    for (const t of runnable) if (t !== last) o.push(t);
    return o;
  }

  private loop(): void {
    const threads = this.threads;
    const runnable = this.runnable;
    const budget = this.options.stepBudget;
    let last = -1;
    let live = 0;
    for (;;) {
      if (this.dirty) {
        this.dirty = false;
        // Rewritten in place: setting an array's length is a slow runtime call, pop is not.
        let k = 0;
        live = 0;
        for (let i = 0; i < threads.length; i++) {
          const s = threads[i]!.state;
          if (s === TState.Runnable) runnable[k++] = i;
          if (s !== TState.Done) live++;
        }
        while (runnable.length > k) runnable.pop();
      }
      if (runnable.length === 0) {
        if (live === 0) break;
        if (this.fireTimers()) continue;
        this.reportDeadlock();
        return;
      }
      const cand = this.ncpus > 0 ? this.eligibleOf(runnable) : runnable;
      if (this.steps >= budget) {
        this.current = threads[last] ?? threads[cand[0]!]!;
        const starved = this.ncpus > 0 ? this.starvation(runnable, cand) : '';
        this.fail({
          kind: starved !== '' ? 'soft-lockup' : 'livelock',
          title: starved !== '' ? `BUG: soft lockup: ${starved}` : `BUG: livelock: execution exceeded its budget of ${budget} steps`,
          message: starved !== '' ? `no progress after ${budget} steps: ${starved} (kernel code is not preemptible)` : `no progress after ${budget} steps (a retry loop that never succeeds?)`,
          thread: this.current.name,
          step: this.steps,
          detail: [
            `virtual time: ${this.now} ms`,
            'Threads still running:',
            ...threads.filter((t) => t.state !== TState.Done).map((t) => `  ${t.name}${t.waitingOn ? ` (waiting on ${t.waitingOn.label})` : ''}`),
          ],
          fatal: true,
        });
        return;
      }
      let pick: number;
      const lt = last >= 0 ? threads[last]! : null;
      if (cand.length === 1) pick = cand[0]!;
      else if (lt !== null && lt.yielded && lt.state === TState.Runnable) {
        // A thread that yielded (cond_resched/cpu_relax in a retry loop) lets another runnable
        // thread go first, as loom schedules yield_now: the explorer assumes the retrying CPU
        // does not starve the one it waits for, so a retry loop is not a livelock by itself.
        // A thread spinning on a declared CPU (spin_retry, cpu.ts) keeps its CPU but lets a
        // thread of another CPU go first: CPUs run in parallel.
        const others = this.othersOf(cand, last);
        pick = others.length === 0 ? last : others.length === 1 ? others[0]! : this.chooser.pickThread(others, last, false, true);
      } else {
        const lastRunnable = lt !== null && lt.state === TState.Runnable;
        pick = this.chooser.pickThread(cand, last, lastRunnable, lt !== null && lt.yielded);
      }
      if (lt !== null) lt.yielded = false;
      const t = threads[pick]!;
      const onCpu = t.cpu >= 0 && this.ncpus > 0;
      const tookCpu = onCpu && this.takeCpu(t);
      this.current = t;
      heartbeat[0]++;
      heartbeat[1] = pick;
      if (this.record) this.recordStep(t);
      this.steps++;
      if ((this.steps & LIMIT_MASK) === 0) this.checkLimits();
      last = pick;
      if (stepObserver !== null) {
        stepObserver.step(pick);
        // The step runs on t's CPU: it changes who may run there (a CPU is like a lock that
        // every step on it holds; taking it from another thread is an acquisition).
        if (onCpu) stepObserver.access(tookCpu ? 'cpu acquire' : 'cpu', this.cpuObj[t.cpu], 0);
      }
      this.inStep = true;
      try {
        const r = t.gen.next();
        this.inStep = false;
        if (r.done) this.exitThread(t);
        else if (r.value !== undefined) {
          throw new ScenarioError(
            `thread ${t.name} yielded a value (${describe(r.value)}): model threads must not wait on real time, I/O or promises; use yield* with the runtime's primitives`,
          );
        }
        if (this.afterStep !== null) this.afterStep(t);
      } catch (e) {
        this.inStep = false;
        if (e instanceof KernelReport) {
          this.fail(e.violation);
          return;
        }
        if (e instanceof ScenarioError || e instanceof ModelError || e instanceof ExplorationStop || this.options.throwErrors) throw e;
        // A JavaScript exception in model or scenario code: the kernel would oops here.
        t.state = TState.Done;
        this.liveThreads--;
        this.fail(oops(t, this.steps, e));
        return;
      }
    }
    for (const f of this.atExit) {
      try {
        f();
      } catch (e) {
        if (e instanceof KernelReport) {
          this.fail(e.violation);
          return;
        }
        throw e;
      }
    }
  }

  /**
   * The runnable threads a CPU may run now (a reused array). Kernel code is not preemptible: a
   * thread pinned to CPU c runs only if c runs it already, or c's thread has blocked, exited or
   * given the CPU up at a voluntary resched point (then a thread that gave it up lets the
   * others on c go first). A thread not pinned runs on a CPU of its own.
   */
  private eligibleOf(runnable: readonly number[]): number[] {
    const e = this.eligible;
    while (e.length > 0) e.pop();
    const threads = this.threads;
    for (const i of runnable) {
      const t = threads[i]!;
      if (t.cpu < 0 || this.cpuFree(t)) e.push(i);
    }
    return e;
  }

  private cpuFree(t: Thread): boolean {
    const o = this.cpuOwner[t.cpu]!;
    if (o === t.id) return true;
    if (o >= 0) {
      const ot = this.threads[o]!;
      if (ot.state === TState.Runnable && !ot.ceded) return false;
    }
    if (!t.ceded) return true;
    // t gave the CPU up: another runnable thread of that CPU goes first.
    for (const u of this.threads) if (u !== t && u.cpu === t.cpu && u.state === TState.Runnable && !u.ceded) return false;
    return true;
  }

  /** Thread t runs its next step on its CPU. Returns whether it took the CPU from another thread (or back after giving it up). */
  private takeCpu(t: Thread): boolean {
    const c = t.cpu;
    if (this.cpuOwner[c] === t.id && !t.ceded) return false;
    this.cpuOwner[c] = t.id;
    for (const u of this.threads) if (u.cpu === c) u.ceded = false;
    return true;
  }

  /**
   * At the step budget: a soft lockup, or '' when the run is not one. It is one when a runnable
   * thread waits for a CPU whose thread is runnable and has not given it up, and nothing else
   * could run: every thread the scheduler may run keeps a CPU another thread waits for. Then no
   * schedule, fair or not, lets the waiting thread run (kernel code is not preemptible). If
   * another thread could run, the explorer merely did not run it: a plain livelock report.
   */
  private starvation(runnable: readonly number[], cand: readonly number[]): string {
    let msg = '';
    const keepers: number[] = [];
    for (const i of runnable) {
      if (cand.includes(i)) continue;
      const t = this.threads[i]!;
      const o = this.cpuOwner[t.cpu]!;
      const ot = this.threads[o];
      if (ot === undefined || o === t.id || ot.state !== TState.Runnable || ot.ceded) continue;
      keepers.push(o);
      if (msg === '') msg = `CPU#${t.cpu} stuck: ${ot.name} runs without a scheduling point while ${t.name} waits for that CPU`;
    }
    for (const i of cand) if (!keepers.includes(i)) return '';
    return msg;
  }

  private recordStep(t: Thread): void {
    // The operation this step performs was noted by the primitive just before it yielded.
    this.events.push({ step: this.steps, thread: t.name, op: t.nextOp, obj: t.nextObj, where: t.nextWhere, stack: t.nextStack });
    t.nextOp = 'run';
    t.nextObj = '';
    t.nextWhere = '';
    t.nextStack = [];
  }

  /** A data choice made by the explorer (0..n-1); part of the replayed choice stream. */
  choose(n: number): number {
    if (n <= 1) return 0;
    return this.chooser.pickValue(n);
  }

  private exitThread(t: Thread): void {
    if (stepObserver !== null) stepObserver.exited(t.id);
    t.state = TState.Done;
    this.liveThreads--;
    this.dirty = true;
    wakeAll(t.joiners, t);
    if (t.atomicDepth > 0) {
      this.report('bug', `BUG: scheduling while atomic: ${t.name} exited holding a spinlock`, `${t.name} exited with a spinlock held`, [], false);
    }
    if (t.held.length > 0) {
      this.report(
        'warn',
        `WARNING: lock held when returning to user space!`,
        `${t.name} exited holding ${t.held.map((h) => h.lock.label).join(', ')}`,
        [],
        false,
      );
    }
  }

  private fail(v: Violation): void {
    this.violations.push(v);
  }

  /** Every live thread is blocked: fire the earliest timer, if any. */
  private fireTimers(): boolean {
    let min = Infinity;
    for (const t of this.threads) if (t.state === TState.Blocked && t.deadline >= 0 && t.deadline < min) min = t.deadline;
    if (min === Infinity) return false;
    this.now = min;
    this.dirty = true;
    for (const t of this.threads) {
      if (t.state === TState.Blocked && t.deadline === min) {
        t.state = TState.Runnable;
        t.timedOut = true;
        t.deadline = -1;
        t.waitingOn = null;
        if (stepObserver !== null) stepObserver.timed(t.id, true);
      }
    }
    return true;
  }

  private reportDeadlock(): void {
    const blocked = this.threads.filter((t) => t.state === TState.Blocked);
    const detail = blocked.map((t) => {
      const w = t.waitingOn;
      const h = w?.holders?.();
      return `  ${t.name} blocked on ${w ? w.label : '?'}${h ? ` held by ${h}` : ''}`;
    });
    this.current = blocked[0]!;
    this.fail({
      kind: 'deadlock',
      title: 'INFO: task hung: every live thread is blocked and no timer is pending',
      message: `deadlock: ${blocked.map((t) => `${t.name} on ${t.waitingOn ? t.waitingOn.label : '?'}`).join(', ')}`,
      thread: '',
      step: this.steps,
      detail: ['Blocked threads:', ...detail],
      fatal: true,
    });
  }
}

/**
 * Explain path only: describe the operation the current thread performs after this
 * scheduling point. Primitives call it as `if (cur.record) note(op, obj)` right before `yield`;
 * `helperFrames` model frames between the caller and note are not named as the step's place.
 */
export function note(op: string, obj: string, helperFrames = 0): void {
  const t = cur.current;
  t.nextOp = op;
  t.nextObj = obj;
  // A model helper that calls note for its caller (pte_note) passes its own frame count, and a
  // primitive named by its own op (device_map) is not its own place: the step is shown in the
  // function that performs it, as for the kernel primitives.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 80;
  const frames = modelStack(32 + helperFrames).slice(helperFrames);
  Error.stackTraceLimit = limit;
  t.nextWhere = (frames[0] === op ? frames[1] : frames[0]) ?? '';
  t.nextStack = frames[0] === op ? frames.slice(1) : frames;
}

/**
 * The model call chain of the current thread (innermost first), without the runtime's own
 * frames: e.g. ["hmm_free", "hmm_mirror_unregister", "driver_unbind"]. Explain path only.
 */
export function modelStack(max = 8, from: Error = new Error()): string[] {
  const stack = from.stack ?? '';
  const out: string[] = [];
  for (const line of stack.split('\n').slice(1)) {
    const m = /^\s*at (?:Generator\.)?([^\s(]+)(?: \[as [^\]]+\])? \((.*)\)$/.exec(line);
    if (!m) continue;
    const fn = m[1]!;
    const file = m[2]!;
    // Below the model: the explorer, the CLI, test runners. Stop there.
    if (file.includes('/src/explore/') || file.includes('/src/cli/') || file.includes('node_modules') || file.includes('/test/') || file.includes('/bench/')) break;
    if (file.includes('/src/kernel/') || file.startsWith('<anonymous>') || file.startsWith('node:') || fn.endsWith('.next')) continue;
    out.push(fn.replace(/^(Object|Module)\./, ''));
    if (out.length >= max) break;
  }
  return out;
}

/**
 * True when the caller may skip the scheduling point it is at: the execution has a single
 * live thread (every other one has exited, none is blocked or runnable), so no other thread
 * could run there and no choice exists, and nothing is being recorded. The skipped point still counts as a step, so a lone thread spinning through
 * primitives still meets the livelock budget (the point is taken when the budget is reached).
 */
export function lone_point(): boolean {
  const c = cur;
  if (c.liveThreads !== 1 || c.record || c.steps + 1 >= c.options.stepBudget) return false;
  if ((++c.steps & LIMIT_MASK) === 0) c.checkLimits();
  heartbeat[0]++;
  return true;
}

/**
 * lone_point() for `n` consecutive steps at once: a lone thread that performs n visible
 * operations nobody else can observe (a loop of user stores over one page) advances the step
 * counter as n single steps would. False (and nothing counted) when any of them would need a
 * real scheduling point.
 */
export function lone_points(n: number): boolean {
  const c = cur;
  if (c.liveThreads !== 1 || c.record || c.steps + n >= c.options.stepBudget) return false;
  const before = c.steps;
  c.steps += n;
  heartbeat[0] += n;
  if (before >>> 10 !== c.steps >>> 10) c.checkLimits();
  return true;
}

/**
 * An already-finished Sched<T>. A primitive whose fast path needs no scheduling point (see
 * lone_point) may return one instead of a generator: `yield* x` on it costs one small object.
 * It is its own iterator result ({ done: true, value }).
 */
class Completed<T> {
  readonly done = true;
  constructor(readonly value: T) {}
  next(): this {
    return this;
  }
  return(): this {
    return this;
  }
  throw(e: unknown): never {
    throw e;
  }
  [Symbol.iterator](): this {
    return this;
  }
}

export function completed<T>(value: T): Sched<T> {
  return new Completed(value) as unknown as Sched<T>;
}

/**
 * If `s` is already finished (a primitive's fast path returned completed() or DONE), its value;
 * else NOT_FINISHED and `s` is a generator not yet started, to be run with `yield*`. Lets a
 * lone thread's fast path chain primitives without generators of its own.
 */
export function finished_value<T>(s: Sched<T>): T | typeof NOT_FINISHED {
  return s instanceof Completed ? (s.value as T) : NOT_FINISHED;
}
export const NOT_FINISHED: unique symbol = Symbol('not finished');

/**
 * The value of a Sched that must already be finished (a primitive whose lone-thread fast path
 * the caller has made sure applies). Anything else is a model bug.
 */
export function finish_now<T>(s: Sched<T>, what: string): T {
  if (!(s instanceof Completed)) throw new ModelError(`${what} did not complete at once`);
  return s.value as T;
}

/** The finished Sched<void> (immutable, so one instance serves every caller). */
export const DONE: Sched = Object.freeze(new Completed(undefined)) as unknown as Sched;

/** Put the current thread to sleep on `w` (optionally until a virtual-time deadline); then `yield`. */
export function block(w: Waitable, deadline = -1): void {
  const t = cur.current;
  cur.dirty = true;
  if (cur.record) {
    // The step after this sleep is the wake-up and its re-check.
    t.nextOp = 'woken';
    t.nextObj = w.label;
  }
  t.state = TState.Blocked;
  t.waitingOn = w;
  t.deadline = deadline;
  t.timedOut = false;
  if (deadline >= 0 && stepObserver !== null) stepObserver.timed(t.id, false);
}

/** Wake `t` if it is still sleeping on `w`. */
export function wakeThread(t: Thread, w: Waitable): void {
  if (t.state === TState.Blocked && t.waitingOn === w) {
    cur.dirty = true;
    // A thread woken on a declared CPU takes it back from whoever runs there (its owner keeps
    // it while runnable): the wake-up changes who may run on that CPU.
    if (stepObserver !== null && t.cpu >= 0 && cur.ncpus > 0) stepObserver.access('cpu', cur.cpuObj[t.cpu], 0);
    t.state = TState.Runnable;
    t.waitingOn = null;
    t.deadline = -1;
  }
}

/** Wake every thread in `list` sleeping on `w` and empty the list. */
export function wakeAll(list: Thread[], w: Waitable): void {
  const n = list.length;
  if (n === 0) return;
  for (let i = 0; i < n; i++) wakeThread(list[i]!, w);
  while (list.length > 0) list.pop(); // not list.length = 0: a slow runtime call
}

/** The `oops` finding for an exception `e` thrown by thread `t` at `step`. */
function oops(t: Thread, step: number, e: unknown): Violation {
  const err = e instanceof Error ? e : null;
  const what = err ? `${err.name}: ${err.message}` : `uncaught value ${String(e)}`;
  const frames = err ? js_frames(err) : [];
  const at = frames[0];
  const fn = at?.fn ?? '?';
  return {
    kind: 'oops',
    title: `Oops: ${what}${at ? ` in ${fn}` : ''}`,
    message: `${what}${at ? ` at ${at.file}:${at.line}` : ''}`,
    thread: t.name,
    step,
    detail: [`thread ${t.name} threw at step ${step}:`, ...frames.map((f) => `  ${f.fn} (${f.file}:${f.line}:${f.col})`), '', 'A JavaScript exception in model or scenario code ends the execution, as an oops ends the task.'],
    fatal: true,
  };
}

interface JsFrame {
  fn: string;
  file: string;
  line: number;
  col: number;
}

/** The frames of `e` in model and scenario code (paths relative to the working directory). */
export function js_frames(e: Error): JsFrame[] {
  const out: JsFrame[] = [];
  for (const l of (e.stack ?? '').split('\n').slice(1)) {
    const m = /^\s*at (?:async )?(?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/.exec(l);
    if (!m) continue;
    let file = m[2]!;
    if (file.startsWith('node:') || file.includes('/src/explore/') || file.includes('/src/cli/') || file.endsWith('/src/kernel/sched.js')) continue;
    if (file.startsWith('file://')) file = display_path(fileURLToPath(file));
    out.push({ fn: (m[1] ?? '<anonymous>').replace(/^(Object|Module|Generator)\./, '').replace(/ \[as [^\]]+\]$/, ''), file, line: Number(m[3]), col: Number(m[4]) });
    if (out.length >= 8) break;
  }
  return out;
}

/** " (defined at file:line)" for a function, when the engine tells; else "". */
function where_defined(fn: unknown): string {
  const at = function_location(fn);
  return at ? ` (defined at ${at})` : '';
}

function describe(v: unknown): string {
  if (v !== null && typeof v === 'object' && typeof (v as Promise<unknown>).then === 'function') return 'a Promise';
  return typeof v;
}
