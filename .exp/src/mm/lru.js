/*
 * The LRU's per-CPU front end (mm/swap.c): folio_add_lru puts a new folio in the running CPU's
 * lru_add batch, where it is not yet on an LRU list (PG_lru clear) until that CPU drains its
 * batch; lru_add_drain_all queues a drain work on every CPU that has something to drain and
 * waits for all of them, so it cannot finish while one of those CPUs does not schedule.
 *
 * Simplification: only the lru_add batch is modelled (no rotate, deactivate or lazyfree batches,
 * no LRU lists, no isolation). A folio added by a thread that is not on a declared CPU (cpu.ts;
 * every thread of a scenario that declares none) is on the LRU at once, so such scenarios never
 * drain and keep their schedules.
 *
 * Locking: the batch of a CPU is touched only by that CPU (the kernel's local lock) and by its
 * drain work, which runs on that CPU.
 */
import { cur, flush_work, INIT_WORK, lone_point, might_sleep, note, num_online_cpus, queue_work_on, visible, WorkqueueStruct, WorkStruct, WQ_DFL_ACTIVE, WQ_MEM_RECLAIM } from '../kernel/index.js';
import { per_execution } from './exec_state.js';
/** mm_percpu_wq: static, as system_wq (its queues are per execution). */
const mm_percpu_wq = new WorkqueueStruct('mm_percpu_wq', WQ_MEM_RECLAIM, WQ_DFL_ACTIVE);
const state = per_execution('mm.lru', () => ({ batches: [], works: [] }));
/** folio_add_lru(): into the running CPU's batch (PG_lru set when the batch drains). */
export function folio_add_lru(page) {
    const cpu = cur.ncpus > 0 ? cur.current.cpu : -1;
    if (cpu < 0) {
        page.lru = true;
        return;
    }
    const s = state();
    (s.batches[cpu] ??= []).push(page);
    page.lru = false;
}
/** folio_test_lru(). */
export function folio_test_lru(page) {
    return page.lru;
}
/** lru_add_drain_cpu(): move CPU `cpu`'s batch onto the LRU (inside the caller's step). */
function lru_add_drain_cpu(cpu) {
    const b = state().batches[cpu];
    if (b === undefined)
        return;
    for (const p of b)
        p.lru = true;
    b.length = 0;
}
/** The drain work of a CPU: runs on that CPU (a per-CPU worker). */
function* lru_add_drain_per_cpu(work) {
    const cpu = state().works.indexOf(work);
    if (cur.record)
        note('lru_add_drain', `CPU#${cpu}`);
    if (!lone_point())
        yield;
    visible('lru_add_drain', work);
    lru_add_drain_cpu(cpu);
}
/** cpu_needs_drain(): the CPU's batch holds folios (a racy read, part of the caller's step). */
function cpu_needs_drain(cpu) {
    const b = state().batches[cpu];
    return b !== undefined && b.length > 0;
}
/**
 * lru_add_drain_all(): queue the drain work on every CPU whose batch is not empty (mm_percpu_wq),
 * then wait for each. Sleeps.
 */
export function* lru_add_drain_all() {
    might_sleep('lru_add_drain_all');
    const s = state();
    const queued = [];
    for (let cpu = 0; cpu < num_online_cpus(); cpu++) {
        if (!cpu_needs_drain(cpu))
            continue;
        let w = s.works[cpu];
        if (w === undefined) {
            w = s.works[cpu] = new WorkStruct(null, `lru_add_drain_work/${cpu}`);
            INIT_WORK(w, lru_add_drain_per_cpu);
        }
        yield* queue_work_on(cpu, mm_percpu_wq, w);
        queued.push(w);
    }
    for (const w of queued)
        yield* flush_work(w);
}
