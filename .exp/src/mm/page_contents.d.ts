export declare const CHUNK_SHIFT = 6;
export declare const CHUNK: number;
/** Chunks per 4 KiB frame (and entries per directory block). */
export declare const FRAME_CHUNKS: number;
/** First pfn of ZONE_DEVICE memory; everything below is system RAM. */
export declare const DEVICE_PFN_BASE: number;
/** The per-frame index of one kind of frame. */
declare class FrameTable {
    /** 1 + chunk index (0..63) of the frame's inline chunk, or 0 when it has none. */
    head: Uint8Array<ArrayBuffer>;
    /** Pool chunk number of the inline chunk. */
    headChunk: Int32Array<ArrayBuffer>;
    /** 1 + directory block number of the frame's other chunks, or 0. */
    dir: Int32Array<ArrayBuffer>;
    /** How many chunks the directory holds (so clearing stops once it has seen them all). */
    dirN: Uint8Array<ArrayBuffer>;
    /** One past the highest frame made addressable: entries at and above it are all zero. */
    used: number;
    /** Make frame `f` addressable (tables grow by doubling, on first write only). */
    ensure(f: number): void;
    /** Zero every entry (before the table is reused). */
    reset(): void;
    get byteLength(): number;
}
/** The contents of one execution's memory. */
export declare class ContentStore {
    /** Chunk n is bytes [(n & MASK) * 64, +64) of segment n >> SHIFT. */
    readonly segs: Uint8Array[];
    readonly views: DataView[];
    /** The same segments as 32-bit words: whole chunks are copied through these (no views made). */
    readonly words: Int32Array[];
    private chunkTop;
    private readonly chunkFree;
    /** Directory block d is entries [(d & MASK) * 64, +64) of segment d >> SHIFT. */
    readonly dirSegs: Int32Array[];
    private dirTop;
    private readonly dirFree;
    ram: FrameTable;
    dev: FrameTable;
    /** Swapped-out frames, by the id saveToSwap() returned. */
    swap: FrameTable;
    private swapNext;
    private readonly swapFree;
    /** Chunks in use (tests check that freeing memory returns them). */
    get chunksInUse(): number;
    /** A chunk for the frame tables; zeroed unless the caller overwrites all of it (`raw`). */
    private newChunk;
    private newDir;
    /**
     * The execution is over: zero what it used and give the arrays to the next execution. The
     * store is unusable afterwards.
     */
    release(): void;
    loadU8(c: number, at: number): number;
    storeU8(c: number, at: number, v: number): void;
    loadU32(c: number, at: number): number;
    storeU32(c: number, at: number, v: number): void;
    loadU64(c: number, at: number): bigint;
    storeU64(c: number, at: number, v: bigint): void;
    /** The 64 bytes of chunk c (a view into the pool: copy it before the next allocation). */
    chunkBytes(c: number): Uint8Array;
    /** Chunk d becomes a copy of chunk c (16 word moves, nothing allocated). */
    copyChunk(d: number, c: number): void;
    /** Overwrite chunk c with 64 bytes. */
    setChunk(c: number, src: Uint8Array): void;
    /** Pool chunk of chunk k of frame f, or -1 when it reads as zero. */
    find(t: FrameTable, f: number, k: number): number;
    /**
     * Pool chunk of chunk k of frame f, allocating it (zeroed, or as it comes with `raw` when the
     * caller overwrites all 64 bytes).
     */
    get(t: FrameTable, f: number, k: number, raw?: boolean): number;
    /** Zero chunks [k0, k1) of frame f (returning them to the pool). */
    clear(t: FrameTable, f: number, k0?: number, k1?: number): void;
    /** True when frame f has no chunk (reads as all zero). */
    isZero(t: FrameTable, f: number): boolean;
    /** Frame df of dt becomes a copy of frame sf of st (copy_highpage). */
    copy(dt: FrameTable, df: number, st: FrameTable, sf: number): void;
    /** Do frame af of table at and frame bf of table bt hold the same 4 KiB? */
    sameFrame(at: FrameTable, af: number, bt: FrameTable, bf: number): boolean;
    /** Copy a frame out to a new swap frame; returns its id. */
    saveToSwap(t: FrameTable, f: number): number;
    /** Release a swap frame. */
    freeSwap(id: number): void;
}
/** The frame table holding `pfn`. */
export declare function table_of(s: ContentStore, pfn: number): FrameTable;
/** The frame number of `pfn` in its table. */
export declare function frame_of(pfn: number): number;
export type { FrameTable };
export declare function frame_load_u8(s: ContentStore, pfn: number, off: number): number;
export declare function frame_store_u8(s: ContentStore, pfn: number, off: number, v: number): void;
export declare function frame_load_u32(s: ContentStore, pfn: number, off: number): number;
export declare function frame_store_u32(s: ContentStore, pfn: number, off: number, v: number): void;
export declare function frame_load_u64(s: ContentStore, pfn: number, off: number): bigint;
export declare function frame_store_u64(s: ContentStore, pfn: number, off: number, v: bigint): void;
/** Copy src into frame `pfn` at byte `off` (off + src.length <= PAGE_SIZE). */
export declare function frame_write(s: ContentStore, pfn: number, off: number, src: Uint8Array): void;
export declare function frame_read(s: ContentStore, pfn: number, off: number, dst: Uint8Array): void;
