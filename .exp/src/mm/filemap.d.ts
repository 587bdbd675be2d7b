import type { Sched } from '../kernel/index.js';
import { type AddressSpaceRef, type Page } from './page.js';
import type { VmAreaStruct } from './vma.js';
/** struct address_space: the page cache of one file. */
export declare class AddressSpace implements AddressSpaceRef {
    readonly label: string;
    /** File size in bytes. */
    size: number;
    /** Folio order of this cache: 0, or 9 / 18 for hugetlbfs. */
    readonly order: number;
    readonly pages: Map<number, Page>;
    constructor(label: string, 
    /** File size in bytes. */
    size: number, 
    /** Folio order of this cache: 0, or 9 / 18 for hugetlbfs. */
    order?: number);
}
/** struct file_operations: a device file (the mixedmap test's driver fd) can map itself. */
export interface FileOperations {
    /** Called by do_mmap with the new VMA; returns 0 or a negative errno. */
    mmap?(file: File, vma: VmAreaStruct): Sched<number>;
    /** The alignment of the addresses get_unmapped_area picks for this file (dax_get_unmapped_area). */
    align?: number;
}
export declare class File {
    readonly name: string;
    readonly f_mapping: AddressSpace;
    readonly f_op: FileOperations | null;
    /** Opened for writing (MAP_SHARED + PROT_WRITE needs it). */
    readonly writable: boolean;
    private_data: unknown;
    /** f_count: the creator's reference plus one per VMA mapping the file. */
    f_count: number;
    constructor(name: string, f_mapping: AddressSpace, f_op: FileOperations | null, 
    /** Opened for writing (MAP_SHARED + PROT_WRITE needs it). */
    writable: boolean);
}
/** get_file(). */
export declare function get_file(file: File): File;
/**
 * fput(): drop a reference; the last one truncates the page cache (each page loses the
 * cache's reference and is freed unless someone else holds it). The truncation is one step
 * of the model (see docs/fidelity.md): nothing maps the file any more when it runs.
 */
export declare function fput(file: File): void;
/** Create a regular file of `size` bytes (zero-filled). */
export declare function file_create(name: string, size: number, opts?: {
    writable?: boolean;
    f_op?: FileOperations;
}): File;
/** shmem_file_setup(): the backing of MAP_SHARED|MAP_ANONYMOUS. */
export declare function shmem_file_setup(name: string, size: number): File;
/** A hugetlbfs file with folios of 2^hpageShift bytes. */
export declare function hugetlbfs_file_setup(name: string, size: number, hpageShift: number): File;
/**
 * The folio at `index` (in folio-size units) of `mapping`, created zero-filled if `create`;
 * null beyond EOF. The cache's reference is not handed out: callers get_page() for themselves.
 */
export declare function filemap_get_page(mapping: AddressSpace, index: number, create: boolean): Page | null;
/** pread(): bytes [off, off+len) clipped to the file size. */
export declare function file_read(file: File, off: number, len: number): Uint8Array;
/** pwrite(): extends the file if needed. */
export declare function file_write(file: File, off: number, data: Uint8Array): number;
export declare function file_read_u32(file: File, off: number): number;
export declare function file_write_u32(file: File, off: number, v: number): void;
