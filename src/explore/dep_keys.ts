/*
 * What each visible operation touches, for the dependency relation (dependency.ts): the object
 * key or keys of an operation and how it touches each (read, write, or an update that commutes
 * with other updates). The recorder calls op_keys for every access; this file is the one place
 * that says which operations touch which object, so a finer relation is a change here alone.
 *
 * The relation is deliberately coarse where the model cannot say more:
 *  - objects are keyed by their label (deterministic per execution, so keys match across
 *    executions); two objects that share a label count as one; struct pages by their pfn;
 *  - page tables, folios, devices and invalidation ranges are keyed finely only where the
 *    model says exactly what a step touches (the key scheme below): visible operations name
 *    their address (pte_op_fine, pte_read_op, user access, device map/zap/access), and hooks
 *    record what a step touches besides (PmdMap look-ups and changes, rmap and reference
 *    changes, allocations and frees, page contents, swap slots, device entries naming a folio,
 *    active_ranges, peek_entry). Every other page-table step (pte_op), a walk over a whole
 *    level, a folio split, a device bind, every DMA mapping operation is coarse: a write of the
 *    one "memory" key, which every fine operation reads;
 *  - a wait-queue condition check reads every object (the condition reads arbitrary state):
 *    it conflicts with every event that changes something (see READS_ALL), unless the wait
 *    declares what its condition reads (wait.ts CondReads; checked on every step);
 *  - a nonzero decrement whose result is read (DEC) commutes only with other such decrements.
 * Coarser means more executions, never fewer: the reduction stays sound.
 */

/** How a step touches an object. Two commuting updates of one object do not conflict. */
export const READ = 0;
export const WRITE = 1;
export const UPDATE = 2;
/**
 * A decrement whose result is not zero (and whose count was not below one: no underflow), whose
 * caller reads that result (atomic_dec_and_test, kref_put): two such decrements commute (either
 * order leaves both results nonzero and the same count), but not with an increment or a plain
 * decrement, which could move the result to zero in the other order, nor with a decrement that
 * reaches zero (a WRITE: which of two puts frees the object depends on their order).
 */
export const DEC = 3;

/** Operations that only read their object; everything else changes it. */
const READS = new Set(['READ_ONCE', 'atomic_read', 'kasan read', 'kthread_join', 'mmu_interval_read_retry', 'cond read', 'read']);
/**
 * Updates that commute with each other (not with reads or other changes): counter increments
 * and decrements whose result nobody reads in the same step (a kref or atomic get, a plain
 * atomic_inc/dec), SRCU read-side entry and exit, and the read side of an rwsem (readers
 * entering or leaving; what a writer waits for is that none is left, whatever their order).
 */
const UPDATES = new Set(['kref_get', 'kref_get_unless_zero', 'atomic_inc', 'atomic_dec', 'srcu_read_lock', 'srcu_read_unlock', 'down_read', 'up_read', 'down_read_trylock']);
/** Decrements that left a nonzero count (see DEC); the ones that reach zero are plain writes. */
const DECS = new Set(['kref_put nonzero', 'atomic_dec_and_test nonzero']);
// (Their `sub` is the count they saw, which sleep sets need: DependencyRecorder sleep_after.)
/**
 * Operations on the one coarse "memory" object (WRITE): everything of the page tables, pages
 * and devices that is not keyed finer below. Fine operations READ "memory" instead (whether they
 * read or change their own keys), so that a coarse operation conflicts with every fine one and
 * two fine ones conflict only through their own keys (see the key scheme below). A parent key
 * is read, not updated, so that a fine read stays a read (it changes nothing: a wait-queue
 * condition check commutes with it, see READS_ALL).
 */
const MEMORY = new Set(['pte', 'device_bind', 'device_unbind', 'dma_map', 'dma_unmap', 'dma access', 'memory']);
/** The coarse key. */
export const MEM = 'memory';
/**
 * Wait-queue condition checks: the condition is arbitrary code over the model's state, so the
 * check reads everything (the key ALL), and it queues on its wait queue (writes it). Every event
 * that changes any object also updates ALL (commuting with other such updates), so a check
 * conflicts with every change and commutes only with events that change nothing (reads, KASAN
 * checks, other threads' pure lookups). Sound: whatever the condition reads, the events it
 * commutes with leave it unchanged.
 */
export const READS_ALL = new Set(['wait_event', 'wait_event_timeout']);
/*
 * A wait whose condition declares what it reads (wait.ts CondReads) checks it with 'wait_check'
 * on the wait queue (a write: it queues there) and one 'cond read' (a READ) per declared object;
 * the recorder checks the declaration on every step (DependencyRecorder.checkWaits).
 */
