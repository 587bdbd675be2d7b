/*
 * Dependency recording for partial-order reduction: during one execution, what each step
 * touched and how, the happens-before order that follows (vector clocks), and the races of the
 * execution (pairs of dependent steps of different threads with nothing ordering them but
 * themselves), which dpor.ts reverses.
 *
 * A step is an event when it performs a visible operation (step.ts visible()), a KASAN check or
 * free, spawns or ends a thread, or involves virtual time. Other steps touch only data that its
 * lock protects (the step discipline), so they commute with everything and need no event.
 *
 * Two events conflict when they touch the same object and one of them changes it (two
 * commuting updates, such as two reference gets, do not), or when one of them is global.
 * Which objects each operation touches, and where the relation is deliberately coarse, is
 * dep_keys.ts. Every step that sleeps with a deadline or runs right after a timer fired is
 * global (virtual time moves only when every thread is blocked, a property of the whole state).
 * Coarser means more executions, never fewer: the reduction stays sound.
 *
 * Mutexes and spinlocks are treated as in Nidhugg: an attempt that finds the lock held and
 * sleeps changes nothing another thread can see (it only queues), so it is no event; the
 * acquisition that follows races with the previous acquisition of the lock by another thread
 * (the critical sections can come in the other order), not with the release that enabled it.
 * A failed trylock reads the lock.
 *
 * Enabling is part of happens-before: a blocked thread runs again only after a step that
 * conflicts with its retry (an unlock and the re-acquire touch one lock; a wake-up and the
 * condition re-check are dependent because the check is global; a thread's exit and a join
 * touch the thread), and a spawned thread's first step comes after its spawn.
 */

import { ExclusiveLock } from '../kernel/lock.js';
import { cur, TState, type StepObserver } from '../kernel/sched.js';
import { ALL, op_keys, READ, UPDATE, WRITE } from './dep_keys.js';

/** An event's footprint: global, or object keys each with how it is touched. */
export interface Footprint {
  global: boolean;
  keys: string[];
  modes: number[];
  /** Key of the mutex or spinlock this step acquired / released, if any. */
  acquire?: string;
  release?: string;
  tryAcquire?: boolean;
}

function add_key(f: Footprint, k: string, m: number): void {
  const i = f.keys.indexOf(k);
  if (i < 0) {
    f.keys.push(k);
    f.modes.push(m);
  } else if (f.modes[i] !== m) f.modes[i] = WRITE; // an update that also reads, or reads and writes
}

/** An event that changes some object updates ALL (see READS_ALL). */
function mark_change(f: Footprint): void {
  for (let i = 0; i < f.modes.length; i++) {
    if (f.modes[i] !== READ && f.keys[i] !== ALL) {
      add_key(f, ALL, UPDATE);
      return;
    }
  }
}

function clash(x: number, y: number): boolean {
  return x !== y || x === WRITE;
}

export function conflicts(a: Footprint, b: Footprint): boolean {
  if (a.global || b.global) return true;
  for (let i = 0; i < a.keys.length; i++) {
    const k = a.keys[i]!;
    for (let j = 0; j < b.keys.length; j++) if (b.keys[j] === k && clash(a.modes[i]!, b.modes[j]!)) return true;
  }
  return false;
}

interface ObjHist {
  lastWrite: number;
  /** Reads and commuting updates since lastWrite: at most one (the latest) per thread each. */
  reads: number[];
  updates: number[];
}

function remember(list: number[], e: number, t: number, thread: number[]): void {
  let j = 0;
  while (j < list.length && thread[list[j]!] !== t) j++;
  list[j] = e;
}

export interface Race {
  /** Earlier and later event (indices into the recorder's events). */
  e: number;
  e2: number;
}

/**
 * One execution's events. Thread-choice nodes of the search are numbered by the strategy and
 * passed in before the step they choose (`nodeForNextStep`).
 */
export class DependencyRecorder implements StepObserver {
  // Per event.
  readonly thread: number[] = [];
  /** 1-based index of the event among its thread's events. */
  readonly idx: number[] = [];
  readonly clock: number[][] = [];
  /** Search node that chose this event's step (-1 if the step was not chosen among others). */
  readonly node: number[] = [];
  readonly foot: Footprint[] = [];
  readonly races: Race[] = [];
  /** Per thread: clock after its last event (or its spawn). */
  private tclock: number[][] = [];
  private tcount: number[] = [];
  private lastEvent: number[] = [];
  private readonly hist = new Map<string, ObjHist>();
  private lastGlobal = -1;
  /** Threads whose next step follows a timer. */
  private timedNext = new Set<number>();
  // The step in progress.
  private stepNo = -1;
  private stepThread = -1;
  private stepNode = -1;
  private open: Footprint | null = null;
  /** Threads spawned by the step in progress; clock of each thread's spawn event. */
  private openSpawns: number[] = [];
  private spawnClock: (number[] | null)[] = [];
  /** Node to attach to the step the scheduler starts next (set by the strategy). */
  nodeForNextStep = -1;
  /** Called when a step chosen at a node is finished, with its footprint (sleep sets). */
  onNodeStep: ((node: number, thread: number, f: Footprint | null) => void) | null = null;
  /** Called for every event once its footprint is complete (sleep-set wake-ups). */
  onEvent: ((thread: number, f: Footprint) => void) | null = null;
  /** Called when the scheduler starts a step (may throw to cut the execution short). */
  onStep: ((thread: number) => void) | null = null;
  /** Steps that made a data choice: their footprint depends on the value (not sleepable). */
  private valueStep = false;
  private pendingLock: ExclusiveLock | null = null;
  private pendingTry = false;
  private readonly lastAcquire = new Map<string, number>();
  /** Scratch list of addEvent (reused: no allocation per event). */
  private readonly cand: number[] = [];

