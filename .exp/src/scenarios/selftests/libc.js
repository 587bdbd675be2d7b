/*
 * The user-space side of the ported selftests: a process (task + file descriptor table +
 * malloc heap) and the libc calls hmm-tests.c makes (mmap, munmap, mprotect, madvise, fork,
 * waitpid, exit, open, close, ioctl, pread, pwrite, pthread_create/join), each a generator the
 * test thread runs with `yield*`, returning what the system call returns.
 *
 * Modelling choices (documented because they shape what the tests can observe):
 *  - malloc'd memory (the tests' `mirror` buffers and struct hmm_buffer) lives in a per-process
 *    heap outside the simulated page tables: it is ordinary user memory whose faults no test
 *    looks at. copy_to_user/copy_from_user on a heap address copy directly; any other address
 *    fails with -EFAULT (the tests never hand the driver an mmap'd buffer as `ptr`). The heap is
 *    copied on fork. Fresh malloc'd bytes read 0xa5 (never assume zeroed memory).
 *  - Memory mapped with mmap is simulated memory: every access goes through the mm model's
 *    user access path (page faults, COW, signals). A loop over one page (the tests' `ptr[i] = i`
 *    and checks) is one scheduling point per page: the first access of the page is a real user
 *    access (fault included); the rest of that page are TLB hits on the same entry, performed in
 *    the same step. No test runs another thread during such a loop.
 *  - A signal (SIGSEGV/SIGBUS) in a test process ends the test as a failure.
 *  - A struct file has an f_count: fork duplicates descriptors (sharing the file), close drops
 *    one, and the last one calls the driver's release.
 *  - Signals: only a process waiting in pause_until_signal() (the tests' `while (1) {}` child)
 *    can be killed; it then exits as killed by that signal (its descriptors closed, its mm
 *    released), which waitpid reports as WIFSIGNALED with WTERMSIG.
 *  - Device nodes: /dev/hmm_dmirrorN (test_hmm) and /sys/kernel/debug/gup_test (gup_test).
 */
import { check, cur, kthread_join, kthread_run, lone_points, spawn, wait_event, wake_up_all, WaitQueueHead } from '../../kernel/index.js';
import { PAGE_SIZE } from '../../mm/constants.js';
import { EBADF, EFAULT, EINVAL, ENOENT, errname } from '../../mm/errno.js';
import { file_create, file_read, file_write } from '../../mm/filemap.js';
import { page_contents } from '../../mm/page.js';
import { frame_read, frame_write } from '../../mm/page_contents.js';
import { sys_exit, sys_fork, sys_madvise, sys_mmap, sys_mprotect, sys_mremap, sys_munmap, task_create } from '../../mm/task.js';
import { pagemap_read } from '../../mm/pagemap.js';
import { follow_user, user_read_u32, user_tlb_peek, user_write_u32 } from '../../mm/uaccess.js';
import { dmirror_open_path } from '../../drivers/dmirror/dmirror.js';
import { GUP_TEST_PATH, gup_test_open } from '../../drivers/gup_test.js';
export const MAP_FAILED = -1;
/* ---- the malloc heap --------------------------------------------------------------------- */
/** Heap addresses: far below the mmap area, page aligned blocks. */
const HEAP_BASE = 0x0000_1000_0000;
class Heap {
    blocks = [];
    top = HEAP_BASE;
    clone() {
        const h = new Heap();
        h.top = this.top;
        h.blocks = this.blocks.map((b) => ({ addr: b.addr, bytes: b.bytes.slice() }));
        return h;
    }
    find(addr, len) {
        for (const b of this.blocks)
            if (addr >= b.addr && addr + len <= b.addr + b.bytes.length)
                return b;
        return null;
    }
    /** The block `addr` lies in (whatever the length of the access). */
    containing(addr) {
        for (const b of this.blocks)
            if (addr >= b.addr && addr < b.addr + b.bytes.length)
                return b;
        return null;
    }
}
/**
 * A driver's copy_to_user/copy_from_user that starts inside a malloc'd block and runs past its
 * end. On a real machine the bytes past the block are other heap memory, still mapped, so the
 * copy succeeds and corrupts (or leaks) the heap silently; AddressSanitizer reports it. The
 * model reports it too (the test then fails), copies what fits, and lets the test go on.
 */
