/*
 * What each visible operation touches, for the dependency relation (dependency.ts): the object
 * key or keys of an operation and how it touches each (read, write, or an update that commutes
 * with other updates). The recorder calls op_keys for every access; this file is the one place
 * that says which operations touch which object, so a finer relation is a change here alone.
 *
 * The relation is deliberately coarse where the model cannot say more:
 *  - objects are keyed by their label (deterministic per execution, so keys match across
 *    executions); two objects that share a label count as one;
 *  - every page-table, page, user-access and device operation touches one object, "memory":
 *    a PTE, a huge PMD, a frame shared after fork and a device's mapping of it are one thing
 *    to the model's checks, and addresses are not compared;
 *  - a wait-queue condition check reads every object (the condition reads arbitrary state):
 *    it conflicts with every event that changes something (see READS_ALL).
 * Coarser means more executions, never fewer: the reduction stays sound.
 */

/** How a step touches an object. Two commuting updates of one object do not conflict. */
export const READ = 0;
export const WRITE = 1;
export const UPDATE = 2;

/** Operations that only read their object; everything else changes it. */
const READS = new Set(['READ_ONCE', 'atomic_read', 'pte read', 'kasan read', 'kthread_join', 'mmu_interval_read_retry']);
/**
 * Updates that commute with each other (not with reads or other changes): counter increments
 * and decrements whose result nobody reads in the same step (a kref or atomic get, a plain
 * atomic_inc/dec), SRCU read-side entry and exit, and the read side of an rwsem (readers
 * entering or leaving; what a writer waits for is that none is left, whatever their order).
 */
const UPDATES = new Set(['kref_get', 'kref_get_unless_zero', 'atomic_inc', 'atomic_dec', 'srcu_read_lock', 'srcu_read_unlock', 'down_read', 'up_read', 'down_read_trylock']);
/** Operations on the one "memory" object. */
const MEMORY = new Set(['pte', 'pte read', 'user access', 'device_map', 'device_zap', 'device_zap_all', 'device access', 'device_bind', 'device_unbind', 'get_page', 'put_page', 'set_page_dirty']);
/**
 * Wait-queue condition checks: the condition is arbitrary code over the model's state, so the
 * check reads everything (the key ALL), and it queues on its wait queue (writes it). Every event
 * that changes any object also updates ALL (commuting with other such updates), so a check
 * conflicts with every change and commutes only with events that change nothing (reads, KASAN
 * checks, other threads' pure lookups). Sound: whatever the condition reads, the events it
 * commutes with leave it unchanged.
 */
export const READS_ALL = new Set(['wait_event', 'wait_event_timeout']);
/** The pseudo-object every changing event updates and every condition check reads. */
export const ALL = '*all';

function key_of(op: string, obj: unknown): string {
  if (MEMORY.has(op)) return 'memory';
  if (obj === null || obj === undefined) return '?';
  if (typeof obj === 'string') return `s:${obj}`;
  const o = obj as { label?: unknown; __label?: unknown; name?: unknown; id?: unknown; gen?: unknown };
  if (typeof o.__label === 'string') return o.__label;
  if (typeof o.label === 'string') return o.label;
  if (typeof o.name === 'string') return `n:${o.name}`;
  return '?';
}


/**
 * The keys `op` on `obj` (`sub`: an address or index inside it, -1 if none) touches, each passed
 * to `add` with its mode. Locks are not handled here: the recorder resolves an acquisition when
 * the step ends (acquired, queued or failed).
 */
export function op_keys(op: string, obj: unknown, _sub: number, add: (key: string, mode: number) => void): void {
  if (READS_ALL.has(op)) {
    // The condition reads any state: a read of ALL (every changing event updates ALL).
    add(ALL, READ);
    add(key_of(op, obj), WRITE);
    return;
  }
  add(key_of(op, obj), READS.has(op) ? READ : UPDATES.has(op) ? UPDATE : WRITE);
}
