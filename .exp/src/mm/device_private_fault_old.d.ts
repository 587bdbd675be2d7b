import { type Sched } from '../kernel/index.js';
import type { VmAreaStruct } from './vma.js';
/** Before 6.1: migrate_to_ram on a page nothing holds, read after an unlocked entry read. */
export declare function device_private_fault_unreferenced(vma: VmAreaStruct, pfn: number, address: number, flags: number, pte: boolean): Sched<number>;