function heap_overflow(what, addr, len, b) {
    const over = addr + len - (b.addr + b.bytes.length);
    cur.report('bug', `BUG: heap-buffer-overflow: ${what} of size ${len} at 0x${addr.toString(16)}`, `the driver's copy_${what === 'WRITE' ? 'to' : 'from'}_user of ${len} bytes at 0x${addr.toString(16)} runs ${over} bytes past the ${b.bytes.length}-byte block the test malloc'd at 0x${b.addr.toString(16)}`, [`${over} bytes past the block: on a real machine other heap memory, silently ${what === 'WRITE' ? 'overwritten' : 'read'}; AddressSanitizer reports it`, `by thread ${cur.current.name} at step ${cur.steps}`], false);
}
/* ---- struct file and the descriptor table ------------------------------------------------ */
/** struct file: f_count plus what the fd refers to (a regular file or a device file). */
export class OpenFile {
    file;
    dev;
    pagemap_of;
    f_count = 1;
    constructor(
    /** The mm model's file: what mmap maps. */
    file, 
    /** Set for device files: ioctl and release. */
    dev, 
    /** /proc/<pid>/pagemap of this task: pread returns its 64-bit entries. */
    pagemap_of = null) {
        this.file = file;
        this.dev = dev;
        this.pagemap_of = pagemap_of;
    }
}
/** One user process: a task, its descriptors and its heap. */
export class Proc {
    task;
    fds = [];
    heap = new Heap();
    /** The model thread running the process's main body. */
    thread = null;
    /** exit(2) status once the process has exited. */
    exit_code = null;
    /** The signal that killed it, once it has been killed. */
    term_signal = null;
    /** A signal sent and not yet acted on (0: none), and where the process waits for one. */
    pending_signal = 0;
    sigwait = new WaitQueueHead('signal');
    constructor(task) {
        this.task = task;
    }
    get comm() {
        return this.task.comm;
    }
    /* UserAccess: what the driver's copy_{to,from}_user reach. */
    *copy_to_user(addr, src) {
        const b = this.heap.containing(addr);
        if (b === null)
            return src.length;
        const room = b.bytes.length - (addr - b.addr);
        if (src.length > room)
            heap_overflow('WRITE', addr, src.length, b);
        b.bytes.set(src.subarray(0, Math.min(room, src.length)), addr - b.addr);
        return 0;
    }
    *copy_from_user(dst, addr) {
        const b = this.heap.containing(addr);
        if (b === null)
            return dst.length;
        const room = b.bytes.length - (addr - b.addr);
        if (dst.length > room)
            heap_overflow('READ', addr, dst.length, b);
        dst.fill(0);
        dst.set(b.bytes.subarray(addr - b.addr, addr - b.addr + Math.min(room, dst.length)));
        return 0;
    }
}
/** A new process with an empty address space. */
export function proc_create(comm) {
    return new Proc(task_create(comm));
}
/* ---- malloc ------------------------------------------------------------------------------- */
export function malloc(p, size) {
    const addr = p.heap.top;
    p.heap.top += Math.ceil(Math.max(size, 1) / PAGE_SIZE) * PAGE_SIZE + PAGE_SIZE;
    p.heap.blocks.push({ addr, bytes: new Uint8Array(size).fill(0xa5) });
    return addr;
}
export function free(p, addr) {
    if (addr === 0)
        return;
    const i = p.heap.blocks.findIndex((b) => b.addr === addr);
    check(i >= 0, `free(0x${addr.toString(16)}) of memory malloc did not return`);
    p.heap.blocks.splice(i, 1);
}
/** The bytes of a malloc'd block (the process's own view of its heap). */
export function heap_bytes(p, addr) {
    const b = p.heap.find(addr, 1);
    check(b !== null, `0x${addr.toString(16)} is not malloc'd memory`);
    return b.bytes.subarray(addr - b.addr);
}
export function heap_i32(p, addr) {
    const b = heap_bytes(p, addr);
    return new Int32Array(b.buffer, b.byteOffset, b.byteLength >>> 2);
}
/* ---- memory system calls ----------------------------------------------------------------- */
export function* mmap(p, addr, len, prot, flags, fd, off) {
    let file = null;
    if (fd >= 0) {
        const of = p.fds[fd];
        if (!of)
            return MAP_FAILED;
        file = of.file;
    }
    const r = yield* sys_mmap(p.task, addr, len, prot, flags, file, off);
    return r < 0 ? MAP_FAILED : r;
}
/** munmap, mprotect, madvise: 0 or -1 (the errno is not looked at by the tests). */
export function* munmap(p, addr, len) {
    return (yield* sys_munmap(p.task, addr, len)) < 0 ? -1 : 0;
}
export function* mprotect(p, addr, len, prot) {
    return (yield* sys_mprotect(p.task, addr, len, prot)) < 0 ? -1 : 0;
}
export function* madvise(p, addr, len, advice) {
    return (yield* sys_madvise(p.task, addr, len, advice)) < 0 ? -1 : 0;
}
/** mremap(old, old_len, new_len, flags, new_addr): the new address or MAP_FAILED. */
export function* mremap(p, old, old_len, new_len, flags, new_addr = 0) {
    const r = yield* sys_mremap(p.task, old, old_len, new_len, flags, new_addr);
    return r < 0 ? MAP_FAILED : r;
}
/* ---- CPU accesses to mapped memory ------------------------------------------------------- */
function signalled(p, what, addr) {
    const sig = p.task.last_signal === 11 ? 'SIGSEGV' : p.task.last_signal === 7 ? 'SIGBUS' : `signal ${p.task.last_signal}`;
    check(false, `${p.comm} killed by ${sig} on a ${what} at 0x${addr.toString(16)}`);
}
/** `*(int *)addr` */
export function* load_i32(p, addr) {
    const v = yield* user_read_u32(p.task, addr);
    if (v === -EFAULT && p.task.last_signal !== 0)
        signalled(p, 'read', addr);
    return v | 0;
}
/** `*(int *)addr = v` */
export function* store_i32(p, addr, v) {
    const r = yield* user_write_u32(p.task, addr, v >>> 0);
    if (r < 0)
        signalled(p, 'write', addr);
}
/** A page's worth of values on their way to or from a frame. */
const scratch = new Uint8Array(PAGE_SIZE);
const scratchView = new DataView(scratch.buffer);
/**
 * A lone thread's TLB hits for the `count` accesses of the rest of one page starting at `addr`:
 * the frame (pfn), with the steps of all of them counted (one per access, as the loop of stores
 * or loads would take), or -1 when the slow path must run (another thread exists, the entry
 * would fault, the step budget is near).
 */
