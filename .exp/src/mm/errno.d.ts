export declare const EPERM = 1;
export declare const ENOENT = 2;
export declare const ESRCH = 3;
export declare const EINTR = 4;
export declare const EIO = 5;
export declare const ENXIO = 6;
export declare const E2BIG = 7;
export declare const EBADF = 9;
export declare const ECHILD = 10;
export declare const EAGAIN = 11;
export declare const ENOMEM = 12;
export declare const EACCES = 13;
export declare const EFAULT = 14;
export declare const EBUSY = 16;
export declare const EEXIST = 17;
export declare const ENODEV = 19;
export declare const ENOTDIR = 20;
export declare const EINVAL = 22;
export declare const ENOSPC = 28;
export declare const ERANGE = 34;
export declare const EDEADLK = 35;
export declare const ENOSYS = 38;
export declare const EOVERFLOW = 75;
export declare const EOPNOTSUPP = 95;
export declare const ETIMEDOUT = 110;
export declare const EHWPOISON = 133;
/** Signals a user access can end with (asm-generic/signal.h). */
export declare const SIGBUS = 7;
export declare const SIGSEGV = 11;
/** "-EFAULT" for -14, "0" for 0: for messages and test failures. */
export declare function errname(e: number): string;
/** IS_ERR_VALUE for our numbers: a negative errno. */
export declare function IS_ERR_VALUE(v: number): boolean;
