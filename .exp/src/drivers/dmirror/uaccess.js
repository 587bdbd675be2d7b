/*
 * What a driver's copy_to_user / copy_from_user reach: the user memory of the task that made
 * the system call. The process layer of the caller implements it (the selftests' libc); the
 * driver never touches user memory any other way. Owns no state.
 */
export {};