function tlb_hits(p, addr, count, write) {
    const mm = p.task.mm;
    if (!user_tlb_peek(mm, addr, write) || !lone_points(count))
        return -1;
    return follow_user(mm, addr, write);
}
/** `for (i = first; i < n; i++) ptr[i] = f(i);` over mapped memory (one step per store). */
export function* fill_i32(p, ptr, first, n, f) {
    const perPage = PAGE_SIZE >>> 2;
    let i = first;
    while (i < n) {
        const addr = ptr + i * 4;
        yield* store_i32(p, addr, f(i));
        i++;
        const end = Math.min(n, (Math.floor(addr / PAGE_SIZE) + 1) * perPage - ptr / 4);
        if (i >= end)
            continue;
        const pfn = tlb_hits(p, ptr + i * 4, end - i, true);
        if (pfn < 0)
            continue; // one store at a time
        // The rest of the page: build it little-endian, then store it (its steps are counted).
        const off = (ptr + i * 4) % PAGE_SIZE;
        const len = (end - i) * 4;
        for (let j = 0; i < end; i++, j += 4)
            scratchView.setInt32(j, f(i), true);
        frame_write(page_contents(), pfn, off, scratch.subarray(0, len));
    }
}
/**
 * `for (i = first; i < n; i++) ASSERT_EQ(ptr[i], f(i));` over mapped memory, with the
 * kernel's failure message (one step per load).
 */
