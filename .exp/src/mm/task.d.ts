import { type Sched } from '../kernel/index.js';
import type { File } from './filemap.js';
import { type MmStruct } from './mm_struct.js';
export declare class TaskStruct {
    readonly pid: number;
    readonly comm: string;
    mm: MmStruct | null;
    /** Set by a user access that ended in a signal (SIGSEGV / SIGBUS), else 0. */
    last_signal: number;
    /** Address of the last fault that raised a signal. */
    last_fault_addr: number;
    exited: boolean;
    constructor(pid: number, comm: string, mm: MmStruct | null);
}
/** A new process with an empty address space (usable in scenario set-up or in a thread). */
export declare function task_create(comm: string): TaskStruct;
/** get_task_mm(): the task's mm with an mm_users reference, or null if it has exited. */
export declare function get_task_mm(task: TaskStruct): Sched<MmStruct | null>;
export declare function sys_mmap(task: TaskStruct, addr: number, len: number, prot: number, flags: number, file?: File | null, offset?: number): Sched<number>;
export declare function sys_munmap(task: TaskStruct, addr: number, len: number): Sched<number>;
export declare function sys_mprotect(task: TaskStruct, addr: number, len: number, prot: number): Sched<number>;
export declare function sys_madvise(task: TaskStruct, addr: number, len: number, advice: number): Sched<number>;
/** mremap(2): the new address, or a negative errno. `new_addr` is used with MREMAP_FIXED. */
export declare function sys_mremap(task: TaskStruct, addr: number, old_len: number, new_len: number, flags: number, new_addr?: number): Sched<number>;
/** fork(): a child task whose mm is a copy-on-write copy of the parent's. */
export declare function sys_fork(task: TaskStruct, comm?: string): Sched<TaskStruct>;
/** exit(): exit_mm drops the task's mm_users reference (the last one tears the mm down). */
export declare function sys_exit(task: TaskStruct): Sched<number>;
/** echo 4 > /proc/<pid>/clear_refs: clear soft-dirty bits; entries cleared, or -EINVAL. */
export declare function sys_clear_refs(task: TaskStruct, type: number): Sched<number>;
/** move_pages(2)-like: migrate the task's anonymous pages in [addr, addr+len); how many moved. */
export declare function sys_migrate_pages(task: TaskStruct, addr: number, len: number): Sched<number>;
/** Compaction moving the anonymous pages behind the task's [addr, addr+len), whatever the VMA; how many moved. */
export declare function sys_compact_range(task: TaskStruct, addr: number, len: number): Sched<number>;
/** Push the task's anonymous pages in [addr, addr+len) to swap; returns pages swapped. */
export declare function sys_swap_out(task: TaskStruct, addr: number, len: number): Sched<number>;
