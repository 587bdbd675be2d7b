/*
 * Dependency recording for partial-order reduction: during one execution, what each step
 * touched and how, the happens-before order that follows (vector clocks), and the races of the
 * execution (pairs of dependent steps of different threads with nothing ordering them but
 * themselves), which dpor.ts reverses.
 *
 * Every step is an event. One that performs no visible operation (step.ts visible()), KASAN
 * check or free, spawns or ends no thread and involves no virtual time touches only data that
 * its lock protects (the step discipline): it commutes with every step but a yield (a thread
 * that yielded lets another thread take the next step, so which step that is matters: dep_keys.ts
 * STEP).
 *
 * A declared CPU (kernel/cpu.ts) is like a lock that the thread running on it holds: every step
 * on it writes the CPU's key, a wake-up of a thread pinned to it too (the woken owner takes it
 * back), and the step that takes the CPU over from another thread races with the previous such
 * step by another thread, as an acquisition does (Footprint.cpuAcquire).
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
 * A failed trylock reads the lock. Joins likewise: a kthread_join that finds its thread alive
 * and sleeps is no event, and the join that returns comes after every step of the thread it
 * joined, which it reads but never races with (it could not have returned before them).
 *
 * Enabling is part of happens-before: a blocked thread runs again only after a step that
 * conflicts with its retry (an unlock and the re-acquire touch one lock; a wake-up and the
 * condition re-check both write the wait queue; a thread's exit and a join touch the thread),
 * and a spawned thread's first step comes after its spawn.
 *
 * Two relations, one for races and one for sleep sets, differ in one place: nonzero decrements
 * (dep_keys.ts DEC) commute as neighbours in an execution (no race between them), but as two
 * steps enabled in the same state the second could reach zero, so a thread asleep on one wakes
 * once the others used up its margin (sleep_after). Waking more never loses an execution.
 */

import { ExclusiveLock } from '../kernel/lock.js';
import { ModelError } from '../kernel/report.js';
import { cur, Thread, TState, type DeclaredWait, type StepObserver } from '../kernel/sched.js';
import { check_declared_waits, field_key } from '../kernel/wait.js';
import { ALL, ANY_STATE, DEC, key_id, key_name, object_key_id, op_keys, READ, STEP, UPDATE, WRITE } from './dep_keys.js';

/** Object keys are interned ids (dep_keys.ts key_id). */
const ALL_ID = key_id(ALL);
const STEP_ID = key_id(STEP);
const THREADS_ID = key_id('threads');

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
  /**
   * Key of the declared CPU this step took from another thread (sched.ts takeCpu), -1 if none:
   * as a lock acquisition, it races with the CPU's previous acquisition by another thread.
   */
  cpuAcquire: number;
}

function new_footprint(): Footprint {
  return { global: false, keys: [], modes: [], acquire: -1, release: -1, tryAcquire: false, margins: null, joined: -1, cpuAcquire: -1 };
}

function add_key(f: Footprint, k: number, m: number, count = -1): void {
  const keys = f.keys;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === k) {
      if (f.modes[i] !== m) f.modes[i] = WRITE; // an update that also reads, or reads and writes
      return;
    }
  }
  keys.push(k);
  f.modes.push(m);
  if (m === DEC) (f.margins ??= []).push(k, count - 2);
}

function margin_of(f: Footprint, k: number): number {
  const ms = f.margins;
  if (ms !== null) for (let i = 0; i < ms.length; i += 2) if (ms[i] === k) return ms[i + 1]!;
  return -1;
}

/** An event that changes some object updates ALL (see dep_keys.ts READS_ALL). */
function mark_change(f: Footprint): void {
  for (let i = 0; i < f.modes.length; i++) {
    if (f.modes[i] !== READ && f.keys[i] !== ALL_ID && f.keys[i] !== STEP_ID) {
      add_key(f, ALL_ID, UPDATE);
      return;
    }
  }
}

/**
 * Do two modes of one key conflict for sleep sets: may executing one change what the other,
 * enabled in the same state, does? Two nonzero decrements (DEC) commute as neighbours in an
 * execution (races are not recorded between them: addEvent keeps them in a list of their own),
 * but not as two steps enabled in the same state: at a count of 2, whichever runs second reaches
 * zero, so a thread asleep on a DEC must wake when another DEC runs.
 */
function clash(x: number, y: number): boolean {
  return x !== y || x === WRITE || x === DEC;
}

