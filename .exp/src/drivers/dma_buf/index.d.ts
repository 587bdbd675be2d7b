export * from './dma_fence.js';
export * from './dma_resv.js';
