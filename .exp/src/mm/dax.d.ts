import { type Sched } from '../kernel/index.js';
import { File } from './filemap.js';
import { DevPagemap } from './page.js';
import { type VmAreaStruct } from './vma.js';
/** A pmem namespace in fsdax mode with one file spanning it, or (`pud`) a 1 GiB-aligned device-dax. */
export declare class DaxDevice {
    readonly label: string;
    readonly npages: number;
    readonly pud: boolean;
    readonly pgmap: DevPagemap;
    /** The first pfn of the range. */
    readonly base: number;
    readonly file: File;
    constructor(label: string, npages: number, pud?: boolean);
}
/** A device-dax of `gib` GiB with a 1 GiB alignment (its file is the character device). */
export declare function devdax_create(label: string, gib?: number): DaxDevice;
/** Bind a pmem device of `npages` pages (all of them backing its one file). */
export declare function dax_device_create(label: string, npages: number): DaxDevice;
/** The file of `dax`: mmap it to map the pmem pages. */
export declare function dax_file(dax: DaxDevice): File;
/** The pmem driver unbinds: memunmap_pages() (sleeps until the dev_pagemap is unused). */
export declare function dax_device_remove(dax: DaxDevice): Sched;
/** vma_is_dax(). */
export declare function vma_is_dax(vma: VmAreaStruct): boolean;
/** vma_is_dax() for a device-dax mapping. */
export declare function vma_is_devdax(vma: VmAreaStruct): boolean;