/** The pseudo-object every changing event updates and every condition check reads. */
export const ALL = '*all';
/**
 * The pseudo-object of scheduling itself: every step UPDATEs it (so every step is an event, even
 * one that performs no visible operation), and a yield (yield_now, spin_retry) WRITEs it. A
 * thread that yielded lets another thread take the next step (sched.ts): which step that is
 * decides when it may go on, so a yield does not commute with any step of another thread,
 * visible or not.
 */
export const STEP = '*step';
/** A step that may touch any state (kernel/step.ts footprint_any_state): a global event. */
export { ANY_STATE } from '../kernel/step.js';

/*
 * The fine key scheme (every fine operation also READs MEM):
 *   pte:<mm>:<vpn>   one 4 KiB CPU page-table entry of an mm (virtual page number): written by
 *                    a fine PTE step ('pte fine', 'user access'), read by lockless reads ('pte
 *                    read') and by checks that compare with it ('pte peek', from peek_entry);
 *   pmd:<mm>:<idx>   the PMD slot of an mm (PTE table, leaf or none): WRITTEN by a change of the
 *                    slot (PmdMap set/delete: a new table, a leaf installed or removed, a table
 *                    freed) and by a PMD-level step ('pte pmd': the slot held a leaf or nothing
 *                    when the step began) or a read of a table's entry count; READ by every
 *                    look-up of the slot and every fine operation below it (they commute with
 *                    each other at this level: their conflicts are on pte keys; the entry count
 *                    they change is read only as a write of the slot). A PUD-level change is
 *                    coarse (WRITE MEM), a PUD look-up a fine read under it.
 *   pg:<pfn>         a folio (head pfn): refcount, mapcount, flags, contents, lock, freed, the
 *                    device entries naming it. Every struct page object is keyed by its pfn
 *                    (not by its label, which names the kind and changes with it).
 *   dev:<name>       a device's page table as a whole: WRITE by zap_all, long zaps, checks
 *                    over long ranges and the entry count; READ by every fine device operation;
 *   dev:<name>:<vpn> one device page-table entry;
 *   ranges:<mm>:...  the mm's running invalidations (active_ranges): UPDATEd (they commute)
 *                    by invalidate_range_start/end per page of a short range (:<vpn>) or as a
 *                    long one (:*), and always :any; read by the device checks per page (the
 *                    page's key and :*) or as a whole (:any);
 *   alloc            the page allocator (free lists, next pfn): written by every allocation and
 *                    every free (pfns and labels of new pages depend on their order);
 *   swap             swap slots and their contents.
 */
const FINE_PTE_W = new Set(['pte fine', 'user access']);
const FINE_PTE_R = new Set(['pte read', 'pte peek']);
/** Fine operations on a folio (obj: a Page): WRITE pg:<pfn>. */
const FINE_PAGE = new Set(['get_page', 'put_page', 'set_page_dirty', 'folio refcount', 'page', 'device ref', 'page read']);

function is_page(o: unknown): o is { pfn: number; mapcount: number } {
  return typeof o === 'object' && o !== null && typeof (o as { pfn?: unknown }).pfn === 'number' && typeof (o as { mapcount?: unknown }).mapcount === 'number';
}
function label_of(o: unknown): string {
  if (o === null || o === undefined) return '?';
  if (typeof o === 'string') return o;
  const x = o as { __label?: unknown; label?: unknown; name?: unknown };
  if (typeof x.__label === 'string') return x.__label;
  if (typeof x.label === 'string') return x.label;
  if (typeof x.name === 'string') return x.name;
  return '?';
}
const PAGE_SHIFT = 12;
const PMD_SHIFT = 21;
function vpn(addr: number): number {
  return Math.floor(addr / 2 ** PAGE_SHIFT);
}
function pmdi(addr: number): number {
  return Math.floor(addr / 2 ** PMD_SHIFT);
}

function key_of(op: string, obj: unknown): string {
  if (MEMORY.has(op)) return MEM;
  if (obj === null || obj === undefined) return '?';
  if (typeof obj === 'string') return `s:${obj}`;
  if (is_page(obj)) return `pg:${obj.pfn}`;
  const o = obj as { label?: unknown; __label?: unknown; name?: unknown; id?: unknown; gen?: unknown };
  if (typeof o.__label === 'string') return o.__label;
  if (typeof o.label === 'string') return o.label;
  if (typeof o.name === 'string') return `n:${o.name}`;
  return '?';
}

/** The key of an object as a whole (what a visible operation on it touches by default). */
export function object_key(obj: unknown): string {
  return key_of('', obj);
}

/**
 * The keys `op` on `obj` (`sub`: an address or index inside it, -1 if none) touches, each passed
 * to `add` with its mode. Locks are not handled here: the recorder resolves an acquisition when
 * the step ends (acquired, queued or failed).
 */
