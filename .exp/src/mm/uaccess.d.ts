import { type Sched } from '../kernel/index.js';
import type { MmStruct } from './mm_struct.js';
import type { TaskStruct } from './task.js';
/**
 * The TLB-hit check: the pfn of the 4 KiB frame mapping `addr` if the entry permits the access
 * (a write sets the dirty and soft-dirty bits), MISS if it does not, NO_PAGE for a permitted
 * raw-PFN entry. The byte in the frame is addr & (PAGE_SIZE - 1).
 */
export declare function follow_user(mm: MmStruct, addr: number, write: boolean): number;
/**
 * The TLB-hit check without its side effects (no dirty bits, not an operation): would an
 * access of `addr` hit? Lets a lone thread's bulk loop decide before it counts its steps.
 */
export declare function user_tlb_peek(mm: MmStruct, addr: number, write: boolean): boolean;
export declare function user_read_u8(task: TaskStruct, addr: number): Sched<number>;
export declare function user_read_u32(task: TaskStruct, addr: number): Sched<number>;
/** 64-bit read: a bigint, or the number -EFAULT after a signal. */
export declare function user_read_u64(task: TaskStruct, addr: number): Sched<bigint | number>;
export declare function user_write_u8(task: TaskStruct, addr: number, v: number): Sched<number>;
export declare function user_write_u32(task: TaskStruct, addr: number, v: number): Sched<number>;
export declare function user_write_u64(task: TaskStruct, addr: number, v: bigint): Sched<number>;
