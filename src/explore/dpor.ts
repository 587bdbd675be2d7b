/*
 * Dynamic partial-order reduction: source-DPOR with sleep sets (Abdulla, Aronis, Jonsson and
 * Sagonas, "Source Sets", JACM 2017, Algorithm 1), stateless, over the choice tree the dfs
 * strategy walks. One execution per Mazurkiewicz trace is the goal; source sets get close
 * (extra executions end early as "sleep-set blocked": every runnable thread asleep).
 *
 * Each execution records its events and races (dependency.ts). When it ends, every race (e, e2)
 * is reversed at the node that chose e: the initials of "what could run instead" (source-DPOR's
 * I(v)) are computed from the vector clocks, and if none of them is already in the node's
 * backtrack set one is added (a thread that is not runnable there, possible only through a
 * conservative part of the model's footprint, adds every runnable thread instead: the
 * persistent-set fallback). Sleep sets: a thread explored at a node sleeps in its later
 * siblings until a step conflicting with its first step runs; a node whose runnable threads all
 * sleep ends the execution early (it is counted as blocked, not as an execution).
 *
 * Data choices (pickValue) branch over every value, as in dfs; the step that made one is never
 * put to sleep (its footprint depends on the value). No preemption bound by default; with one,
 * backtrack entries above the bound are left unexplored and the claim is a bounded one.
 */

import { ScenarioError } from '../kernel/index.js';
import type { StepObserver } from '../kernel/sched.js';
import { DependencyRecorder, sleep_after, footprint_from_json, footprint_to_json, type Footprint } from './dependency.js';
import type { SubtreeSplit } from './split.js';
import type { WorkSharing } from './steal.js';
import type { Strategy } from './strategy.js';

/**
 * Thrown from a scheduling decision when every runnable thread sleeps: the rest is redundant.
 * Not an Error (no stack trace to capture: it is thrown once per cut-short execution, and it
 * never reaches a user): use the two instances below.
 */
export class SleepBlocked {
  /** `notMine`: the execution entered a subtree another shard explores. */
  constructor(readonly notMine = false) {}
  get message(): string {
    return this.notMine ? 'subtree of another shard' : 'sleep-set blocked';
  }
}
export const SLEEP_BLOCKED = new SleepBlocked(false);
export const NOT_MINE = new SleepBlocked(true);

/**
 * Split (split.ts): above the split every runnable thread is explored at every node (a superset
 * of any source set, so still sound; sleep sets still apply, and every part computes the same
 * ones, since each runs the steps of the top itself), and races are not reversed there; the
 * subtrees below are explored with source sets and sleep sets as usual, each by one part. The
 * union over all parts is what one process with the same split explores (`--shard 0/1`): the
 * executions of the parts add up to its count exactly. An unsplit run has no full expansion at
 * the top, so it may run fewer: test/explore/shard.test.ts asserts the split run stays within 2x
 * of it and finds the same kinds (register-vs-exit v5.3 at bound 2: 390 executions either way,
 * 116 sleep-blocked instead of 11).
 *
 * Work stealing (`--jobs`, steal.ts) replaces that split: no top; a worker donates, between two
 * executions, half of the untried backtrack entries of its shallowest node that has any, with
 * the nodes above it (donate/receive). It stays a source-DPOR exploration in which every
 * (node, thread) is explored by exactly one worker, each with a sleep set that is a subset of
 * the one a sequential run exploring the node's threads in some order would use:
 * - A given thread is done for the donor but has no footprint there, so it never sleeps in the
 *   donor's later siblings (a smaller sleep set: more executions, never fewer). It stays in the
 *   donor's backtrack set, so a race the donor finds that a given thread reverses adds nothing:
 *   the receiver explores that thread.
 * - The receiver replays the prefix; every thread the donor had at those nodes (explored, in
 *   progress, still to come) is done for it, and the donor's explored ones, with footprints,
 *   sleep as they did for the donor (their subtrees are explored, by the donor or whoever it
 *   gave parts of them to). Races in the receiver's executions may call for a backtrack point
 *   at a prefix node (above the donated one): as in distributed DPOR (Yang, Chen, Gopalakrishnan
 *   and Kirby, 2007), the receiver adds it and explores it itself, with its own sleep set; it
 *   is never dropped. The donor may add the same point from its own races: both are nodes of
 *   the same tree, so each node on a donation's prefix gets a shared id and a thread is
 *   explored there only by the worker that claims (id, thread) first (WorkSharing.claim); the
 *   other marks it done without footprint (it does not sleep: coarser) and, for its race
 *   checks, still has it in the backtrack set, rightly: the claimer explores it.
 * - Claims are exact (ids, not hashes); a node without id (table full) or a thread number past
 *   30 is never deduplicated: explored twice at worst.
 * - A worker that stops early (violation, budget, time, interrupt) leaves its part unexhausted,
 *   so the merged verdict claims nothing; only when every part is exhausted is the union of
 *   what they explored the claim.
 */