export function op_keys(op: string, obj: unknown, sub: number, add: (key: string, mode: number, count?: number) => void): void {
  if (READS_ALL.has(op)) {
    // The condition reads any state: a read of ALL (every changing event updates ALL).
    add(ALL, READ);
    add(key_of(op, obj), WRITE);
    return;
  }
  if (FINE_PTE_W.has(op) || FINE_PTE_R.has(op)) {
    if (sub < 0) {
      add(MEM, WRITE);
      return;
    }
    const mm = label_of(obj);
    add(`pte:${mm}:${vpn(sub)}`, FINE_PTE_R.has(op) ? READ : WRITE);
    add(`pmd:${mm}:${pmdi(sub)}`, READ);
    add(MEM, READ);
    return;
  }
  switch (op) {
    // Each is a write of the PMD slot, so it conflicts with every operation below it:
    //  - 'pte pmd', 'pmd slot': a PMD-level step, or a change of the slot;
    //  - 'pmd nr': the entry count of a PTE table, which every fine operation under the slot
    //    may change (each reads the slot key);
    //  - 'pmd get': a look-up by code that may read any entry under the slot unrecorded.
    case 'pte pmd':
    case 'pmd slot':
    case 'pmd nr':
    case 'pmd get':
      add(`pmd:${label_of(obj)}:${pmdi(sub)}`, WRITE);
      add(MEM, READ);
      return;
    case 'pmd lookup':
      // A look-up of the slot by code that records each entry it reads.
      add(`pmd:${label_of(obj)}:${pmdi(sub)}`, READ);
      add(MEM, READ);
      return;
    case 'pud get':
      add(MEM, READ);
      return;
    case 'memory read':
      // A walk over a whole page-table level (rmap walks, zaps over ranges, checks): every fine
      // operation reads MEM, so the walk is a coarse operation.
      add(MEM, WRITE);
      return;
    case 'alloc':
    case 'swap':
      add(op, WRITE);
      add(MEM, READ);
      return;
    case 'alloc read':
      // A look-up in the allocator's state (the list of device pgmaps).
      add('alloc', READ);
      add(MEM, READ);
      return;
    case 'ranges': {
      // mm.active_ranges: a start or end of an invalidation (sub: a page of a short range,
      // -1 a long one). Starts and ends commute with each other (each thread adds and removes
      // its own range; only readers see the list): UPDATEs, read by the checks below.
      const m = label_of(obj);
      add(sub < 0 ? `ranges:${m}:*` : `ranges:${m}:${vpn(sub)}`, UPDATE);
      add(`ranges:${m}:any`, UPDATE);
      return;
    }
    case 'ranges read': {
      // Is one page (sub) inside a running invalidation: its own key and every long range;
      // sub -1: is anything running, any key.
      const m = label_of(obj);
      if (sub < 0) add(`ranges:${m}:any`, READ);
      else {
        add(`ranges:${m}:${vpn(sub)}`, READ);
        add(`ranges:${m}:*`, READ);
      }
      return;
    }
    case 'device_map':
    case 'device_zap':
    case 'device access': {
      // obj: the device, sub: the address (a zap passes its start; its other pages are added
      // by the caller as 'device entry', or the whole device as 'device all').
      const d = label_of(obj);
      if (sub < 0) {
        add(`dev:${d}`, WRITE);
      } else {
        add(`dev:${d}:${vpn(sub)}`, op === 'device access' ? READ : WRITE);
        add(`dev:${d}`, READ);
      }
      add(MEM, READ);
      return;
    }
    case 'device entry':
    case 'device entry read':
      add(`dev:${label_of(obj)}:${vpn(sub)}`, op === 'device entry' ? WRITE : READ);
      add(`dev:${label_of(obj)}`, READ);
      add(MEM, READ);
      return;
    case 'device_zap_all':
    case 'device all':
    case 'device all read':
      // 'device all read' (the number of entries) reads what every fine operation may change:
      // it conflicts with them as a write of the whole device.
      add(`dev:${label_of(obj)}`, WRITE);
      add(MEM, READ);
      return;
    case 'folio free':
      // The folio itself, its lock bit, and the allocator the pfn goes back to.
      add(key_of(op, obj), WRITE);
      add('alloc', WRITE);
      add(MEM, READ);
      return;
  }
  if (FINE_PAGE.has(op)) {
    add(key_of(op, obj), op === 'page read' ? READ : WRITE);
    add(MEM, READ);
    return;
  }
  if (DECS.has(op)) {
    // sub: the count the decrement saw (at least 2).
    add(key_of(op, obj), DEC, sub);
    return;
  }
  add(key_of(op, obj), READS.has(op) ? READ : UPDATES.has(op) ? UPDATE : WRITE);
  // A folio's lock bit and flags are read by coarse steps too (free checks, migration).
  if (is_page(obj)) add(MEM, READ);
}
