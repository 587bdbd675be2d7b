import { WaitQueueHead, type Sched, type Thread } from '../../kernel/index.js';
import { errname } from '../../mm/errno.js';
import { type File } from '../../mm/filemap.js';
import { type TaskStruct } from '../../mm/task.js';
import type { UserAccess } from '../../drivers/dmirror/uaccess.js';
import { type DeviceFile } from '../../drivers/dmirror/dmirror.js';
export declare const MAP_FAILED = -1;
interface HeapBlock {
    addr: number;
    bytes: Uint8Array;
}
declare class Heap {
    blocks: HeapBlock[];
    top: number;
    clone(): Heap;
    find(addr: number, len: number): HeapBlock | null;
    /** The block `addr` lies in (whatever the length of the access). */
    containing(addr: number): HeapBlock | null;
}
/** struct file: f_count plus what the fd refers to (a regular file or a device file). */
export declare class OpenFile {
    /** The mm model's file: what mmap maps. */
    readonly file: File;
    /** Set for device files: ioctl and release. */
    readonly dev: DeviceFile | null;
    /** /proc/<pid>/pagemap of this task: pread returns its 64-bit entries. */
    readonly pagemap_of: TaskStruct | null;
    f_count: number;
    constructor(
    /** The mm model's file: what mmap maps. */
    file: File, 
    /** Set for device files: ioctl and release. */
    dev: DeviceFile | null, 
    /** /proc/<pid>/pagemap of this task: pread returns its 64-bit entries. */
    pagemap_of?: TaskStruct | null);
}
/** One user process: a task, its descriptors and its heap. */
export declare class Proc implements UserAccess {
    readonly task: TaskStruct;
    readonly fds: (OpenFile | null)[];
    heap: Heap;
    /** The model thread running the process's main body. */
    thread: Thread | null;
    /** exit(2) status once the process has exited. */
    exit_code: number | null;
    /** The signal that killed it, once it has been killed. */
    term_signal: number | null;
    /** A signal sent and not yet acted on (0: none), and where the process waits for one. */
    pending_signal: number;
    readonly sigwait: WaitQueueHead;
    constructor(task: TaskStruct);
    get comm(): string;
    copy_to_user(addr: number, src: Uint8Array): Sched<number>;
    copy_from_user(dst: Uint8Array, addr: number): Sched<number>;
}
/** A new process with an empty address space. */
export declare function proc_create(comm: string): Proc;
export declare function malloc(p: Proc, size: number): number;
export declare function free(p: Proc, addr: number): void;
/** The bytes of a malloc'd block (the process's own view of its heap). */
export declare function heap_bytes(p: Proc, addr: number): Uint8Array;
export declare function heap_i32(p: Proc, addr: number): Int32Array;
export declare function mmap(p: Proc, addr: number, len: number, prot: number, flags: number, fd: number, off: number): Sched<number>;
/** munmap, mprotect, madvise: 0 or -1 (the errno is not looked at by the tests). */
export declare function munmap(p: Proc, addr: number, len: number): Sched<number>;
export declare function mprotect(p: Proc, addr: number, len: number, prot: number): Sched<number>;
export declare function madvise(p: Proc, addr: number, len: number, advice: number): Sched<number>;
/** mremap(old, old_len, new_len, flags, new_addr): the new address or MAP_FAILED. */
export declare function mremap(p: Proc, old: number, old_len: number, new_len: number, flags: number, new_addr?: number): Sched<number>;
/** `*(int *)addr` */
export declare function load_i32(p: Proc, addr: number): Sched<number>;
/** `*(int *)addr = v` */
export declare function store_i32(p: Proc, addr: number, v: number): Sched;
/** `for (i = first; i < n; i++) ptr[i] = f(i);` over mapped memory (one step per store). */
export declare function fill_i32(p: Proc, ptr: number, first: number, n: number, f: (i: number) => number): Sched;
/**
 * `for (i = first; i < n; i++) ASSERT_EQ(ptr[i], f(i));` over mapped memory, with the
 * kernel's failure message (one step per load).
 */
export declare function expect_i32(p: Proc, ptr: number, first: number, n: number, f: (i: number) => number, rhs: string): Sched;
/**
 * `for (i = first; i < n; i++) ASSERT_EQ(ptr[i]++, f(i));` over mapped memory: a load and a
 * store per int (two steps), the kernel's failure message on a mismatch.
 */
export declare function increment_i32(p: Proc, ptr: number, first: number, n: number, f: (i: number) => number, rhs: string): Sched;
/** `for (...) ASSERT_EQ(mirror[i], f(i));` over a malloc'd buffer. */
export declare function expect_heap_i32(p: Proc, mirror: number, first: number, n: number, f: (i: number) => number, rhs: string): void;
/**
 * fork(): the child gets a copy-on-write copy of the address space, a copy of the heap and
 * the descriptors (sharing their files). It runs `child(childProc)` in its own thread, which
 * must end with exit(). Returns the child (its pid is child.task.pid).
 */
export declare function fork(p: Proc, child: (c: Proc) => Sched): Sched<Proc>;
/** waitpid(): wait for the child's end; WIFEXITED and the exit code, or WIFSIGNALED and WTERMSIG. */
export declare function waitpid(_p: Proc, c: Proc): Sched<{
    pid: number;
    wifexited: number;
    status: number;
    wifsignaled: number;
    termsig: number;
}>;
export declare const SIGKILL = 9;
export declare const SIGTERM = 15;
/** kill(pid, sig): 0. The signal takes effect where the target waits for one. */
export declare function kill(_p: Proc, c: Proc, sig: number): Sched<number>;
/** `while (1) {}` until a signal comes, then die of it (the default action of SIGTERM/SIGKILL). */
export declare function pause_until_signal(c: Proc): Sched;
/** exit(): close every descriptor, then release the address space. */
export declare function exit(p: Proc, code: number): Sched;
/** pthread_create(): another thread of the same process (it may run from now on). */
export declare function pthread_create(p: Proc, name: string, body: () => Sched): Sched<Thread>;
export declare function pthread_join(_p: Proc, t: Thread): Sched;
/** open(2) of a device node, of /proc/self/pagemap, or of a path previously created; -ENOENT otherwise. */
export declare function open(p: Proc, path: string): Sched<number>;
/** close(2): 0, or -EBADF. The last reference to the file runs the driver's release. */
export declare function close(p: Proc, fd: number): Sched<number>;
/** ioctl(2): the driver's return value (0 or a negative errno). */
export declare function ioctl<T>(p: Proc, fd: number, request: number, arg: T): Sched<number>;
/** open("/tmp", O_TMPFILE | O_EXCL | O_RDWR) + ftruncate(size). */
export declare function tmpfile(p: Proc, size: number): Sched<number>;
/** pwrite(fd, buf, len, off) from a malloc'd buffer. */
export declare function pwrite(p: Proc, fd: number, buf: number, len: number, off: number): Sched<number>;
/** pread(fd, buf, len, off) into a malloc'd buffer. */
export declare function pread(p: Proc, fd: number, buf: number, len: number, off: number): Sched<number>;
export { errname };
