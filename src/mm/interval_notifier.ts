/*
 * Interval notifiers (mm/mmu_notifier.c, the "itree" half, Linux 5.5+): struct
 * mmu_interval_notifier, the per-mm collision-retry state machine and the interval tree
 * that finds the subscriptions an invalidation intersects.
 *
 * What this file owns, and what protects it:
 *   struct mmu_interval_notifier (MmuIntervalNotifier)  one subscription over [start, last]
 *        (last inclusive, as the kernel's interval tree stores it). `invalidate_seq` is written
 *        by mmu_interval_set_seq() under the DRIVER's lock and read under the same lock by
 *        mmu_interval_read_retry(); read_begin and check_retry read it racily.
 *   the itree part of mm->notifier_subscriptions (MmuItree, kept in subs.itree_state):
 *        invalidate_seq (starts at 2; even = no intersecting invalidation, odd = one is running
 *        and the tree is frozen), active_invalidate_ranges (starts without an end),
 *        the interval tree, deferred_list (inserts/removes queued while the tree is frozen):
 *        all protected by subscriptions->lock (a spinlock, shared with the classic hlist).
 *        wq: read_begin and remove sleep on it until invalidate_seq moves on.
 *
 * It joins the classic notifier core (mmu_notifier.ts) through the ItreeHooks slot of the
 * subscriptions object: the core calls our start first (and stops on -EAGAIN), our end first,
 * and our release first at exit_mmap.
 *
 * Modelling notes.
 *  - subscriptions->lock sections are short and never sleep. Taking and releasing the lock are
 *    each a step of their own, as every lock operation is (src/kernel/step.ts).
 *  - The kernel walks the tree with iter_first/iter_next while calling the callbacks; because
 *    the tree cannot change while invalidate_seq is odd (I1), we collect the intersecting
 *    subscriptions once, under the lock, and check I1 at every step of the walk instead.
 *  - Registration in the kernel runs under mm_take_all_locks(), so no invalidation is between
 *    start and end when the itree is switched on. The model cannot take "all locks"; instead
 *    an end step only counts ranges whose start went through the itree (`counted`).
 *  - An interval callback on a non-blockable range runs inside non_block_start()/end(): the
 *    kernel only says "return false if you would sleep"; the model turns a sleep there into
 *    a sleep-in-atomic report, as the kernel does for the classic notifiers.
 *
 * Invariants checked while it runs (each a report, never a silent pass):
 *  I1 while invalidate_seq is odd, the tree does not change (inserts and removes queue);
 *  I2 invalidate_seq odd => active_invalidate_ranges > 0 (and the count never goes negative);
 *  I3 once remove() has returned, no invalidate callback of that subscription runs;
 *  I4 a read_retry() that returns false has seen no set_seq() since its read_begin();
 *  I5 (drivers that opt in with mmu_interval_check_program) device PTEs are programmed only
 *     under the driver lock right after a successful read_retry, and the callback's set_seq
 *     runs under that same lock;
 *  I6 an invalidate callback may return false only for a non-blockable range (WARN), and then
 *     the invalidation fails with -EAGAIN after the end step ran internally.
 */

import { bug_on } from './bug_switch.js';
import {
  callback_sched,
  cur,
  kasan_check,
  KObj,
  lock_is_held,
  lock_map_acquire,
  lock_map_release,
  might_sleep,
  non_block_end,
  non_block_start,
  note,
  READ_ONCE,
  spin_lock,
  spin_unlock,
  visible,
  WaitQueueHead,
  wait_event,
  field_changed,
  wake_up_all,
  lone_point,
  DONE,
  completed,
  WARN_ON,
  type LockBase,
  type Sched,
  type Thread,
} from '../kernel/index.js';
import { ULONG_MAX } from './constants.js';
import { EAGAIN, EINVAL, EOVERFLOW } from './errno.js';
import { mmap_write_lock, mmap_write_unlock, mmdrop, mmgrab, mmap_assert_write_locked, type MmStruct } from './mm_struct.js';
import {
  __mmu_notifier_invalidate_range_start_map,
  __mmu_notifier_register,
  MMU_NOTIFY_RELEASE,
  mmu_notifier_range_blockable,
  mmu_notifier_range_init,
  type ItreeHooks,
  type MmuNotifierRange,
  type MmuNotifierSubscriptions,
} from './mmu_notifier.js';

/* ---- the interval tree ----------------------------------------------------------------- */

/*
 * An AVL tree keyed by (start, id), each node augmented with the largest `last` of its
 * subtree, so a stabbing query visits O(log n + k) nodes for k hits. Plain data: its users
 * hold subscriptions->lock.
 */

