import { type Sched } from '../kernel/index.js';
import { type MmStruct, type Page } from '../mm/index.js';
import type { SimDevice } from './device.js';
export declare const DMA_BIDIRECTIONAL = 0;
export declare const DMA_TO_DEVICE = 1;
export declare const DMA_FROM_DEVICE = 2;
export type DmaDataDirection = 0 | 1 | 2;
/** The error value dma_map_page returns (dma_addr_t ~0 in the kernel). */
export declare const DMA_MAPPING_ERROR = -1;
/** What a mapping mirrors: the address space and virtual page the page was looked up for. */
export interface DmaMirror {
    mm: MmStruct;
    va: number;
}
export declare class DmaMapping {
    readonly dev: SimDevice;
    readonly addr: number;
    readonly page: Page;
    readonly pfn: number;
    readonly size: number;
    readonly dir: DmaDataDirection;
    readonly mirror: DmaMirror | null;
    readonly by: string;
    readonly step: number;
    doomed: boolean;
    constructor(dev: SimDevice, addr: number, page: Page, pfn: number, size: number, dir: DmaDataDirection, mirror: DmaMirror | null, by: string, step: number);
    /** The device may write through it. */
    get deviceWrites(): boolean;
}
/**
 * dma_map_page(dev, page, offset, size, dir, mirror): map `page` for `dev`; the DMA address, or
 * DMA_MAPPING_ERROR (fault injection). One step. `page` is a Page or a pfn.
 */
export declare function dma_map_page(dev: SimDevice, page: Page | number, offset: number, size: number, dir: DmaDataDirection, mirror?: DmaMirror | null): Sched<number>;
/** dma_mapping_error(): -ENOMEM for DMA_MAPPING_ERROR, else 0. */
export declare function dma_mapping_error(_dev: SimDevice, addr: number): number;
/** dma_unmap_page(dev, addr, size, dir): one step. */
export declare function dma_unmap_page(dev: SimDevice, addr: number, size: number, dir: DmaDataDirection): Sched;
/**
 * The device reads or writes DMA address `addr` (one step): 0, or -EFAULT for an IOMMU fault
 * (nothing mapped there, or a write through a DMA_TO_DEVICE mapping). A mapping whose page was
 * freed is a device use-after-free.
 */
export declare function dma_device_access(dev: SimDevice, addr: number, write: boolean): Sched<number>;
/** The live DMA mappings of `dev` (tests, reports). */
export declare function dma_mappings(dev: SimDevice): DmaMapping[];