/** Sleep-set conflict (see clash), not counting margins: true also for any two DECs of one key. */
export function conflicts(a: Footprint, b: Footprint): boolean {
  if (a.global || b.global) return true;
  const ak = a.keys;
  const bk = b.keys;
  for (let i = 0; i < ak.length; i++) {
    const k = ak[i]!;
    for (let j = 0; j < bk.length; j++) if (bk[j] === k && clash(a.modes[i]!, b.modes[j]!)) return true;
  }
  return false;
}

/**
 * A step with footprint `f` ran while a thread sleeps on `g` (its next step, as it ran in an
 * earlier sibling). Returns null if the thread wakes (f may change what its step does), else
 * what it sleeps on now: g itself, or a copy with smaller margins when f is a nonzero decrement
 * of a count g decrements too (g's step still leaves a nonzero count while its margin is not
 * negative: every DEC is a decrement by one).
 */
export function sleep_after(f: Footprint, g: Footprint): Footprint | null {
  if (f.global || g.global) return null;
  const fk = f.keys;
  const gk = g.keys;
  let out = g;
  for (let i = 0; i < fk.length; i++) {
    const k = fk[i]!;
    for (let j = 0; j < gk.length; j++) {
      if (gk[j] !== k) continue;
      const a = f.modes[i]!;
      const b = g.modes[j]!;
      if (a === DEC && b === DEC) {
        const m = margin_of(out, k) - 1;
        if (m < 0) return null;
        if (out === g) out = { ...g, margins: g.margins!.slice() };
        const ms = out.margins!;
        for (let x = 0; x < ms.length; x += 2) if (ms[x] === k) ms[x + 1] = m;
      } else if (clash(a, b)) return null;
    }
  }
  return out;
}

/** Per object, in the execution in progress (`ep`: the execution it was last reset for). */
interface ObjHist {
  ep: number;
  lastWrite: number;
  /**
   * Reads, commuting updates and nonzero decrements since lastWrite: at most one (the latest)
   * per thread each.
   */
  reads: number[];
  updates: number[];
  decs: number[];
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
 * passed in before the step they choose (`nodeForNextStep`). One recorder serves every
 * execution of a search (reset() between them): its per-object history is kept across
 * executions and marked stale by an execution counter instead of being rebuilt.
 */
export class DependencyRecorder implements StepObserver {
  // Per event.
  thread: number[] = [];
  /** 1-based index of the event among its thread's events. */
  idx: number[] = [];
  clock: number[][] = [];
  /** Search node that chose this event's step (-1 if the step was not chosen among others). */
  node: number[] = [];
  foot: Footprint[] = [];
  races: Race[] = [];
  /** Per thread: clock after its last event (or its spawn). */
  private tclock: (number[] | undefined)[] = [];
  private tcount: number[] = [];
  private lastEvent: number[] = [];
  /** Per interned key. */
  private readonly hist: (ObjHist | undefined)[] = [];
  private ep = 0;
  private lastGlobal = -1;
  /** Threads whose next step follows a timer. */
  private timedNext: number[] = [];
  // The step in progress.
  private stepNo = -1;
  private stepThread = -1;
  private stepNode = -1;
  private open: Footprint | null = null;
  /** Threads spawned by the step in progress; clock of each thread's spawn event. */
  private openSpawns: number[] = [];
  private spawnClock: (number[] | null | undefined)[] = [];
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
  /** A kthread_join in the step in progress: resolved when the step ends (returned or slept). */
  private pendingJoin: Thread | null = null;
  /** Per interned lock key: the last acquisition (-1 none), valid for execution lastAcqEp. */
  private readonly lastAcquire: number[] = [];
  private readonly lastAcqEp: number[] = [];
  /** Scratch list of addEvent (reused: no allocation per event). */
  private readonly cand: number[] = [];
  /** The footprint op_keys adds to (op_keys takes a callback: one closure, made once). */
  private curF: Footprint = EMPTY;
  private readonly addKey = (k: number, m: number, count?: number): void => add_key(this.curF, k, m, count);