export function* expect_i32(p, ptr, first, n, f, rhs) {
    const perPage = PAGE_SIZE >>> 2;
    let i = first;
    while (i < n) {
        const addr = ptr + i * 4;
        const v = yield* load_i32(p, addr);
        if (v !== (f(i) | 0))
            mismatch(i, v, f(i), rhs);
        i++;
        const end = Math.min(n, (Math.floor(addr / PAGE_SIZE) + 1) * perPage - ptr / 4);
        if (i >= end)
            continue;
        const pfn = tlb_hits(p, ptr + i * 4, end - i, false);
        if (pfn < 0)
            continue;
        const len = (end - i) * 4;
        frame_read(page_contents(), pfn, (ptr + i * 4) % PAGE_SIZE, scratch.subarray(0, len));
        for (let j = 0; i < end; i++, j += 4) {
            const g = scratchView.getInt32(j, true);
            if (g !== (f(i) | 0))
                mismatch(i, g, f(i), rhs);
        }
    }
}
/**
 * `for (i = first; i < n; i++) ASSERT_EQ(ptr[i]++, f(i));` over mapped memory: a load and a
 * store per int (two steps), the kernel's failure message on a mismatch.
 */
export function* increment_i32(p, ptr, first, n, f, rhs) {
    const perPage = PAGE_SIZE >>> 2;
    let i = first;
    while (i < n) {
        const addr = ptr + i * 4;
        const v = yield* load_i32(p, addr);
        if (v !== (f(i) | 0))
            mismatch(i, v, f(i), rhs);
        yield* store_i32(p, addr, v + 1);
        i++;
        const end = Math.min(n, (Math.floor(addr / PAGE_SIZE) + 1) * perPage - ptr / 4);
        if (i >= end)
            continue;
        const pfn = tlb_hits(p, ptr + i * 4, 2 * (end - i), true);
        if (pfn < 0)
            continue;
        const off = (ptr + i * 4) % PAGE_SIZE;
        const len = (end - i) * 4;
        frame_read(page_contents(), pfn, off, scratch.subarray(0, len));
        for (let j = 0; i < end; i++, j += 4) {
            const g = scratchView.getInt32(j, true);
            if (g !== (f(i) | 0))
                mismatch(i, g, f(i), rhs);
            scratchView.setInt32(j, g + 1, true);
        }
        frame_write(page_contents(), pfn, off, scratch.subarray(0, len));
    }
}
/** `for (...) ASSERT_EQ(mirror[i], f(i));` over a malloc'd buffer. */
export function expect_heap_i32(p, mirror, first, n, f, rhs) {
    const m = heap_i32(p, mirror);
    for (let i = first; i < n; i++) {
        const g = m[i];
        if (g !== (f(i) | 0))
            mismatch(i, g, f(i), rhs, 'ptr');
    }
}
function mismatch(i, got, want, rhs, lhs = 'ptr') {
    const st = cur.ext.get('selftests.state');
    check(false, `hmm-tests.c:${st?.test ?? '?'}:Expected ${lhs}[i] (${got}) == ${rhs} (${want | 0}) at i = ${i}`);
}
/* ---- processes ---------------------------------------------------------------------------- */
/**
 * fork(): the child gets a copy-on-write copy of the address space, a copy of the heap and
 * the descriptors (sharing their files). It runs `child(childProc)` in its own thread, which
 * must end with exit(). Returns the child (its pid is child.task.pid).
 */