let nodeIds = 0;

/** struct interval_tree_node: [start, last], last inclusive. */
export class IntervalTreeNode<T = unknown> {
  start = 0;
  last = 0;
  subtree_last = 0;
  left: IntervalTreeNode<T> | null = null;
  right: IntervalTreeNode<T> | null = null;
  /** 0 while not in a tree (the kernel's RB_EMPTY_NODE). */
  height = 0;
  /** Tie-break between equal starts: creation order. */
  readonly id = ++nodeIds;
  constructor(readonly owner: T) {}
}

export class IntervalTree<T = unknown> {
  root: IntervalTreeNode<T> | null = null;
  size = 0;
  /** Bumped by every insert/remove (the I1 check compares it). */
  gen = 0;
}

function h(n: IntervalTreeNode | null): number {
  return n === null ? 0 : n.height;
}

function fix(n: IntervalTreeNode): void {
  const l = n.left;
  const r = n.right;
  const hl = l === null ? 0 : l.height;
  const hr = r === null ? 0 : r.height;
  n.height = (hl > hr ? hl : hr) + 1;
  let m = n.last;
  if (l !== null && l.subtree_last > m) m = l.subtree_last;
  if (r !== null && r.subtree_last > m) m = r.subtree_last;
  n.subtree_last = m;
}

function rotate_right<T>(n: IntervalTreeNode<T>): IntervalTreeNode<T> {
  const l = n.left!;
  n.left = l.right;
  l.right = n;
  fix(n);
  fix(l);
  return l;
}

function rotate_left<T>(n: IntervalTreeNode<T>): IntervalTreeNode<T> {
  const r = n.right!;
  n.right = r.left;
  r.left = n;
  fix(n);
  fix(r);
  return r;
}

function rebalance<T>(n: IntervalTreeNode<T>): IntervalTreeNode<T> {
  fix(n);
  const bf = h(n.left) - h(n.right);
  if (bf > 1) {
    if (h(n.left!.left) < h(n.left!.right)) n.left = rotate_left(n.left!);
    return rotate_right(n);
  }
  if (bf < -1) {
    if (h(n.right!.right) < h(n.right!.left)) n.right = rotate_right(n.right!);
    return rotate_left(n);
  }
  return n;
}

function before(a: IntervalTreeNode, b: IntervalTreeNode): boolean {
  return a.start < b.start || (a.start === b.start && a.id < b.id);
}

function insert_at<T>(n: IntervalTreeNode<T> | null, x: IntervalTreeNode<T>): IntervalTreeNode<T> {
  if (n === null) {
    x.left = x.right = null;
    x.height = 1;
    x.subtree_last = x.last;
    return x;
  }
  if (before(x, n)) n.left = insert_at(n.left, x);
  else n.right = insert_at(n.right, x);
  return rebalance(n);
}

function take_min<T>(n: IntervalTreeNode<T>, out: { min: IntervalTreeNode<T> | null }): IntervalTreeNode<T> | null {
  if (n.left === null) {
    out.min = n;
    return n.right;
  }
  n.left = take_min(n.left, out);
  return rebalance(n);
}

function remove_at<T>(n: IntervalTreeNode<T> | null, x: IntervalTreeNode<T>): IntervalTreeNode<T> | null {
  if (n === null) throw new Error('interval_tree_remove: node not in tree');
  if (n === x) {
    if (n.left === null) return n.right;
    if (n.right === null) return n.left;
    const out: { min: IntervalTreeNode<T> | null } = { min: null };
    const rest = take_min(n.right, out);
    const m = out.min!;
    m.right = rest;
    m.left = n.left;
    return rebalance(m);
  }
  if (before(x, n)) n.left = remove_at(n.left, x);
  else n.right = remove_at(n.right, x);
  return rebalance(n);
}

/** interval_tree_insert(). */
export function interval_tree_insert<T>(node: IntervalTreeNode<T>, tree: IntervalTree<T>): void {
  if (node.height !== 0) throw new Error('interval_tree_insert: node already in a tree');
  tree.root = insert_at(tree.root, node);
  tree.size++;
  tree.gen++;
}

/** interval_tree_remove(). */
export function interval_tree_remove<T>(node: IntervalTreeNode<T>, tree: IntervalTree<T>): void {
  tree.root = remove_at(tree.root, node);
  node.left = node.right = null;
  node.height = 0;
  tree.size--;
  tree.gen++;
}