  /** Forget the execution recorded (the next one starts empty). */
  reset(): void {
    this.thread = [];
    this.idx = [];
    this.clock = [];
    this.node = [];
    this.foot = [];
    this.races = [];
    this.tclock = [];
    this.tcount = [];
    this.lastEvent = [];
    this.ep++;
    this.lastGlobal = -1;
    this.timedNext = [];
    this.stepNo = -1;
    this.stepThread = -1;
    this.stepNode = -1;
    this.open = null;
    this.openSpawns = [];
    this.spawnClock = [];
    this.nodeForNextStep = -1;
    this.valueStep = false;
    this.pendingLock = null;
    this.pendingTry = false;
    this.pendingJoin = null;
    this.spawnedCount = 0;
    this.exitedCount = 0;
  }

  step(t: number): void {
    if (this.open !== null || this.stepNode >= 0 || cur.declaredWaits !== null) this.flush();
    if (this.onStep !== null) this.onStep(t);
    this.stepNo = cur.steps;
    this.stepThread = t;
    this.stepNode = this.nodeForNextStep;
    this.nodeForNextStep = -1;
    this.valueStep = false;
    // Every step is an event (dep_keys.ts STEP): a yield of another thread does not commute with it.
    add_key(this.openEvent(), STEP_ID, UPDATE);
    const tn = this.timedNext;
    if (tn.length > 0) {
      const i = tn.indexOf(t);
      if (i >= 0) {
        tn.splice(i, 1);
        this.openEvent().global = true;
      }
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
      add_key(this.openEvent(), STEP_ID, UPDATE);
    }
    return true;
  }

  private openEvent(): Footprint {
    let f = this.open;
    if (f === null) this.open = f = new_footprint();
    return f;
  }

  access(op: string, obj: unknown, sub: number): void {
    if (!this.sync()) return;
    const f = this.openEvent();
    if (op === ANY_STATE) {
      f.global = true;
      return;
    }
    if (op === 'yield') {
      add_key(f, STEP_ID, WRITE);
      return;
    }
    if (op === 'cpu acquire') {
      const k = object_key_id(obj);
      f.cpuAcquire = k;
      add_key(f, k, WRITE);
      return;
    }
    if (obj instanceof ExclusiveLock) {
      if (op === 'mutex_lock' || op === 'spin_lock' || op === 'mutex_trylock' || op === 'spin_trylock') {
        // Resolved when the step ends: acquired, queued, or a failed trylock.
        this.pendingLock = obj;
        this.pendingTry = op === 'mutex_trylock' || op === 'spin_trylock';
        return;
      }
      if (op === 'mutex_unlock' || op === 'spin_unlock') {
        const k = key_id(obj.label);
        f.release = k;
        add_key(f, k, WRITE);
        return;
      }
    }
    if (op === 'kthread_join' && obj instanceof Thread) {
      this.pendingJoin = obj;
      return;
    }
    this.curF = f;
    op_keys(op, obj, sub, this.addKey);
  }

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
    add_key(this.openEvent(), THREADS_ID, WRITE);
    this.openSpawns.push(child);
  }

  exited(t: number): void {
    this.exitedCount++;
    if (!this.sync()) return;
    add_key(this.openEvent(), key_id(`thread ${cur.threads[t]!.name}`), WRITE);
  }

  timed(t: number, next: boolean): void {
    if (next) {
      if (!this.timedNext.includes(t)) this.timedNext.push(t);
    } else if (this.sync()) this.openEvent().global = true;
  }

  /** A data choice inside the current step. */
  valueChoice(): void {
    this.valueStep = true;
  }

  /** Finish the step in progress (at the next step and at the end of the execution). */
  flush(): void {
    const f = this.open;
    // (cur is null before the first execution of the process.)
    const dw = (cur as typeof cur | null)?.declaredWaits ?? null;
    if (dw !== null && dw.length > 0 && this.stepThread >= 0) this.checkWaits(dw, f);
    const node = this.stepNode;
    if (node >= 0 && this.onNodeStep !== null) this.onNodeStep(node, this.stepThread, this.valueStep ? null : f ?? EMPTY);
    this.stepNode = -1;
    if (f === null) return;
    this.open = null;
    const l = this.pendingLock;
    if (l !== null) {
      this.pendingLock = null;
      const me = this.stepThread;
      const h = l.holder;
      const k = key_id(l.label);
      if (h !== null && h.id === me) {
        f.acquire = k;
        // A trylock taken right after a release could also have run before it (and failed).
        if (this.pendingTry) f.tryAcquire = true;
        add_key(f, k, WRITE);
      } else {
        let queued = false;
        const ws = l.waiters;
        for (let i = 0; i < ws.length; i++) {
          const w = ws[i]!;
          if (w.id === me) {
            queued = w.state === TState.Blocked && w.waitingOn === l;
            break;
          }
        }
        if (!queued) add_key(f, k, READ);
      }
    }
    const j = this.pendingJoin;
    if (j !== null) {
      this.pendingJoin = null;
      // Returned: it read the thread's end. Slept: no event (nothing another thread can see).
      if (j.state === TState.Done) {
        add_key(f, key_id(j.label), READ);
        f.joined = j.id;
      }
    }
    if (!f.global) mark_change(f);
    this.addEvent(this.stepThread, f, node);
  }

