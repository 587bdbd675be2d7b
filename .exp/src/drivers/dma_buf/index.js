/*
 * hmmsim/drivers/dma_buf: GPU fences and reservation objects (dma_fence.ts, dma_resv.ts).
 */
export * from './dma_fence.js';
export * from './dma_resv.js';
