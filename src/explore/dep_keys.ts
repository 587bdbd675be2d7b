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
 *                    (not by its label, which names the kind and changes with it). For a
 *                    device pfn it is also what pfn_to_page finds there: read by every look-up
 *                    ('pfn read': the found folio's head, or the pfn when none), written when a
 *                    4 KiB device folio is made ('pfn write') or freed (a larger one: MEM).
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

/*
 * Keys are interned: each key string gets a small integer, the same for the whole process, so
 * the recorder compares numbers and keeps per-object history in arrays. Keys are deterministic
 * strings, so the numbering never reaches a claim: footprints leave the process (checkpoints,
 * work handed to another worker) as strings (dependency.ts footprint_to_json, key_name).
 *
 * The keys of the scheme above that name a part of an object (`pte:<mm>:<vpn>`, `pg:<pfn>`...)
 * are looked up by their parts, the object's label (a string the object keeps, whose hash is
 * computed once) and a number: the key string is built only the first time the process sees
 * it. Looking up a string built afresh at every access cost about a fifth of a dpor run.
 */
const keyIds = new Map<string, number>();
const keyNames: string[] = [];

/** The id of a key (given as its string). */
export function key_id(k: string): number {
  let id = keyIds.get(k);
  if (id === undefined) {
    id = keyNames.length;
    keyNames.push(k);
    keyIds.set(k, id);
  }
  return id;
}

/** The string of a key id. */
export function key_name(id: number): string {
  const k = keyNames[id];
  if (k === undefined) throw new Error(`dependency key ${id} was never interned`);
  return k;
}

/** Keys made of a kind, a label and a number: per kind, label -> number -> id. */
const enum Kind {
  Pte,
  Pmd,
  Dev,
  Ranges,
  Page,
  Str,
  Name,
}
const PARTS: Map<string, Map<number, number>>[] = [new Map(), new Map(), new Map(), new Map(), new Map(), new Map(), new Map()];
/** `dev:<name>` (the device as a whole) and the long ranges `ranges:<mm>:*` / `:any`. */
const WHOLE = -1;
const ANY = -2;

function part_name(kind: Kind, label: string, n: number): string {
  switch (kind) {
    case Kind.Pte:
      return `pte:${label}:${n}`;
    case Kind.Pmd:
      return `pmd:${label}:${n}`;
    case Kind.Dev:
      return n === WHOLE ? `dev:${label}` : `dev:${label}:${n}`;
    case Kind.Ranges:
      return `ranges:${label}:${n === WHOLE ? '*' : n === ANY ? 'any' : n}`;
    case Kind.Page:
      return `pg:${n}`;
    case Kind.Str:
      return `s:${label}`;
    case Kind.Name:
      return `n:${label}`;
  }
}

function part_id(kind: Kind, label: string, n: number): number {
  const byLabel = PARTS[kind]!;
  let m = byLabel.get(label);
  if (m === undefined) byLabel.set(label, (m = new Map()));
  let id = m.get(n);
  if (id === undefined) {
    id = key_id(part_name(kind, label, n));
    m.set(n, id);
  }
  return id;
}

const MEM_ID = key_id(MEM);
const ALL_ID = key_id(ALL);
const ALLOC_ID = key_id('alloc');
const SWAP_ID = key_id('swap');
const UNKNOWN_ID = key_id('?');

function key_of(obj: unknown): number {
  if (obj === null || obj === undefined) return UNKNOWN_ID;
  if (typeof obj === 'string') return part_id(Kind.Str, obj, 0);
  if (is_page(obj)) return part_id(Kind.Page, '', obj.pfn);
  const o = obj as { label?: unknown; __label?: unknown; name?: unknown; id?: unknown; gen?: unknown };
  if (typeof o.__label === 'string') return key_id(o.__label);
  if (typeof o.label === 'string') return key_id(o.label);
  if (typeof o.name === 'string') return part_id(Kind.Name, o.name, 0);
  return UNKNOWN_ID;
}

/** The key of an object as a whole (what a visible operation on it touches by default). */
export function object_key_id(obj: unknown): number {
  return key_of(obj);
}

/** What op_keys does with an operation: one look-up per access instead of a chain of sets. */
const enum Cls {
  Plain,
  Read,
  Update,
  Dec,
  Memory,
  ReadsAll,
  PteW,
  PteR,
  PmdW,
  PmdLookup,
  PudGet,
  Walk,
  Alloc,
  Swap,
  AllocRead,
  Ranges,
  RangesRead,
  DevOp,
  DevAccess,
  DevEntry,
  DevEntryRead,
  DevAll,
  FolioFree,
  FinePage,
  PageRead,
  Pfn,
}
const OP_CLASS = new Map<string, Cls>();
const classify = (ops: Iterable<string>, c: Cls): void => {
  for (const op of ops) {
    if (OP_CLASS.has(op)) throw new Error(`dep_keys: operation '${op}' classified twice`);
    OP_CLASS.set(op, c);
  }
};
classify(READS, Cls.Read);
classify(UPDATES, Cls.Update);
classify(DECS, Cls.Dec);
classify(MEMORY, Cls.Memory);
classify(READS_ALL, Cls.ReadsAll);
classify(FINE_PTE_W, Cls.PteW);
classify(FINE_PTE_R, Cls.PteR);
classify(['pte pmd', 'pmd slot', 'pmd nr', 'pmd get'], Cls.PmdW);
classify(['pmd lookup'], Cls.PmdLookup);
classify(['pud get'], Cls.PudGet);
classify(['memory read'], Cls.Walk);
classify(['alloc'], Cls.Alloc);
classify(['swap'], Cls.Swap);
classify(['alloc read'], Cls.AllocRead);
classify(['ranges'], Cls.Ranges);
classify(['ranges read'], Cls.RangesRead);
classify(['device_map', 'device_zap'], Cls.DevOp);
classify(['device access'], Cls.DevAccess);
classify(['device entry'], Cls.DevEntry);
classify(['device entry read'], Cls.DevEntryRead);
classify(['device_zap_all', 'device all', 'device all read'], Cls.DevAll);
classify(['folio free'], Cls.FolioFree);
classify([...FINE_PAGE].filter((op) => op !== 'page read'), Cls.FinePage);
classify(['page read'], Cls.PageRead);
classify(['pfn write', 'pfn read'], Cls.Pfn);

/**
 * The keys `op` on `obj` (`sub`: an address or index inside it, -1 if none) touches, each passed
 * to `add` (as an id: key_name gives its string) with its mode. Locks are not handled here: the
 * recorder resolves an acquisition when the step ends (acquired, queued or failed).
 */
export function op_keys(op: string, obj: unknown, sub: number, add: (key: number, mode: number, count?: number) => void): void {
  const cls = OP_CLASS.get(op) ?? Cls.Plain;
  switch (cls) {
    case Cls.ReadsAll:
      // The condition reads any state: a read of ALL (every changing event updates ALL).
      add(ALL_ID, READ);
      add(key_of(obj), WRITE);
      return;
    case Cls.PteW:
    case Cls.PteR: {
      if (sub < 0) {
        add(MEM_ID, WRITE);
        return;
      }
      const mm = label_of(obj);
      add(part_id(Kind.Pte, mm, vpn(sub)), cls === Cls.PteR ? READ : WRITE);
      add(part_id(Kind.Pmd, mm, pmdi(sub)), READ);
      add(MEM_ID, READ);
      return;
    }
    // Each is a write of the PMD slot, so it conflicts with every operation below it:
    //  - 'pte pmd', 'pmd slot': a PMD-level step, or a change of the slot;
    //  - 'pmd nr': the entry count of a PTE table, which every fine operation under the slot
    //    may change (each reads the slot key);
    //  - 'pmd get': a look-up by code that may read any entry under the slot unrecorded.
    case Cls.PmdW:
      add(part_id(Kind.Pmd, label_of(obj), pmdi(sub)), WRITE);
      add(MEM_ID, READ);
      return;
    case Cls.PmdLookup:
      // A look-up of the slot by code that records each entry it reads.
      add(part_id(Kind.Pmd, label_of(obj), pmdi(sub)), READ);
      add(MEM_ID, READ);
      return;
    case Cls.PudGet:
      add(MEM_ID, READ);
      return;
    case Cls.Walk:
    case Cls.Memory:
      // A walk over a whole page-table level (rmap walks, zaps over ranges, checks), or a
      // coarse operation: every fine operation reads MEM, so either conflicts with all of them.
      add(MEM_ID, WRITE);
      return;
    case Cls.Alloc:
    case Cls.Swap:
      add(cls === Cls.Alloc ? ALLOC_ID : SWAP_ID, WRITE);
      add(MEM_ID, READ);
      return;
    case Cls.AllocRead:
      // A look-up in the allocator's state (the list of device pgmaps).
      add(ALLOC_ID, READ);
      add(MEM_ID, READ);
      return;
    case Cls.Ranges: {
      // mm.active_ranges: a start or end of an invalidation (sub: a page of a short range,
      // -1 a long one). Starts and ends commute with each other (each thread adds and removes
      // its own range; only readers see the list): UPDATEs, read by the checks below.
      const m = label_of(obj);
      add(part_id(Kind.Ranges, m, sub < 0 ? WHOLE : vpn(sub)), UPDATE);
      add(part_id(Kind.Ranges, m, ANY), UPDATE);
      return;
    }
    case Cls.RangesRead: {
      // Is one page (sub) inside a running invalidation: its own key and every long range;
      // sub -1: is anything running, any key.
      const m = label_of(obj);
      if (sub < 0) add(part_id(Kind.Ranges, m, ANY), READ);
      else {
        add(part_id(Kind.Ranges, m, vpn(sub)), READ);
        add(part_id(Kind.Ranges, m, WHOLE), READ);
      }
      return;
    }
    case Cls.DevOp:
    case Cls.DevAccess: {
      // obj: the device, sub: the address (a zap passes its start; its other pages are added
      // by the caller as 'device entry', or the whole device as 'device all').
      const d = label_of(obj);
      if (sub < 0) {
        add(part_id(Kind.Dev, d, WHOLE), WRITE);
      } else {
        add(part_id(Kind.Dev, d, vpn(sub)), cls === Cls.DevAccess ? READ : WRITE);
        add(part_id(Kind.Dev, d, WHOLE), READ);
      }
      add(MEM_ID, READ);
      return;
    }
    case Cls.DevEntry:
    case Cls.DevEntryRead: {
      const d = label_of(obj);
      add(part_id(Kind.Dev, d, vpn(sub)), cls === Cls.DevEntry ? WRITE : READ);
      add(part_id(Kind.Dev, d, WHOLE), READ);
      add(MEM_ID, READ);
      return;
    }
    case Cls.DevAll:
      // 'device all read' (the number of entries) reads what every fine operation may change:
      // it conflicts with them as a write of the whole device.
      add(part_id(Kind.Dev, label_of(obj), WHOLE), WRITE);
      add(MEM_ID, READ);
      return;
    case Cls.FolioFree:
      // The folio itself, its lock bit, and the allocator the pfn goes back to.
      add(key_of(obj), WRITE);
      add(ALLOC_ID, WRITE);
      add(MEM_ID, READ);
      return;
    case Cls.Pfn:
      // What pfn_to_page finds at a device pfn (sub): the key of the folio there (by pfn, the
      // same key as the folio's own operations), written when a 4 KiB folio is made or freed.
      add(part_id(Kind.Page, '', sub), op === 'pfn read' ? READ : WRITE);
      add(MEM_ID, READ);
      return;
    case Cls.FinePage:
    case Cls.PageRead:
      add(key_of(obj), cls === Cls.PageRead ? READ : WRITE);
      add(MEM_ID, READ);
      return;
    case Cls.Dec:
      // sub: the count the decrement saw (at least 2).
      add(key_of(obj), DEC, sub);
      return;
    case Cls.Read:
    case Cls.Update:
    case Cls.Plain: {
      add(key_of(obj), cls === Cls.Read ? READ : cls === Cls.Update ? UPDATE : WRITE);
      // A folio's lock bit and flags are read by coarse steps too (free checks, migration).
      if (is_page(obj)) add(MEM_ID, READ);
      return;
    }
  }
}