/** interval_tree_iter_first(): the leftmost node intersecting [start, last], or null. */
export function interval_tree_iter_first<T>(tree: IntervalTree<T>, start: number, last: number): IntervalTreeNode<T> | null {
  let n = tree.root;
  while (n !== null && n.subtree_last >= start) {
    // Something in the left subtree reaches `start`: the answer, if any, is there (every node
    // right of it starts even later).
    if (n.left !== null && n.left.subtree_last >= start) {
      n = n.left;
      continue;
    }
    if (n.start > last) return null;
    if (n.last >= start) return n;
    n = n.right;
  }
  return null;
}

/** Every node intersecting [start, last], in order (the whole iter_first/iter_next walk). */
export function interval_tree_collect<T>(tree: IntervalTree<T>, start: number, last: number, out: IntervalTreeNode<T>[]): IntervalTreeNode<T>[] {
  collect(tree.root, start, last, out);
  return out;
}

function collect<T>(n: IntervalTreeNode<T> | null, start: number, last: number, out: IntervalTreeNode<T>[]): void {
  while (n !== null && n.subtree_last >= start) {
    collect(n.left, start, last, out);
    if (n.start > last) return;
    if (n.last >= start) out.push(n);
    n = n.right;
  }
}

/** Depth and balance check for tests: returns the height, throws on a broken tree. */
export function interval_tree_validate(tree: IntervalTree): number {
  const walk = (n: IntervalTreeNode | null, lo: IntervalTreeNode | null): { h: number; sl: number; lo: IntervalTreeNode | null } => {
    if (n === null) return { h: 0, sl: -Infinity, lo };
    const l = walk(n.left, lo);
    if (l.lo !== null && !before(l.lo, n)) throw new Error('interval tree out of order');
    const r = walk(n.right, n);
    if (Math.abs(l.h - r.h) > 1) throw new Error('interval tree unbalanced');
    const hh = Math.max(l.h, r.h) + 1;
    const sl = Math.max(n.last, l.sl, r.sl);
    if (hh !== n.height || sl !== n.subtree_last) throw new Error('interval tree augmentation stale');
    return { h: hh, sl, lo: r.lo ?? n };
  };
  return walk(tree.root, null).h;
}

/* ---- struct mmu_interval_notifier ------------------------------------------------------ */

/** struct mmu_interval_notifier_ops. */
export interface MmuIntervalNotifierOps {
  /**
   * Called for every invalidation intersecting the subscription, with `cur_seq` (odd) to store
   * through mmu_interval_set_seq() under the driver lock. Return false only when the range is
   * not blockable and the callback would have to sleep.
   */
  invalidate(mni: MmuIntervalNotifier, range: MmuNotifierRange, cur_seq: number): Sched<boolean>;
}

interface ReadSection {
  seq: number;
  /** mni.set_seq_count when read_begin returned. */
  sets: number;
  /** Set by a read_retry that returned false (for the I5 check). */
  retryOk: boolean;
}

export class MmuIntervalNotifier extends KObj {
  /** interval_sub->interval_tree. */
  readonly interval_tree: IntervalTreeNode<MmuIntervalNotifier>;
  ops: MmuIntervalNotifierOps;
  mm: MmStruct | null = null;
  invalidate_seq = 0;
  /** On subscriptions->deferred_list (hlist_unhashed(&deferred_item) is false). */
  deferred = false;
  /* Model bookkeeping for the invariant checks. */
  /** Callbacks of this subscription running now. */
  running = 0;
  /** remove() has returned. */
  removed = false;
  set_seq_count = 0;
  /** Open read sections, per thread (I4/I5). */
  sections: Map<Thread, ReadSection> | null = null;
  /** The lock a driver declared with mmu_interval_check_program (I5). */
  driver_lock: LockBase | null = null;
  /**
   * @param container the driver structure embedding this subscription: a callback or API call
   *        on it after it was freed is a KASAN report.
   */
  constructor(
    ops: MmuIntervalNotifierOps,
    readonly container: KObj | null = null,
  ) {
    super('mmu_interval_notifier');
    this.ops = ops;
    this.interval_tree = new IntervalTreeNode(this);
  }
}

function mni_obj(mni: MmuIntervalNotifier): KObj {
  return mni.container ?? mni;
}

/** mmu_interval_notifier_start()/last(): the subscribed interval (last inclusive). */
export function mmu_interval_notifier_start(mni: MmuIntervalNotifier): number {
  return mni.interval_tree.start;
}
export function mmu_interval_notifier_last(mni: MmuIntervalNotifier): number {
  return mni.interval_tree.last;
}

/** Process-wide counters of the rarer paths (tests check that scenarios reach them). */
export const itree_stats = { deferred_inserts: 0, deferred_removes: 0, cancelled_inserts: 0, eagain: 0 };

/* ---- the per-mm state -------------------------------------------------------------------- */

