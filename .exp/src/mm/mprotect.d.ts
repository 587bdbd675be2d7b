import { type Sched } from '../kernel/index.js';
import { type MmStruct } from './mm_struct.js';
import { type VmAreaStruct } from './vma.js';
/**
 * change_protection(): apply the VMA's new vm_flags to the entries of [start, end). Returns
 * the number of entries changed. The bracket is only opened if something is populated.
 */
export declare function change_protection(vma: VmAreaStruct, start: number, end: number): Sched<number>;
/**
 * do_mprotect_pkey() (mmap_lock taken here). As in the kernel, the VMAs are changed in address
 * order until one cannot be: a hole gives -ENOMEM and a VMA that may not become writable
 * -EACCES, and the VMAs before it keep their new protection. A range that starts in a hole
 * changes nothing.
 */
export declare function do_mprotect(mm: MmStruct, start: number, len: number, prot: number): Sched<number>;
