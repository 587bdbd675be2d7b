/*
 * Layout of the CLI watchdog's progress beacon (a SharedArrayBuffer; sched.ts writes it, the
 * CLI's main thread reads it): int32 [0] is the interrupt flag (1 after SIGINT); then one slot
 * of HEARTBEAT_SLOT int32s, a 64-byte cache line, per explorer thread: [0] its steps across
 * executions, [1] the model thread of its current step. Slot 1 is the CLI worker's; the workers
 * of `--jobs` and `check` take 2, 3, ...
 */
export const HEARTBEAT_SLOT = 16;
export const HEARTBEAT_SLOTS = 64;
export const HEARTBEAT_BYTES = HEARTBEAT_SLOT * HEARTBEAT_SLOTS * 4;
