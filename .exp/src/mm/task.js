/*
 * Processes as scenarios and tests use them: a task_struct with an mm, and system calls
 * (mmap, munmap, mprotect, madvise, fork, exit) written as generators a model thread runs with
 * `yield*`, returning what the syscall returns (an address / 0, or a negative errno).
 *
 * Locking: each call takes the locks its kernel counterpart takes (see mmap.ts, mprotect.ts,
 * madvise.ts, fork.ts). task.mm is changed only by exit (exit_mm) in the task's own thread.
 */
import { kasan_check } from '../kernel/index.js';
import { dup_mm } from './fork.js';
import { do_madvise } from './madvise.js';
import { mm_alloc, mmget, mmput } from './mm_struct.js';
import { vm_mmap, vm_munmap } from './mmap.js';
import { do_mprotect } from './mprotect.js';
import { do_mremap } from './mremap.js';
import { swap_out } from './swap.js';
import { migrate_pages_range } from './migrate.js';
import { CLEAR_REFS_SOFT_DIRTY, clear_refs_soft_dirty } from './clear_refs.js';
import { EINVAL, ESRCH } from './errno.js';
let nextPid = 1;
export class TaskStruct {
    pid;
    comm;
    mm;
    /** Set by a user access that ended in a signal (SIGSEGV / SIGBUS), else 0. */
    last_signal = 0;
    /** Address of the last fault that raised a signal. */
    last_fault_addr = 0;
    exited = false;
    constructor(pid, comm, mm) {
        this.pid = pid;
        this.comm = comm;
        this.mm = mm;
        if (mm)
            mm.owner_name = comm;
    }
}
/** A new process with an empty address space (usable in scenario set-up or in a thread). */
export function task_create(comm) {
    return new TaskStruct(nextPid++, comm, mm_alloc());
}
function task_mm(task) {
    if (task.mm === null)
        throw new Error(`task ${task.comm} has exited (no mm)`);
    return task.mm;
}
/** get_task_mm(): the task's mm with an mm_users reference, or null if it has exited. */
export function* get_task_mm(task) {
    const mm = task.mm;
    if (mm === null)
        return null;
    yield* mmget(mm);
    return mm;
}
export function* sys_mmap(task, addr, len, prot, flags, file = null, offset = 0) {
    return yield* vm_mmap(task_mm(task), addr, len, prot, flags, file, offset);
}
export function* sys_munmap(task, addr, len) {
    return yield* vm_munmap(task_mm(task), addr, len);
}
export function* sys_mprotect(task, addr, len, prot) {
    return yield* do_mprotect(task_mm(task), addr, len, prot);
}
export function* sys_madvise(task, addr, len, advice) {
    return yield* do_madvise(task_mm(task), addr, len, advice);
}
/** mremap(2): the new address, or a negative errno. `new_addr` is used with MREMAP_FIXED. */
export function* sys_mremap(task, addr, old_len, new_len, flags, new_addr = 0) {
    return yield* do_mremap(task_mm(task), addr, old_len, new_len, flags, new_addr);
}
/** fork(): a child task whose mm is a copy-on-write copy of the parent's. */
export function* sys_fork(task, comm = `${task.comm}-child`) {
    const mm = yield* dup_mm(kasan_check(task_mm(task), 'dup_mm'));
    const child = new TaskStruct(nextPid++, comm, mm);
    return child;
}
/** exit(): exit_mm drops the task's mm_users reference (the last one tears the mm down). */
export function* sys_exit(task) {
    const mm = task.mm;
    if (mm === null)
        return -ESRCH;
    task.mm = null;
    task.exited = true;
    yield* mmput(mm);
    return 0;
}
/** echo 4 > /proc/<pid>/clear_refs: clear soft-dirty bits; entries cleared, or -EINVAL. */
export function* sys_clear_refs(task, type) {
    if (type !== CLEAR_REFS_SOFT_DIRTY)
        return -EINVAL;
    return yield* clear_refs_soft_dirty(task_mm(task));
}
/** move_pages(2)-like: migrate the task's anonymous pages in [addr, addr+len); how many moved. */
export function* sys_migrate_pages(task, addr, len) {
    return yield* migrate_pages_range(task_mm(task), addr, addr + len);
}
/** Compaction moving the anonymous pages behind the task's [addr, addr+len), whatever the VMA; how many moved. */
export function* sys_compact_range(task, addr, len) {
    return yield* migrate_pages_range(task_mm(task), addr, addr + len, true);
}
/** Push the task's anonymous pages in [addr, addr+len) to swap; returns pages swapped. */
export function* sys_swap_out(task, addr, len) {
    return yield* swap_out(task_mm(task), addr, addr + len);
}