/** The interval-notifier fields of struct mmu_notifier_subscriptions. */
export class MmuItree {
  invalidate_seq = 2;
  active_invalidate_ranges = 0;
  readonly itree = new IntervalTree<MmuIntervalNotifier>();
  readonly deferred_list: MmuIntervalNotifier[] = [];
  readonly wq: WaitQueueHead;
  /** Ranges whose start went through mn_itree_inv_start_range (see modelling notes). */
  readonly counted = new Set<MmuNotifierRange>();
  /** Applying the deferred list in mn_itree_inv_end (the only legal tree change while odd). */
  applying = false;
  constructor(readonly subs: MmuNotifierSubscriptions) {
    this.wq = new WaitQueueHead('wq', subs);
  }
  /** For the dependency relation the state is one object with its wait queue. */
  get label(): string {
    return this.wq.label;
  }
}

/** The itree state of an mm, or null when no interval notifier was ever inserted. */
export function mm_itree(mm: MmStruct): MmuItree | null {
  const subs = mm.notifier_subscriptions;
  if (subs === null || !subs.has_itree) return null;
  return subs.itree_state as MmuItree;
}

function itree_of(subs: MmuNotifierSubscriptions): MmuItree {
  return subs.itree_state as MmuItree;
}

function mn_itree_is_invalidating(st: MmuItree): boolean {
  return (st.invalidate_seq & 1) === 1;
}

function invariant(kind: 'bug' | 'warn', id: string, what: string, detail: string[] = []): void {
  cur.report(kind, `BUG: interval notifier invariant ${id} broken: ${what}`, `${id}: ${what}`, [`thread ${cur.current.name} at step ${cur.steps}`, ...detail], kind === 'bug');
}

/** I2, checked at the end of every locked section. */
function check_state(st: MmuItree): void {
  if (st.active_invalidate_ranges < 0) invariant('bug', 'I2', `active_invalidate_ranges went negative (${st.active_invalidate_ranges})`);
  if (mn_itree_is_invalidating(st) && st.active_invalidate_ranges === 0) {
    invariant('bug', 'I2', `invalidate_seq ${st.invalidate_seq} is odd with no active invalidation`);
  }
}

/** Tree changes go through here: I1 (frozen while odd, except while applying deferred ops). */
function itree_insert(st: MmuItree, mni: MmuIntervalNotifier): void {
  if (mn_itree_is_invalidating(st) && !st.applying) invariant('bug', 'I1', `${mni.__label} inserted while invalidate_seq ${st.invalidate_seq} is odd`);
  interval_tree_insert(mni.interval_tree, st.itree);
}
function itree_remove(st: MmuItree, mni: MmuIntervalNotifier): void {
  if (mn_itree_is_invalidating(st) && !st.applying) invariant('bug', 'I1', `${mni.__label} removed while invalidate_seq ${st.invalidate_seq} is odd`);
  interval_tree_remove(mni.interval_tree, st.itree);
}

/* ---- invalidation (the hooks called by mmu_notifier.ts) ----------------------------------- */

/**
 * mn_itree_inv_start_range(): count the invalidation, find what it intersects, and if anything
 * make the sequence odd (freezing the tree). Fills `hits`; returns cur_seq.
 */
function* mn_itree_inv_start_range(subs: MmuNotifierSubscriptions, range: MmuNotifierRange, hits: IntervalTreeNode<MmuIntervalNotifier>[]): Sched<number> {
  const st = itree_of(subs);
  yield* spin_lock(subs.lock);
  st.active_invalidate_ranges++;
  st.counted.add(range);
  interval_tree_collect(st.itree, range.start, range.end - 1, hits);
  if (hits.length > 0) {
    st.invalidate_seq |= 1;
    field_changed(st, 'invalidate_seq');
  }
  const seq = st.invalidate_seq;
  check_state(st);
  yield* spin_unlock(subs.lock);
  return seq;
}

/** mn_itree_invalidate(): the itree part of __mmu_notifier_invalidate_range_start. */
function* mn_itree_invalidate(subs: MmuNotifierSubscriptions, range: MmuNotifierRange): Sched<number> {
  const st = itree_of(subs);
  const hits: IntervalTreeNode<MmuIntervalNotifier>[] = [];
  const cur_seq = yield* mn_itree_inv_start_range(subs, range, hits);
  if (hits.length === 0) return 0;
  const gen = st.itree.gen;
  const blockable = mmu_notifier_range_blockable(range);
  for (let i = 0; i < hits.length; i++) {
    const mni = hits[i]!.owner;
    if (st.itree.gen !== gen) invariant('bug', 'I1', `the interval tree changed while invalidation ${range} walked it`);
    const ok = yield* call_invalidate(mni, range, cur_seq, blockable);
    if (!ok) {
      // I6: only a non-blockable range may be refused.
      if (WARN_ON(blockable, `${mni.__label}: invalidate returned false for a blockable range (I6)`)) continue;
      // The caller of a failed non-blockable start must not call end: do it here.
      itree_stats.eagain++;
      yield* mn_itree_inv_end(subs, range);
      return -EAGAIN;
    }
  }
  return 0;
}