export function* fork(p, child) {
    const task = yield* sys_fork(p.task, `${p.comm}-child`);
    const c = new Proc(task);
    c.heap = p.heap.clone();
    for (let fd = 0; fd < p.fds.length; fd++) {
        const of = p.fds[fd] ?? null;
        if (of !== null)
            of.f_count++;
        c.fds[fd] = of;
    }
    c.thread = spawn(c.comm, () => child(c));
    return c;
}
/** waitpid(): wait for the child's end; WIFEXITED and the exit code, or WIFSIGNALED and WTERMSIG. */
export function* waitpid(_p, c) {
    yield* kthread_join(c.thread);
    return { pid: c.task.pid, wifexited: c.exit_code !== null ? 1 : 0, status: c.exit_code ?? -1, wifsignaled: c.term_signal !== null ? 1 : 0, termsig: c.term_signal ?? 0 };
}
export const SIGKILL = 9;
export const SIGTERM = 15;
/** kill(pid, sig): 0. The signal takes effect where the target waits for one. */
export function* kill(_p, c, sig) {
    c.pending_signal = sig;
    yield* wake_up_all(c.sigwait);
    return 0;
}
/** `while (1) {}` until a signal comes, then die of it (the default action of SIGTERM/SIGKILL). */
export function* pause_until_signal(c) {
    yield* wait_event(c.sigwait, () => c.pending_signal !== 0);
    const sig = c.pending_signal;
    for (let fd = 0; fd < c.fds.length; fd++)
        if (c.fds[fd])
            yield* close(c, fd);
    yield* sys_exit(c.task);
    c.term_signal = sig;
}
/** exit(): close every descriptor, then release the address space. */
export function* exit(p, code) {
    for (let fd = 0; fd < p.fds.length; fd++)
        if (p.fds[fd])
            yield* close(p, fd);
    yield* sys_exit(p.task);
    p.exit_code = code;
}
/** pthread_create(): another thread of the same process (it may run from now on). */
export function* pthread_create(p, name, body) {
    return yield* kthread_run(`${p.comm}/${name}`, body);
}
export function* pthread_join(_p, t) {
    yield* kthread_join(t);
}
/* ---- files -------------------------------------------------------------------------------- */
function fd_install(p, of) {
    let fd = 3; // 0-2 are stdio
    while (p.fds[fd])
        fd++;
    p.fds[fd] = of;
    return fd;
}
/** open(2) of a device node, of /proc/self/pagemap, or of a path previously created; -ENOENT otherwise. */
export function* open(p, path) {
    if (path === '/proc/self/pagemap')
        return fd_install(p, new OpenFile(file_create('/proc/self/pagemap', 0), null, p.task));
    const r = path === GUP_TEST_PATH ? gup_test_open(p.task) : yield* dmirror_open_path(path, p.task, p);
    if (r === null)
        return -ENOENT;
    if (typeof r === 'number')
        return r;
    return fd_install(p, new OpenFile(r.file, r));
}
/** close(2): 0, or -EBADF. The last reference to the file runs the driver's release. */
export function* close(p, fd) {
    const of = p.fds[fd];
    if (!of)
        return -EBADF;
    p.fds[fd] = null;
    if (--of.f_count === 0 && of.dev !== null)
        yield* of.dev.release();
    return 0;
}
/** ioctl(2): the driver's return value (0 or a negative errno). */
export function* ioctl(p, fd, request, arg) {
    const of = p.fds[fd];
    if (!of)
        return -EBADF;
    if (of.dev === null)
        return -25; // -ENOTTY
    return yield* of.dev.ioctl(request, arg, p);
}
let tmpfiles = 0;
/** open("/tmp", O_TMPFILE | O_EXCL | O_RDWR) + ftruncate(size). */
export function* tmpfile(p, size) {
    const file = file_create(`/tmp/#${++tmpfiles}`, size, { writable: true });
    return fd_install(p, new OpenFile(file, null));
}
/** pwrite(fd, buf, len, off) from a malloc'd buffer. */
export function* pwrite(p, fd, buf, len, off) {
    const of = p.fds[fd];
    if (!of)
        return -EBADF;
    const b = p.heap.find(buf, len);
    if (b === null)
        return -EFAULT;
    return file_write(of.file, off, b.bytes.subarray(buf - b.addr, buf - b.addr + len));
}
/** pread(fd, buf, len, off) into a malloc'd buffer. */
export function* pread(p, fd, buf, len, off) {
    const of = p.fds[fd];
    if (!of)
        return -EBADF;
    const b = p.heap.find(buf, len);
    if (b === null)
        return -EFAULT;
    if (of.pagemap_of !== null) {
        // One 64-bit entry per page: offset / 8 is the virtual page number.
        const mm = of.pagemap_of.mm;
        if (mm === null || off % 8 !== 0 || len % 8 !== 0)
            return -EINVAL;
        const entries = yield* pagemap_read(mm, (off / 8) * PAGE_SIZE, len / 8);
        const view = new DataView(b.bytes.buffer, b.bytes.byteOffset + (buf - b.addr), len);
        entries.forEach((e, i) => view.setBigUint64(i * 8, e, true));
        return len;
    }
    const data = file_read(of.file, off, len);
    b.bytes.set(data, buf - b.addr);
    return data.length;
}
export { errname };
