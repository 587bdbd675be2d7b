import { type Thread } from './sched.js';
/** Declare the machine's CPUs (scenario set-up, before pinning threads). */
export declare function set_nr_cpus(n: number): void;
/** num_online_cpus(): the declared CPUs, 1 when none were declared. */
export declare function num_online_cpus(): number;
/** Pin thread t to CPU `cpu` (kthread_bind / sched_setaffinity to one CPU). */
export declare function pin_thread(t: Thread, cpu: number): Thread;
/** smp_processor_id(): the running thread's CPU, or -1 when it is not pinned. */
export declare function smp_processor_id(): number;
/**
 * A retry loop of kernel code that goes round again with no resched point (a busy wait: the
 * thread keeps its CPU, nothing else of that CPU runs). Other CPUs run in parallel meanwhile:
 * on a declared CPU the explorer lets a runnable thread of another CPU go first at the next
 * scheduling point, as it does after yield_now, so a spinning thread cannot stall the rest of
 * the machine by an unfair schedule, only its own CPU (a soft lockup). Not a scheduling point
 * of its own; no effect on a thread not pinned or when no CPUs are declared.
 */
export declare function spin_retry(): void;
