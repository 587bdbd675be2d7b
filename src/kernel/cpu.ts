/*
 * CPUs: a scenario may declare how many CPUs the machine has and pin threads to them. Kernel
 * code is not preemptible (no CONFIG_PREEMPT): a CPU runs one thread until that thread sleeps,
 * exits or reaches a voluntary resched point (cond_resched, yield_now); only then may the
 * explorer run another thread pinned to the same CPU. Threads on different CPUs interleave at
 * every scheduling point, as before. A thread that is not pinned (the default, and every thread
 * of a scenario that declares no CPUs) runs on a CPU of its own, so declaring no CPUs keeps
 * every schedule the explorer had before.
 *
 * The scheduler's side (who may run, soft-lockup reports at the step budget) is in sched.ts.
 */

import { ScenarioError } from './report.js';
import { cur, stepObserver, type Thread } from './sched.js';

/** Declare the machine's CPUs (scenario set-up, before pinning threads). */
export function set_nr_cpus(n: number): void {
  const c = cur;
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new ScenarioError(`set_nr_cpus(${n}): the number of CPUs must be an integer from 1 to 64`);
  if (c.ncpus !== 0) throw new ScenarioError('set_nr_cpus: the CPUs are already declared');
  c.ncpus = n;
  c.cpuOwner = new Array<number>(n).fill(-1);
  c.cpuObj = Array.from({ length: n }, (_, i) => ({ label: `CPU#${i}` }));
}

/** num_online_cpus(): the declared CPUs, 1 when none were declared. */
export function num_online_cpus(): number {
  return cur.ncpus > 0 ? cur.ncpus : 1;
}

/** Pin thread t to CPU `cpu` (kthread_bind / sched_setaffinity to one CPU). */
export function pin_thread(t: Thread, cpu: number): Thread {
  const c = cur;
  if (c.ncpus === 0) throw new ScenarioError(`pin_thread(${t.name}, ${cpu}): declare the CPUs first (set_nr_cpus)`);
  if (!Number.isInteger(cpu) || cpu < 0 || cpu >= c.ncpus) throw new ScenarioError(`pin_thread(${t.name}, ${cpu}): no such CPU (the machine has ${c.ncpus})`);
  t.cpu = cpu;
  // Who may run on that CPU changes (for a dependency observer: see sched.ts takeCpu).
  if (stepObserver !== null && c.current !== null && c.current !== undefined) stepObserver.access('cpu', c.cpuObj[cpu], 0);
  return t;
}

/** smp_processor_id(): the running thread's CPU, or -1 when it is not pinned. */
export function smp_processor_id(): number {
  return cur.ncpus > 0 ? cur.current.cpu : -1;
}

/**
 * A retry loop of kernel code that goes round again with no resched point (a busy wait: the
 * thread keeps its CPU, nothing else of that CPU runs). Other CPUs run in parallel meanwhile:
 * on a declared CPU the explorer lets a runnable thread of another CPU go first at the next
 * scheduling point, as it does after yield_now, so a spinning thread cannot stall the rest of
 * the machine by an unfair schedule, only its own CPU (a soft lockup). Not a scheduling point
 * of its own; no effect on a thread not pinned or when no CPUs are declared.
 */
export function spin_retry(): void {
  const c = cur;
  if (c.ncpus > 0 && c.current.cpu >= 0) {
    c.current.yielded = true;
    // As yield_now (thread.ts): it does not commute with any step of another thread.
    if (stepObserver !== null) stepObserver.access('yield', c.current, -1);
  }
}