interface ThreadNode {
  value: false;
  runnable: number[];
  chosen: number;
  /** Threads to explore here (includes the ones explored). */
  backtrack: Set<number>;
  /** Explored here, in order (the current chosen is not in it until it is finished). */
  done: number[];
  /** Sleep set on arrival: thread -> footprint of its next step. */
  sleep0: Map<number, Footprint>;
  /** Footprint of each explored thread's step here (null: not sleepable). */
  sigs: Map<number, Footprint | null>;
  /** Preemptions spent before this node, and what a switch here costs. */
  pre: number;
  last: number;
  preempt: boolean;
  /** Share of the tree below this node (split.ts), and whether it is above the split. */
  share: number;
  top: boolean;
  /**
   * Work stealing (steal.ts): the node's id once it lies on a donation's prefix (shared by
   * workers): a thread is explored here only by the worker that claims it (WorkSharing.claim).
   */
  id?: number;
}

interface ValueNode {
  value: true;
  n: number;
  idx: number;
  pre: number;
  share: number;
  top: boolean;
  /** Work stealing (steal.ts): values from this one on are another worker's (absent: none). */
  end?: number;
}

/** A node as JSON, in a donation (footprints through footprint_to_json). */
type NodeJson =
  | ValueNode
  | (Omit<ThreadNode, 'backtrack' | 'sleep0' | 'sigs'> & { backtrack: number[]; sleep0: [number, unknown][]; sigs: [number, unknown][] });

/**
 * A donation (steal.ts): the nodes from the root down to the donating one, as the donor had
 * them, and which of the last node's threads (or, at a value node, which values from idx on)
 * are now the receiver's.
 */
export interface DporDonation {
  pass: number;
  stack: NodeJson[];
  given: number[];
}

type Node = ThreadNode | ValueNode;

const NO_SLEEP: Map<number, Footprint> = new Map();

interface Placement {
  share: number;
  top: boolean;
}
/** The placement of every node of an unsplit search (shared: only read). */
const NO_SPLIT: Placement = Object.freeze({ share: 0, top: false });

