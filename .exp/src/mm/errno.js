/*
 * Error numbers, with the values of Linux's include/uapi/asm-generic/errno-base.h and errno.h.
 * Model functions return them negated (-EFAULT), exactly where the kernel does.
 * Owns no state; no locking.
 */
export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const EINTR = 4;
export const EIO = 5;
export const ENXIO = 6;
export const E2BIG = 7;
export const EBADF = 9;
export const ECHILD = 10;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const EBUSY = 16;
export const EEXIST = 17;
export const ENODEV = 19;
export const ENOTDIR = 20;
export const EINVAL = 22;
export const ENOSPC = 28;
export const ERANGE = 34;
export const EDEADLK = 35;
export const ENOSYS = 38;
export const EOVERFLOW = 75;
export const EOPNOTSUPP = 95;
export const ETIMEDOUT = 110;
export const EHWPOISON = 133;
/** Signals a user access can end with (asm-generic/signal.h). */
export const SIGBUS = 7;
export const SIGSEGV = 11;
const NAMES = {
    [EPERM]: 'EPERM', [ENOENT]: 'ENOENT', [ESRCH]: 'ESRCH', [EINTR]: 'EINTR', [EIO]: 'EIO', [ENXIO]: 'ENXIO',
    [E2BIG]: 'E2BIG', [EBADF]: 'EBADF', [ECHILD]: 'ECHILD', [EAGAIN]: 'EAGAIN', [ENOMEM]: 'ENOMEM',
    [EACCES]: 'EACCES', [EFAULT]: 'EFAULT', [EBUSY]: 'EBUSY', [EEXIST]: 'EEXIST', [ENODEV]: 'ENODEV',
    [ENOTDIR]: 'ENOTDIR', [EINVAL]: 'EINVAL', [ENOSPC]: 'ENOSPC', [ERANGE]: 'ERANGE', [EDEADLK]: 'EDEADLK',
    [ENOSYS]: 'ENOSYS', [EOVERFLOW]: 'EOVERFLOW', [EOPNOTSUPP]: 'EOPNOTSUPP', [ETIMEDOUT]: 'ETIMEDOUT',
    [EHWPOISON]: 'EHWPOISON',
};
/** "-EFAULT" for -14, "0" for 0: for messages and test failures. */
export function errname(e) {
    if (e >= 0)
        return String(e);
    return NAMES[-e] ? `-${NAMES[-e]}` : String(e);
}
/** IS_ERR_VALUE for our numbers: a negative errno. */
export function IS_ERR_VALUE(v) {
    return v < 0 && v >= -4095;
}