function* call_invalidate(mni: MmuIntervalNotifier, range: MmuNotifierRange, cur_seq: number, blockable: boolean): Sched<boolean> {
  kasan_check(mni_obj(mni), 'mn_itree_invalidate');
  if (mni.removed) invariant('bug', 'I3', `invalidate callback of ${mni.__label} called after mmu_interval_notifier_remove returned`);
  mni.running++;
  if (!blockable) non_block_start();
  try {
    return yield* callback_sched<boolean>(mni.ops.invalidate(mni, range, cur_seq), `${mni.__label}: mmu_interval_notifier_ops.invalidate`, mni.ops.invalidate);
  } finally {
    if (!blockable) non_block_end();
    mni.running--;
  }
}

/**
 * mn_itree_inv_end(): uncount the invalidation; the last one of an odd period makes the
 * sequence even, applies the deferred inserts/removes and wakes read_begin/remove sleepers.
 */
function* mn_itree_inv_end(subs: MmuNotifierSubscriptions, range: MmuNotifierRange): Sched {
  const st = itree_of(subs);
  yield* spin_lock(subs.lock);
  if (!st.counted.delete(range)) {
    // Started before the itree existed (see modelling notes): not ours to end.
    yield* spin_unlock(subs.lock);
    return;
  }
  if (--st.active_invalidate_ranges > 0 || !mn_itree_is_invalidating(st)) {
    check_state(st);
    yield* spin_unlock(subs.lock);
    return;
  }
  st.invalidate_seq++;
  field_changed(st, 'invalidate_seq');
  // Before 5.18 remove() read invalidate_seq without the lock, so this store was visible to it
  // before the deferred list below was applied: a step of its own then.
  if (bug_on('itree-remove-unlocked-wait')) yield;
  st.applying = true;
  for (const mni of st.deferred_list) {
    kasan_check(mni_obj(mni), 'mn_itree_inv_end');
    if (mni.interval_tree.height === 0) itree_insert(st, mni);
    else itree_remove(st, mni);
    mni.deferred = false;
  }
  st.applying = false;
  st.deferred_list.length = 0;
  check_state(st);
  yield* spin_unlock(subs.lock);
  yield* wake_up_all(st.wq);
}

/** mn_itree_release(): exit_mmap's one blockable [0, ULONG_MAX] MMU_NOTIFY_RELEASE invalidation. */
function* mn_itree_release(subs: MmuNotifierSubscriptions, mm: MmStruct): Sched {
  const range = mmu_notifier_range_init(MMU_NOTIFY_RELEASE, 0, null, mm, 0, ULONG_MAX);
  range.thread = cur.current;
  const hits: IntervalTreeNode<MmuIntervalNotifier>[] = [];
  const cur_seq = yield* mn_itree_inv_start_range(subs, range, hits);
  const st = itree_of(subs);
  const gen = st.itree.gen;
  for (let i = 0; i < hits.length; i++) {
    const mni = hits[i]!.owner;
    if (st.itree.gen !== gen) invariant('bug', 'I1', 'the interval tree changed during mn_itree_release');
    const ok = yield* call_invalidate(mni, range, cur_seq, true);
    WARN_ON(!ok, `${mni.__label}: invalidate returned false for MMU_NOTIFY_RELEASE (I6)`);
  }
  yield* mn_itree_inv_end(subs, range);
}

const itreeHooks: ItreeHooks = {
  invalidate_start: mn_itree_invalidate,
  invalidate_end: mn_itree_inv_end,
  release: mn_itree_release,
};

/* ---- insert / remove ----------------------------------------------------------------------- */

/** Switch the itree on for `mm` (mmu_notifier_register(NULL, mm)); mmap_lock held for write. */
function* itree_register_locked(mm: MmStruct): Sched<number> {
  mmap_assert_write_locked(mm, '__mmu_notifier_register');
  const r = yield* __mmu_notifier_register(null, mm);
  if (r !== 0) return r;
  const subs = mm.notifier_subscriptions!;
  if (!subs.has_itree) {
    subs.itree_state = new MmuItree(subs);
    subs.itree = itreeHooks;
    subs.has_itree = true;
  }
  return 0;
}