  step(t: number): void {
    this.flush();
    if (this.onStep !== null) this.onStep(t);
    this.stepNo = cur.steps;
    this.stepThread = t;
    this.stepNode = this.nodeForNextStep;
    this.nodeForNextStep = -1;
    this.valueStep = false;
    if (this.timedNext.has(t)) {
      this.timedNext.delete(t);
      this.openEvent().global = true;
    }
  }

  private sync(): boolean {
    const c = cur;
    if (c.current === null || c.current === undefined) return false;
    if (c.steps !== this.stepNo || c.current.id !== this.stepThread) {
      // A step the scheduler did not start (a lone thread's skipped scheduling point).
      this.flush();
      this.stepNo = c.steps;
      this.stepThread = c.current.id;
      this.stepNode = -1;
      this.valueStep = false;
    }
    return true;
  }

  private openEvent(): Footprint {
    if (this.open === null) this.open = { global: false, keys: [], modes: [] };
    return this.open;
  }

  access(op: string, obj: unknown, sub: number): void {
    if (!this.sync()) return;
    const f = this.openEvent();
    if (obj instanceof ExclusiveLock) {
      if (op === 'mutex_lock' || op === 'spin_lock' || op === 'mutex_trylock' || op === 'spin_trylock') {
        // Resolved when the step ends: acquired, queued, or a failed trylock.
        this.pendingLock = obj;
        this.pendingTry = op.endsWith('trylock');
        return;
      }
      if (op === 'mutex_unlock' || op === 'spin_unlock') f.release = obj.label;
    }
    this.cur_f = f;
    op_keys(op, obj, sub, this.addKey);
  }

  private cur_f: Footprint = EMPTY;
  private readonly addKey = (k: string, m: number): void => add_key(this.cur_f, k, m);

  /** Threads spawned and ended in this execution (fewer ended: the execution was cut short). */
  spawnedCount = 0;
  exitedCount = 0;

  spawned(child: number): void {
    this.spawnedCount++;
    if (!this.sync()) {
      this.spawnClock[child] = null;
      return;
    }
    // The spawn is an event: the child's steps come after it. It changes the set of threads
    // (a condition may read it).
    add_key(this.openEvent(), 'threads', WRITE);
    this.openSpawns.push(child);
  }

  exited(t: number): void {
    this.exitedCount++;
    if (!this.sync()) return;
    const f = this.openEvent();
    f.keys.push(`thread ${cur.threads[t]!.name}`);
    f.modes.push(WRITE);
  }

  timed(t: number, next: boolean): void {
    if (next) this.timedNext.add(t);
    else if (this.sync()) this.openEvent().global = true;
  }

  /** A data choice inside the current step. */
  valueChoice(): void {
    this.valueStep = true;
  }

  /** Finish the step in progress (at the next step and at the end of the execution). */
  flush(): void {
    const f = this.open;
    const node = this.stepNode;
    if (node >= 0 && this.onNodeStep !== null) this.onNodeStep(node, this.stepThread, this.valueStep ? null : f ?? EMPTY);
    this.stepNode = -1;
    if (f === null) return;
    this.open = null;
    const l = this.pendingLock;
    if (l !== null) {
      this.pendingLock = null;
      const t = l.waiters.find((w) => w.id === this.stepThread) ?? (l.holder !== null && l.holder.id === this.stepThread ? l.holder : null);
      if (t !== null && l.holder === t) {
        f.acquire = l.label;
        // A trylock taken right after a release could also have run before it (and failed).
        if (this.pendingTry) f.tryAcquire = true;
        f.keys.push(l.label);
        f.modes.push(WRITE);
      } else if (!(t !== null && t.state === TState.Blocked && t.waitingOn === l)) {
        f.keys.push(l.label);
        f.modes.push(READ);
      }
    }
    if (!f.global) mark_change(f);
    this.addEvent(this.stepThread, f, node);
  }