  /**
   * The step just finished against every declared wait in progress (wait.ts): a change of a
   * field a condition declares, or of the condition's value, in a step that recorded no change
   * of a declared object means the declaration is wrong and the reduction would be unsound.
   */
  private checkWaits(waits: readonly DeclaredWait[], f: Footprint | null): void {
    const changed = (o: object, field: string): boolean => {
      if (f === null) return false;
      if (f.global) return true;
      const k = object_key_id(o);
      const kf = object_key_id(field_key(o, field));
      for (let i = 0; i < f.keys.length; i++) if ((f.keys[i] === k || f.keys[i] === kf) && f.modes[i] !== READ) return true;
      return false;
    };
    const broken = check_declared_waits(waits, changed);
    if (broken !== null) {
      const who = cur.threads[this.stepThread]?.name ?? '?';
      throw new ModelError(`declared wait condition broken at step ${this.stepNo} of thread ${who}: ${broken}`);
    }
  }

  private histOf(k: number): ObjHist {
    let h = this.hist[k];
    if (h === undefined) this.hist[k] = h = { ep: this.ep, lastWrite: -1, reads: [], updates: [], decs: [] };
    else if (h.ep !== this.ep) {
      h.ep = this.ep;
      h.lastWrite = -1;
      if (h.reads.length > 0) h.reads = [];
      if (h.updates.length > 0) h.updates = [];
      if (h.decs.length > 0) h.decs = [];
    }
    return h;
  }