function* __mmu_interval_notifier_insert(mni: MmuIntervalNotifier, mm: MmStruct, subs: MmuNotifierSubscriptions, start: number, length: number, ops: MmuIntervalNotifierOps): Sched<number> {
  mni.mm = mm;
  mni.ops = ops;
  const node = mni.interval_tree;
  node.start = start;
  // The tree stores inclusive ends: [start, start + length - 1] must fit an unsigned long.
  if (length === 0 || start + length - 1 > ULONG_MAX || (Number.isSafeInteger(start) && Number.isSafeInteger(length) && BigInt(start) + BigInt(length) - 1n > 0xffff_ffff_ffff_ffffn)) {
    return -EOVERFLOW;
  }
  node.last = start + length - 1;
  // The caller holds an mmget (5.5 checked mm_count here; later kernels check mm_users).
  if (WARN_ON(mm.mm_users.v <= 0, 'mmu_interval_notifier_insert on an mm with mm_users == 0')) return -EINVAL;
  yield* mmgrab(mm); // dropped by mmu_interval_notifier_remove
  const st = itree_of(subs);
  yield* spin_lock(subs.lock);
  if (st.active_invalidate_ranges > 0) {
    if (mn_itree_is_invalidating(st)) {
      // The tree is frozen: queue it, mn_itree_inv_end will insert it.
      st.deferred_list.push(mni);
      mni.deferred = true;
      itree_stats.deferred_inserts++;
    } else {
      // Invalidations are running that intersected nothing: we may still insert, but their
      // ranges are unknown, so make the sequence odd and let read_begin wait for them.
      itree_insert(st, mni);
      st.invalidate_seq |= 1;
      field_changed(st, 'invalidate_seq');
    }
    mni.invalidate_seq = st.invalidate_seq;
  } else {
    WARN_ON(mn_itree_is_invalidating(st), 'invalidate_seq odd with no active invalidation');
    // An odd value that is not the current one: read_begin will not wait.
    mni.invalidate_seq = st.invalidate_seq - 1;
    itree_insert(st, mni);
  }
  check_state(st);
  yield* spin_unlock(subs.lock);
  return 0;
}

/**
 * mmu_interval_notifier_insert(): subscribe `mni` to [start, start + length) of `mm`. The
 * caller holds an mmget and must NOT hold the mmap_lock (the first insertion on an mm takes it
 * for write). Returns 0, -EOVERFLOW, -EINVAL or -ENOMEM. The subscription may only be queued
 * when this returns; read_begin() still gives the right answer.
 */
export function* mmu_interval_notifier_insert(mni: MmuIntervalNotifier, mm: MmStruct, start: number, length: number, ops: MmuIntervalNotifierOps): Sched<number> {
  might_sleep('mmu_interval_notifier_insert');
  kasan_check(mni_obj(mni), 'mmu_interval_notifier_insert', 'Write');
  kasan_check(mm, 'mmu_interval_notifier_insert');
  if (lock_is_held(mm.mmap_lock)) {
    // might_lock(&mm->mmap_lock)
    cur.report('lock-order', 'WARNING: possible recursive locking detected', `mmu_interval_notifier_insert called with ${mm.mmap_lock.label} held`, [
      `${cur.current.name} holds ${mm.mmap_lock.label} and mmu_interval_notifier_insert may take it for write`,
      'use mmu_interval_notifier_insert_locked() under the write lock instead',
    ], false);
  }
  let subs = mm.notifier_subscriptions;
  if (subs === null || !subs.has_itree) {
    yield* mmap_write_lock(mm);
    const r = yield* itree_register_locked(mm);
    yield* mmap_write_unlock(mm);
    if (r !== 0) return r;
    subs = mm.notifier_subscriptions!;
  }
  return yield* __mmu_interval_notifier_insert(mni, mm, subs, start, length, ops);
}

/** mmu_interval_notifier_insert_locked(): the same with the mmap_lock held for write. */
export function* mmu_interval_notifier_insert_locked(mni: MmuIntervalNotifier, mm: MmStruct, start: number, length: number, ops: MmuIntervalNotifierOps): Sched<number> {
  kasan_check(mni_obj(mni), 'mmu_interval_notifier_insert_locked', 'Write');
  mmap_assert_write_locked(mm, 'mmu_interval_notifier_insert_locked');
  let subs = mm.notifier_subscriptions;
  if (subs === null || !subs.has_itree) {
    const r = yield* itree_register_locked(mm);
    if (r !== 0) return r;
    subs = mm.notifier_subscriptions!;
  }
  return yield* __mmu_interval_notifier_insert(mni, mm, subs, start, length, ops);
}