/** The same runnable threads as recorded (both lists ascending, as the scheduler builds them). */
function sameThreads(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export interface DporStats {
  /** Executions that ended early because every runnable thread slept. */
  blocked: number;
  races: number;
  /** Races that cannot be reversed (no initial thread runnable where the first step ran). */
  fallbacks: number;
}

export class DporStrategy implements Strategy {
  readonly name = 'dpor';
  private stack: Node[] = [];
  private pos = 0;
  private started = false;
  private done = false;
  /** One recorder for every execution (reset between them), its callbacks bound once. */
  private readonly rec: DependencyRecorder = this.makeRecorder();

  private makeRecorder(): DependencyRecorder {
    const rec = new DependencyRecorder();
    rec.onNodeStep = (node, t, f) => {
      const n = this.stack[node];
      if (n !== undefined && !n.value) n.sigs.set(t, f);
    };
    rec.onEvent = (t, f) => this.wake(t, f);
    rec.onStep = (t) => {
      if (this.sleep.size > 0 && this.sleep.has(t)) throw SLEEP_BLOCKED;
    };
    return rec;
  }
  private sleep = new Map<number, Footprint>();
  private preemptions = 0;
  /** Some backtrack entry was left out because of the bound. */
  pruned = false;
  readonly stats: DporStats = { blocked: 0, races: 0, fallbacks: 0 };

  /** Bound of the pass in progress. */
  bound: number;
  private pass = 0;
  /** Executions of the last pass (the one a claim rests on). */
  passExecutions = 0;

  /**
   * `passes`: the preemption bound of each pass, in order (default: a single pass with none).
   * The explorer's default is [0, 1, 2, Infinity]: bounded passes first find the bugs that
   * need few preemptions quickly (in iterative context-bounding order, as dfs does), then the
   * unbounded pass, whose exhaustion alone is the claim "every interleaving".
   */
  constructor(
    readonly passes: readonly number[] = [Infinity],
    readonly split: SubtreeSplit | null = null,
  ) {
    this.bound = passes[0] ?? Infinity;
  }

  /** Subtrees met so far in this pass (numbered in depth-first order). */
  private frontier = 0;
  /** The execution in progress has entered a subtree (it is not in the top only). */
  private inSubtree = false;
  /** The execution just finished belongs to another part: not counted, not reported. */
  discarded = false;

  /** The search state between two executions, as plain JSON (checkpoint.ts). */
  snapshot(): unknown {
    return {
      pass: this.pass,
      bound: this.bound,
      frontier: this.frontier,
      started: this.started,
      done: this.done,
      pruned: this.pruned,
      passExecutions: this.passExecutions,
      stats: this.stats,
      stack: this.stack.map((n) =>
        n.value
          ? n
          : {
              ...n,
              backtrack: [...n.backtrack],
              sleep0: [...n.sleep0].map(([t, f]) => [t, footprint_to_json(f)]),
              sigs: [...n.sigs].map(([t, f]) => [t, f === null ? null : footprint_to_json(f)]),
            },
      ),
    };
  }

  restore(state: unknown): void {
    const st = state as {
      pass: number; bound: number | null; frontier: number; started: boolean; done: boolean; pruned: boolean; passExecutions: number; stats: DporStats;
      stack: Array<ValueNode | (Omit<ThreadNode, 'backtrack' | 'sleep0' | 'sigs'> & { backtrack: number[]; sleep0: [number, unknown][]; sigs: [number, unknown][] })>;
    };
    this.pass = st.pass;
    // JSON has no Infinity.
    this.bound = st.bound ?? Infinity;
    this.frontier = st.frontier;
    this.started = st.started;
    this.done = st.done;
    this.pruned = st.pruned;
    this.passExecutions = st.passExecutions;
    Object.assign(this.stats, st.stats);
    this.stack = st.stack.map((n) =>
      n.value
        ? { ...n }
        : {
            ...n,
            backtrack: new Set(n.backtrack),
            sleep0: new Map(n.sleep0.map(([t, f]) => [t, footprint_from_json(f)])),
            sigs: new Map(n.sigs.map(([t, f]) => [t, f === null ? null : footprint_from_json(f)])),
          },
    );
  }

  /** A new node's share and place; at the root of a subtree that is not ours, cut short. */
  private place(): Placement {
    const sp = this.split;
    if (sp === null || this.inSubtree) return NO_SPLIT;
    let share = 1;
    if (this.pos > 0) {
      const p = this.stack[this.pos - 1]!;
      let m = 1;
      if (p.value) m = p.n;
      else {
        m = 0;
        for (const t of p.runnable) if (!p.sleep0.has(t) && p.pre + this.cost(p, t) <= this.bound) m++;
      }
      share = p.share / Math.max(m, 1);
    }
    if (share * sp.subtrees > 1) return { share, top: true };
    this.inSubtree = true;
    if (!sp.owner.mine(this.pass, this.frontier++)) throw NOT_MINE;
    return { share, top: false };
  }

  /** An execution that ended in the top (done or sleep-blocked) is a subtree of its own. */
  private ownTop(): boolean {
    const sp = this.split;
    return sp === null || this.inSubtree || sp.owner.mine(this.pass, this.frontier++);
  }

  private aboveSplit(pos: number): boolean {
    return this.stack[pos]?.top === true;
  }

  /** The bound of the last pass (Infinity: the claim is every interleaving). */
  get finalBound(): number {
    return this.passes[this.passes.length - 1] ?? Infinity;
  }

  get exhausted(): boolean {
    return this.done && this.split?.steal?.stopped !== true;
  }

  /**
   * Work stealing: the shallowest node with alternatives still to explore here gives half of
   * them (at least one) away: the donor marks given threads done (they never sleep here: it has
   * no footprint of their step, so a later sibling is explored with fewer threads asleep, which
   * is coarser, never finer), a value node ends before the given values. The given threads stay
   * in the backtrack set, so races the donor finds later that a given thread reverses add
   * nothing: the receiver explores it.
   */
  donate(): DporDonation | null {
    const st = this.stack;
    for (let d = 0; d < st.length; d++) {
      const n = st[d]!;
      let given: number[];
      if (n.value) {
        const end = n.end ?? n.n;
        if (n.idx + 1 >= end) continue;
        const from = n.idx + 1 + ((end - n.idx - 1) >> 1);
        given = [from, end];
        const stack = st.slice(0, d + 1).map((m) => this.nodeJson(m));
        n.end = from;
        return { pass: this.pass, stack, given };
      }
      const open = [...n.backtrack].filter((t) => t !== n.chosen && !n.done.includes(t) && !n.sleep0.has(t) && n.pre + this.cost(n, t) <= this.bound);
      if (open.length === 0) continue;
      given = open.slice(open.length >> 1);
      this.share(d);
      const stack = st.slice(0, d + 1).map((m) => this.nodeJson(m));
      for (const t of given) n.done.push(t);
      return { pass: this.pass, stack, given };
    }
    return null;
  }

  /**
   * Nodes 0..d become shared: each gets an id, and what this worker explored or explores there
   * (its done threads, its chosen one) is claimed as its own.
   */
  private share(d: number): void {
    const ws = this.split?.steal;
    if (ws === undefined) return;
    for (let i = 0; i <= d; i++) {
      const m = this.stack[i]!;
      if (m.value || m.id !== undefined) continue;
      m.id = ws.nodeId();
      ws.claim(m.id, m.chosen);
      for (const t of m.done) ws.claim(m.id, t);
    }
  }

  private nodeJson(n: Node): NodeJson {
    if (n.value) return { ...n };
    return {
      ...n,
      backtrack: [...n.backtrack],
      sleep0: [...n.sleep0].map(([t, f]) => [t, footprint_to_json(f)]),
      sigs: [...n.sigs].map(([t, f]) => [t, f === null ? null : footprint_to_json(f)]),
    };
  }

  /**
   * Start from a donation. Above the donating node the receiver replays the donor's choices and
   * every alternative the donor had there is marked done (the donor's: explored, being
   * explored or still to come); at the donating node every thread but the given ones likewise.
   * Races the receiver finds may add backtrack points at these nodes: it explores those itself
   * (dpor.ts, head comment: duplicates possible, nothing missed).
   */
  receive(dn: DporDonation): void {
    this.pass = dn.pass;
    this.bound = this.passes[dn.pass]!;
    this.frontier = 0;
    const last = dn.stack.length - 1;
    this.stack = dn.stack.map((j, i): Node => {
      if (j.value) {
        if (i < last) return { ...j, end: j.idx + 1 };
        return { ...j, idx: dn.given[0]!, end: dn.given[1]! };
      }
      const n: ThreadNode = {
        ...j,
        backtrack: new Set(j.backtrack),
        done: [...j.done],
        sleep0: j.sleep0.length === 0 ? NO_SLEEP : new Map(j.sleep0.map(([t, f]) => [t, footprint_from_json(f)])),
        sigs: new Map(j.sigs.map(([t, f]) => [t, f === null ? null : footprint_from_json(f)])),
      };
      const mine = i < last ? [] : dn.given;
      for (const t of n.backtrack) if (t !== n.chosen && !mine.includes(t) && !n.done.includes(t)) n.done.push(t);
      if (i === last) {
        // The donor's thread here is finished or in progress: done for the receiver.
        if (!n.done.includes(n.chosen)) n.done.push(n.chosen);
        n.chosen = -1;
      }
      return n;
    });
  }

  /**
   * Start from a donation: false when another worker already claimed every given thread (a
   * node shared before: it added them there itself); then nothing is the receiver's.
   */
  private start(dn: DporDonation): boolean {
    this.receive(dn);
    const n = this.stack[this.stack.length - 1]!;
    if (n.value) return true;
    const ws = this.split?.steal;
    for (const t of dn.given) {
      if (ws === undefined || n.id === undefined || ws.claim(n.id, t)) {
        n.chosen = t;
        return true;
      }
      n.done.push(t);
    }
    return false;
  }

  /** Work stealing: the next pass root nobody claimed, else a donation; false: nothing left. */
  private adopt(ws: WorkSharing): boolean {
    for (; this.nextRoot < this.passes.length; this.nextRoot++) {
      if (ws.claimRoot(this.nextRoot)) {
        this.pass = this.nextRoot++;
        this.bound = this.passes[this.pass]!;
        this.stack = [];
        this.frontier = 0;
        return true;
      }
    }
    for (;;) {
      const d = ws.take();
      if (d === null) return false;
      if (this.start(d as DporDonation)) return true;
    }
  }
  private nextRoot = 0;

  /** The observer explore() installs for the execution nextExecution() prepared. */
  get observer(): StepObserver {
    return this.rec;
  }

  /** How far the search is: fraction of the root's explored subtrees (for progress lines). */
  progress(): number {
    let f = 0;
    let scale = 1;
    for (const n of this.stack) {
      const total = n.value ? n.n : Math.max(n.backtrack.size, 1);
      const doneHere = n.value ? n.idx : n.done.length;
      f += (scale * doneHere) / total;
      scale /= total;
      if (scale < 1e-9) break;
    }
    return Math.min(1, f);
  }

  nextExecution(): boolean {
    if (this.done) return false;
    const ws = this.split?.steal ?? null;
    if (ws !== null) {
      if (this.started) ws.poll(() => this.donate());
      if (!this.started || !this.backtrackStack()) {
        if (!this.adopt(ws)) {
          this.done = true;
          return false;
        }
      }
    } else if (this.started && !this.backtrackStack()) {
      if (this.pass + 1 >= this.passes.length) {
        this.done = true;
        return false;
      }
      this.pass++;
      this.bound = this.passes[this.pass]!;
      this.passExecutions = 0;
      this.pruned = false;
      this.stack = [];
      this.frontier = 0;
    }
    this.discarded = false;
    this.inSubtree = false;
    this.started = true;
    this.pos = 0;
    this.preemptions = 0;
    this.sleep = NO_SLEEP;
    this.rec.reset();
    return true;
  }

  /** The execution was cut short (every runnable thread asleep, or another shard's subtree). */
  executionBlocked(notMine = false): void {
    if (!notMine && this.ownTop()) this.stats.blocked++;
    this.finish();
  }

  executionDone(): void {
    if (!this.ownTop()) this.discarded = true;
    // Work stealing mixes passes: count the last pass's executions only.
    if (!this.discarded && (this.split?.steal === undefined || this.pass === this.passes.length - 1)) this.passExecutions++;
    this.rec.flush();
    if (this.rec.exitedCount < this.rec.spawnedCount) this.cutShort();
    this.finish();
  }

  /**
   * The execution ended with threads still alive (a fatal report, the step budget): the next
   * steps of the threads that could still run never became events, so their races with what
   * ran are unknown. Each of them (awake) is explored at the last choice instead of the final
   * step, where it becomes an event whose races are reversed as usual.
   */
  private cutShort(): void {
    for (let i = Math.min(this.pos, this.stack.length) - 1; i >= 0; i--) {
      const n = this.stack[i]!;
      if (n.value) continue;
      if (!this.aboveSplit(i)) for (const t of n.runnable) if (!n.sleep0.has(t)) n.backtrack.add(t);
      return;
    }
  }

  private finish(): void {
    const rec = this.rec;
    rec.flush();
    for (const race of rec.races) {
      const ni = rec.node[race.e]!;
      if (ni < 0 || this.aboveSplit(ni)) continue;
      const n = this.stack[ni];
      if (n === undefined || n.value) continue;
      this.stats.races++;
      // Every runnable thread is already to be explored here: nothing to add.
      if (n.backtrack.size >= n.runnable.length) continue;
      const init = rec.initials(race);
      if (init.some((t) => n.backtrack.has(t))) continue;
      const ok = init.filter((t) => n.runnable.includes(t));
      if (ok.length === 0) {
        // No thread that could start the reversal is runnable at e: what makes them runnable
        // (a wake-up, a spawn, a timer that fires only when every thread sleeps) is e or
        // comes after it, so the race cannot be reversed.
        this.stats.fallbacks++;
        continue;
      }
      const awake = ok.find((t) => !n.sleep0.has(t));
      n.backtrack.add(awake ?? ok[0]!);
    }
  }

  private cost(n: ThreadNode, t: number): number {
    return n.preempt && t !== n.last ? 1 : 0;
  }

  private backtrackStack(): boolean {
    const st = this.stack;
    while (st.length > 0) {
      const n = st[st.length - 1]!;
      if (n.value) {
        if (n.idx + 1 < (n.end ?? n.n)) {
          n.idx++;
          return true;
        }
      } else {
        if (!n.done.includes(n.chosen)) n.done.push(n.chosen);
        for (const t of n.backtrack) {
          if (n.done.includes(t) || n.sleep0.has(t)) continue;
          if (n.pre + this.cost(n, t) > this.bound) {
            this.pruned = true;
            continue;
          }
          if (n.id !== undefined && this.split?.steal?.claim(n.id, t) === false) {
            // Another worker explores t here (it added t itself): done, without a footprint.
            n.done.push(t);
            continue;
          }
          n.chosen = t;
          return true;
        }
      }
      st.pop();
    }
    return false;
  }

  /** A step of thread t with footprint f ran: threads whose next step conflicts wake up. */
  private wake(t: number, f: Footprint): void {
    if (this.sleep.size === 0) return;
    for (const [q, g] of this.sleep) {
      const g2 = q === t ? null : sleep_after(f, g);
      if (g2 === null) this.sleep.delete(q);
      else if (g2 !== g) this.sleep.set(q, g2);
    }
  }

  private enterNode(n: ThreadNode, _pos: number): void {
    if (n.sleep0.size === 0 && (n.done.length === 0 || (n.done.length === 1 && n.done[0] === n.chosen))) {
      // Nothing sleeps here: share one empty set (wake() only deletes).
      this.sleep = NO_SLEEP;
      this.preemptions = n.pre + this.cost(n, n.chosen);
      return;
    }
    const s = new Map(n.sleep0);
    for (const q of n.done) {
      if (q === n.chosen) continue;
      const g = n.sigs.get(q);
      if (g !== undefined && g !== null) s.set(q, g);
    }
    this.sleep = s;
    this.preemptions = n.pre + this.cost(n, n.chosen);
  }

  private mismatch(what: string): never {
    throw new ScenarioError(
      `uncontrolled nondeterminism: dpor replayed decision ${this.pos + 1} of an earlier execution and was offered ${what}: threads must depend only on the model (no module-level state that changes between executions, no clock, Math.random, timers or I/O)`,
    );
  }

  pickThread(runnable: readonly number[], last: number, lastRunnable: boolean, freeSwitch: boolean): number {
    this.rec.flush();
    if (this.pos < this.stack.length) {
      const n = this.stack[this.pos]!;
      if (n.value || !sameThreads(n.runnable, runnable)) this.mismatch(`threads ${runnable.join(', ')}`);
      if (!n.top) this.inSubtree = true;
      this.enterNode(n, this.pos);
      this.rec.nodeForNextStep = this.pos++;
      return n.chosen;
    }
    const pl = this.place();
    // Nothing asleep (the common case): share the empty set and the runnable list (both only read).
    const sleep0 = this.sleep.size === 0 ? NO_SLEEP : new Map(this.sleep);
    const enabled = sleep0.size === 0 ? runnable : runnable.filter((t) => !sleep0.has(t));
    const preempt = lastRunnable && !freeSwitch;
    let chosen = -1;
    if (preempt && enabled.includes(last)) chosen = last;
    else {
      for (const t of enabled) {
        if (t > last) {
          chosen = t;
          break;
        }
      }
      if (chosen < 0) chosen = enabled[0] ?? -1;
    }
    if (chosen < 0) throw SLEEP_BLOCKED;
    const n: ThreadNode = { value: false, runnable: runnable.slice(), chosen, backtrack: new Set<number>().add(chosen), done: [], sleep0, sigs: new Map(), pre: this.preemptions, last, preempt, share: pl.share, top: pl.top };
    if (n.pre + this.cost(n, chosen) > this.bound) {
      // Under a bound the default choice may be a preemption (the last thread asleep): take
      // the cheapest awake thread instead.
      const free = enabled.find((t) => this.cost(n, t) === 0);
      if (free === undefined) throw SLEEP_BLOCKED;
      n.chosen = free;
      n.backtrack = new Set([free]);
    }
    if (pl.top) n.backtrack = new Set(runnable);
    this.stack.push(n);
    this.enterNode(n, this.pos);
    this.rec.nodeForNextStep = this.pos++;
    return n.chosen;
  }

  pickValue(count: number): number {
    this.rec.valueChoice();
    if (this.pos < this.stack.length) {
      const n = this.stack[this.pos]!;
      if (!n.value || n.n !== count) this.mismatch(`${count} values`);
      if (!n.top) this.inSubtree = true;
      this.pos++;
      return n.idx;
    }
    const pl = this.place();
    this.stack.push({ value: true, n: count, idx: 0, pre: this.preemptions, share: pl.share, top: pl.top });
    this.pos++;
    return 0;
  }
}