  private addEvent(t: number, f: Footprint, node: number): void {
    const e = this.thread.length;
    const thread = this.thread;
    let base: number[];
    const tc = this.tclock[t];
    if (tc === undefined) {
      // First event of t: after its spawn (the spawner's clock then, which includes the spawn).
      const sc = this.spawnClock[t];
      base = sc !== undefined && sc !== null ? sc.slice() : [];
      this.tcount[t] = 0;
    } else base = tc.slice();
    const n = (this.tcount[t] ?? 0) + 1;
    this.tcount[t] = n;
    // Candidates: the conflicting earlier events that may be immediate predecessors.
    const cand = this.cand;
    let nc = 0;
    if (f.global) {
      for (let r = 0; r < this.lastEvent.length; r++) {
        const le = this.lastEvent[r];
        if (r !== t && le !== undefined && le >= 0) cand[nc++] = le;
      }
    } else {
      if (this.lastGlobal >= 0 && thread[this.lastGlobal] !== t) cand[nc++] = this.lastGlobal;
      const keys = f.keys;
      for (let i = 0; i < keys.length; i++) {
        const h = this.histOf(keys[i]!);
        if (h.lastWrite >= 0 && thread[h.lastWrite] !== t) cand[nc++] = h.lastWrite;
        const m = f.modes[i]!;
        if (m !== READ) {
          const rs = h.reads;
          for (let j = 0; j < rs.length; j++) if (thread[rs[j]!] !== t) cand[nc++] = rs[j]!;
        }
        if (m !== UPDATE) {
          const us = h.updates;
          for (let j = 0; j < us.length; j++) if (thread[us[j]!] !== t) cand[nc++] = us[j]!;
        }
        if (m !== DEC) {
          const ds = h.decs;
          for (let j = 0; j < ds.length; j++) if (thread[ds[j]!] !== t) cand[nc++] = ds[j]!;
        }
      }
    }
    // Latest first (insertion sort: the list is short).
    for (let i = 1; i < nc; i++) {
      const x = cand[i]!;
      let j = i - 1;
      while (j >= 0 && cand[j]! < x) {
        cand[j + 1] = cand[j]!;
        j--;
      }
      cand[j + 1] = x;
    }
    const acq = f.acquire;
    let a = -1;
    if (acq >= 0 && this.lastAcqEp[acq] === this.ep) a = this.lastAcquire[acq]!;
    // What program order alone says of the previous acquisition (before any join).
    const poA = a >= 0 ? (base[thread[a]!] ?? 0) : 0;
    // The same for a declared CPU taken over (as a lock: see Footprint.cpuAcquire).
    const ca = f.cpuAcquire;
    const b = ca >= 0 && this.lastAcqEp[ca] === this.ep ? this.lastAcquire[ca]! : -1;
    const poB = b >= 0 ? (base[thread[b]!] ?? 0) : 0;
    let raceB = false;
    let raceA = false;
    let prev = -1;
    for (let i = 0; i < nc; i++) {
      const c = cand[i]!;
      if (c === prev) continue;
      prev = c;
      const ct = thread[c]!;
      if ((base[ct] ?? 0) < this.idx[c]!) {
        // The release that let this acquisition happen is no race (the acquisitions are), and
        // no step of a joined thread races with the join.
        if ((acq < 0 || f.tryAcquire || this.foot[c]!.release !== acq) && ct !== f.joined) {
          this.races.push({ e: c, e2: e });
          if (c === a) raceA = true;
          if (c === b) raceB = true;
        }
        join(base, this.clock[c]!);
      }
    }
    if (acq >= 0) {
      if (a >= 0 && !raceA && thread[a] !== t && poA < this.idx[a]!) this.races.push({ e: a, e2: e });
      this.lastAcquire[acq] = e;
      this.lastAcqEp[acq] = this.ep;
    }
    if (ca >= 0) {
      if (b >= 0 && !raceB && thread[b] !== t && poB < this.idx[b]!) this.races.push({ e: b, e2: e });
      this.lastAcquire[ca] = e;
      this.lastAcqEp[ca] = this.ep;
    }
    while (base.length <= t) base.push(0);
    base[t] = n;
    thread.push(t);
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
    const keys = f.keys;
    for (let i = 0; i < keys.length; i++) {
      const h = this.histOf(keys[i]!);
      const m = f.modes[i]!;
      if (m === WRITE) {
        h.lastWrite = e;
        if (h.reads.length > 0) h.reads = [];
        if (h.updates.length > 0) h.updates = [];
        if (h.decs.length > 0) h.decs = [];
      } else remember(m === READ ? h.reads : m === UPDATE ? h.updates : h.decs, e, t, thread);
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
  return {
    global: f.global,
    keys: f.keys.map((k) => key_name(k)),
    modes: f.modes,
    acquire: f.acquire < 0 ? null : key_name(f.acquire),
    release: f.release < 0 ? null : key_name(f.release),
    tryAcquire: f.tryAcquire,
    margins: f.margins === null ? null : f.margins.map((x, i) => (i % 2 === 0 ? key_name(x) : x)),
    joined: f.joined,
    cpuAcquire: f.cpuAcquire < 0 ? null : key_name(f.cpuAcquire),
  };
}
export function footprint_from_json(j: unknown): Footprint {
  const o = j as { global: boolean; keys: string[]; modes: number[]; acquire: string | null; release: string | null; tryAcquire: boolean; margins?: (string | number)[] | null; joined?: number; cpuAcquire?: string | null };
  return {
    global: o.global,
    keys: o.keys.map(key_id),
    modes: o.modes.slice(),
    acquire: o.acquire === null ? -1 : key_id(o.acquire),
    release: o.release === null ? -1 : key_id(o.release),
    tryAcquire: o.tryAcquire,
    margins: o.margins === undefined || o.margins === null ? null : o.margins.map((x, i) => (i % 2 === 0 ? key_id(x as string) : (x as number))),
    joined: o.joined ?? -1,
    cpuAcquire: o.cpuAcquire === undefined || o.cpuAcquire === null ? -1 : key_id(o.cpuAcquire),
  };
}

const EMPTY: Footprint = Object.freeze({ global: false, keys: [], modes: [], acquire: -1, release: -1, tryAcquire: false, margins: null, joined: -1, cpuAcquire: -1 }) as unknown as Footprint;

/**
 * Vector clocks are dense arrays of small integers (grown by push, never by writing past the
 * end), so copying one is a plain memory copy.
 */
function join(a: number[], b: number[]): void {
  const n = b.length;
  while (a.length < n) a.push(0);
  for (let i = 0; i < n; i++) {
    const v = b[i]!;
    if (a[i]! < v) a[i] = v;
  }
}