/**
 * mmu_interval_notifier_remove(): unsubscribe. May sleep until the invalidation that may still
 * call `mni` has ended, so it must not be called from an invalidate callback (it would wait for
 * itself: deadlock) nor with a lock such a callback takes. On return no callback of `mni`
 * runs or will run (I3). Drops the mmgrab taken by insert.
 */
export function* mmu_interval_notifier_remove(mni: MmuIntervalNotifier): Sched {
  might_sleep('mmu_interval_notifier_remove');
  kasan_check(mni_obj(mni), 'mmu_interval_notifier_remove');
  const mm = kasan_check(mni.mm, 'mmu_interval_notifier_remove');
  const subs = kasan_check(kasan_check(mm, 'mmu_interval_notifier_remove').notifier_subscriptions, 'mmu_interval_notifier_remove');
  const st = itree_of(subs);
  let seq = 0;
  yield* spin_lock(subs.lock);
  if (mn_itree_is_invalidating(st)) {
    if (mni.interval_tree.height === 0) {
      // Inserted while frozen and not yet applied: cancel the pending insert.
      const i = st.deferred_list.indexOf(mni);
      WARN_ON(i < 0, `${mni.__label} removed but neither in the tree nor queued`);
      if (i >= 0) st.deferred_list.splice(i, 1);
      mni.deferred = false;
      itree_stats.cancelled_inserts++;
    } else {
      // A running invalidation may still call it: queue the removal and wait for the end.
      st.deferred_list.push(mni);
      mni.deferred = true;
      seq = st.invalidate_seq;
      itree_stats.deferred_removes++;
    }
  } else {
    if (!WARN_ON(mni.interval_tree.height === 0, `${mni.__label} removed but not in the interval tree`)) itree_remove(st, mni);
  }
  check_state(st);
  yield* spin_unlock(subs.lock);
  // The possible wait for the invalidation: the caller must not hold a lock the callbacks take.
  lock_map_acquire(__mmu_notifier_invalidate_range_start_map);
  lock_map_release(__mmu_notifier_invalidate_range_start_map);
  if (seq !== 0) {
    // Before 5.18 the condition read invalidate_seq without subscriptions->lock: a lockless read
    // of shared state, so a step of its own (and the end step's store is visible to it early).
    if (bug_on('itree-remove-unlocked-wait')) yield;
    yield* wait_event(st.wq, () => st.invalidate_seq !== seq, [[st, 'invalidate_seq']]);
  }
  if (mni.running > 0) invariant('bug', 'I3', `mmu_interval_notifier_remove(${mni.__label}) returns while its invalidate callback runs`);
  mni.removed = true;
  yield* mmdrop(mm);
}

/* ---- the read side ------------------------------------------------------------------------ */

function section(mni: MmuIntervalNotifier): ReadSection | undefined {
  return mni.sections === null ? undefined : mni.sections.get(cur.current);
}

/**
 * mmu_interval_read_begin(): open a collision-retry section and return its sequence. Sleeps if
 * an invalidation that already called this subscription is still running.
 */
export function* mmu_interval_read_begin(mni: MmuIntervalNotifier): Sched<number> {
  might_sleep('mmu_interval_read_begin');
  kasan_check(mni_obj(mni), 'mmu_interval_read_begin');
  const mm = kasan_check(mni.mm, 'mmu_interval_read_begin');
  const subs = kasan_check(kasan_check(mm, 'mmu_interval_read_begin').notifier_subscriptions, 'mmu_interval_read_begin');
  const st = itree_of(subs);
  yield* spin_lock(subs.lock);
  const seq = mni.invalidate_seq;
  const is_invalidating = seq === st.invalidate_seq;
  yield* spin_unlock(subs.lock);
  // It may wait for an invalidation to finish: lockdep orders the callbacks' locks before it.
  lock_map_acquire(__mmu_notifier_invalidate_range_start_map);
  lock_map_release(__mmu_notifier_invalidate_range_start_map);
  // If the current odd period already reached this subscription, its pages are being torn
  // down: wait for the period to end. If it has not, set_seq will force a retry.
  if (is_invalidating) yield* wait_event(st.wq, () => st.invalidate_seq !== seq, [[st, 'invalidate_seq']]);
  if (mni.sections === null) mni.sections = new Map();
  mni.sections.set(cur.current, { seq, sets: mni.set_seq_count, retryOk: false });
  return seq;
}

/**
 * mmu_interval_read_retry(): true when the sequence read_begin returned is no longer the
 * current one, i.e. some invalidation overlapped the section since. Call it under the driver
 * lock its invalidate callback takes around set_seq; when it returns false the device may be
 * programmed before that lock is dropped. Reading the
 * sequence is a step of its own (`yield* mmu_interval_read_retry(...)`): a callback that sets
 * it without the driver lock can run between this check and the programming.
 */