  private addEvent(t: number, f: Footprint, node: number): void {
    const e = this.thread.length;
    let base = this.tclock[t];
    if (base === undefined) {
      // First event of t: after its spawn (the spawner's clock then, which includes the spawn).
      const sc = this.spawnClock[t];
      base = sc !== undefined && sc !== null ? sc.slice() : [];
      this.tcount[t] = 0;
    } else base = base.slice();
    const n = (this.tcount[t] ?? 0) + 1;
    this.tcount[t] = n;
    // Candidates: the conflicting earlier events that may be immediate predecessors.
    const cand = this.cand;
    cand.length = 0;
    if (f.global) {
      for (let r = 0; r < this.lastEvent.length; r++) {
        const le = this.lastEvent[r];
        if (r !== t && le !== undefined && le >= 0) cand.push(le);
      }
    } else {
      if (this.lastGlobal >= 0 && this.thread[this.lastGlobal] !== t) cand.push(this.lastGlobal);
      for (let i = 0; i < f.keys.length; i++) {
        const h = this.hist.get(f.keys[i]!);
        if (h === undefined) continue;
        if (h.lastWrite >= 0 && this.thread[h.lastWrite] !== t) cand.push(h.lastWrite);
        const m = f.modes[i]!;
        if (m !== READ) for (const r of h.reads) if (this.thread[r] !== t) cand.push(r);
        if (m !== UPDATE) for (const r of h.updates) if (this.thread[r] !== t) cand.push(r);
      }
    }
    if (cand.length > 1) cand.sort((x, y) => y - x);
    const a = f.acquire !== undefined ? this.lastAcquire.get(f.acquire) : undefined;
    // What program order alone says of the previous acquisition (before any join).
    const poA = a !== undefined ? (base[this.thread[a]!] ?? 0) : 0;
    let raceA = false;
    let prev = -1;
    for (const c of cand) {
      if (c === prev) continue;
      prev = c;
      const ct = this.thread[c]!;
      if ((base[ct] ?? 0) < this.idx[c]!) {
        // The release that let this acquisition happen is no race (the acquisitions are).
        if (f.acquire === undefined || f.tryAcquire === true || this.foot[c]!.release !== f.acquire) {
          this.races.push({ e: c, e2: e });
          if (c === a) raceA = true;
        }
        join(base, this.clock[c]!);
      }
    }
    if (f.acquire !== undefined) {
      if (a !== undefined && !raceA && this.thread[a] !== t && poA < this.idx[a]!) this.races.push({ e: a, e2: e });
      this.lastAcquire.set(f.acquire!, e);
    }
    base[t] = n;
    this.thread.push(t);
    this.idx.push(n);
    this.clock.push(base);
    this.node.push(node);
    this.foot.push(f);
    this.tclock[t] = base;
    this.lastEvent[t] = e;
    if (this.openSpawns.length > 0) {
      for (const c of this.openSpawns) this.spawnClock[c] = base;
      this.openSpawns = [];
    }
    if (f.global) this.lastGlobal = e;
    if (this.onEvent !== null) this.onEvent(t, f);
    for (let i = 0; i < f.keys.length; i++) {
      const k = f.keys[i]!;
      let h = this.hist.get(k);
      if (h === undefined) this.hist.set(k, (h = { lastWrite: -1, reads: [], updates: [] }));
      const m = f.modes[i]!;
      if (m === WRITE) {
        h.lastWrite = e;
        if (h.reads.length > 0) h.reads = [];
        if (h.updates.length > 0) h.updates = [];
      } else remember(m === READ ? h.reads : h.updates, e, t, this.thread);
    }
  }

  /** Does event a happen before event b (a earlier in the execution)? */
  hb(a: number, b: number): boolean {
    return (this.clock[b]![this.thread[a]!] ?? 0) >= this.idx[a]!;
  }

  /**
   * The threads that can start an execution equivalent to the race's reversal: the initials of
   * v = (the events after e that do not happen after e), then e2 (source-DPOR's I(v)).
   */
  initials(race: Race): number[] {
    const { e, e2 } = race;
    const pt = this.thread[e]!;
    const pi = this.idx[e]!;
    const firstOf = new Map<number, number>();
    const out: number[] = [];
    const consider = (x: number): void => {
      const tx = this.thread[x]!;
      if (firstOf.has(tx)) return;
      let initial = true;
      const cx = this.clock[x]!;
      for (const [r, y] of firstOf) {
        if ((cx[r] ?? 0) >= this.idx[y]!) {
          initial = false;
          break;
        }
      }
      firstOf.set(tx, x);
      if (initial) out.push(tx);
    };
    for (let x = e + 1; x < e2; x++) {
      if ((this.clock[x]![pt] ?? 0) >= pi) continue; // happens after e
      consider(x);
    }
    consider(e2);
    return out;
  }
}

/**
 * A footprint as plain JSON and back (checkpoints, work handed to another worker): the form
 * does not depend on anything the process interned.
 */
export function footprint_to_json(f: Footprint): unknown {
  return f;
}
export function footprint_from_json(j: unknown): Footprint {
  return j as Footprint;
}

const EMPTY: Footprint = Object.freeze({ global: false, keys: [], modes: [] }) as Footprint;

function join(a: number[], b: number[]): void {
  for (let i = 0; i < b.length; i++) {
    const v = b[i];
    if (v !== undefined && (a[i] ?? 0) < v) a[i] = v;
  }
  for (let i = 0; i < a.length; i++) if (a[i] === undefined) a[i] = 0;
}