export function mmu_interval_read_retry(mni: MmuIntervalNotifier, seq: number): Sched<boolean> {
  if (cur.record) note('mmu_interval_read_retry', `${mni.__label} (seq ${seq})`);
  if (lone_point()) return completed(read_retry_now(mni, seq));
  return read_retry_after_point(mni, seq);
}

function* read_retry_after_point(mni: MmuIntervalNotifier, seq: number): Sched<boolean> {
  yield;
  return read_retry_now(mni, seq);
}

function read_retry_now(mni: MmuIntervalNotifier, seq: number): boolean {
  visible('mmu_interval_read_retry', mni);
  kasan_check(mni_obj(mni), 'mmu_interval_read_retry');
  const retry = mni.invalidate_seq !== seq;
  const s = section(mni);
  if (s !== undefined && s.seq === seq) {
    if (!retry && mni.set_seq_count !== s.sets) {
      invariant('bug', 'I4', `read_retry(${mni.__label}, ${seq}) returned false after set_seq ran ${mni.set_seq_count - s.sets} time(s) since read_begin`);
    }
    s.retryOk = !retry;
  }
  return retry;
}

/** mmu_interval_check_retry(): the lockless hint (a READ_ONCE); true is reliable, false is not. */
export function* mmu_interval_check_retry(mni: MmuIntervalNotifier, seq: number): Sched<boolean> {
  const v = yield* READ_ONCE(mni, 'invalidate_seq');
  kasan_check(mni_obj(mni), 'mmu_interval_check_retry');
  return v !== seq;
}

/**
 * mmu_interval_set_seq(): from the invalidate callback, unconditionally, under the driver
 * lock, with the cur_seq it was given (odd). A WRITE_ONCE in the kernel: its own step here.
 */
export function mmu_interval_set_seq(mni: MmuIntervalNotifier, cur_seq: number): Sched {
  if (cur.record) note('mmu_interval_set_seq', `${mni.__label} = ${cur_seq}`);
  if (lone_point()) {
    set_seq_now(mni, cur_seq);
    return DONE;
  }
  return set_seq_after_point(mni, cur_seq);
}

function* set_seq_after_point(mni: MmuIntervalNotifier, cur_seq: number): Sched {
  yield;
  set_seq_now(mni, cur_seq);
}

function set_seq_now(mni: MmuIntervalNotifier, cur_seq: number): void {
  visible('mmu_interval_set_seq', mni);
  kasan_check(mni_obj(mni), 'mmu_interval_set_seq', 'Write');
  if ((cur_seq & 1) === 0) invariant('bug', 'I4', `mmu_interval_set_seq(${mni.__label}, ${cur_seq}): cur_seq must be the odd value the callback received`);
  if (mni.driver_lock !== null && !lock_is_held(mni.driver_lock)) {
    invariant('bug', 'I5', `mmu_interval_set_seq(${mni.__label}) without the driver lock ${mni.driver_lock.label}`);
  }
  mni.invalidate_seq = cur_seq;
  mni.set_seq_count++;
}

/**
 * The I5 check, for drivers that opt in: call it right before programming device PTEs from a
 * read section of `mni` opened with `seq`, holding `lock` (the lock the invalidate callback
 * takes around set_seq). From then on set_seq without that lock is also reported.
 */
export function mmu_interval_check_program(mni: MmuIntervalNotifier, seq: number, lock: LockBase): void {
  mni.driver_lock = lock;
  if (!lock_is_held(lock)) invariant('bug', 'I5', `device programmed for ${mni.__label} without holding ${lock.label}`);
  const s = section(mni);
  if (s === undefined || s.seq !== seq || !s.retryOk) {
    invariant('bug', 'I5', `device programmed for ${mni.__label} without a successful mmu_interval_read_retry(${seq}) under ${lock.label}`);
  } else if (mni.invalidate_seq !== seq) {
    invariant('bug', 'I5', `device programmed for ${mni.__label} after set_seq moved it to ${mni.invalidate_seq} (the callback does not hold ${lock.label}?)`);
  }
}

/** For tests and reports: the sequence state of `mm`'s itree. */
export function mmu_itree_state(mm: MmStruct): { invalidate_seq: number; active_invalidate_ranges: number; deferred: number; registered: number } | null {
  const st = mm_itree(mm);
  if (st === null) return null;
  return { invalidate_seq: st.invalidate_seq, active_invalidate_ranges: st.active_invalidate_ranges, deferred: st.deferred_list.length, registered: st.itree.size };
}
