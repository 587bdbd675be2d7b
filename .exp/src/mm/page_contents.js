/*
 * The bytes of physical memory: what every 4 KiB frame of system RAM, of device memory and of
 * swap holds. struct page and its counts live in page.ts; this file only stores data.
 *
 * Storage is sparse and off the JS heap. A frame is cut into 64 chunks of 64 bytes; a chunk is
 * allocated on its first write and a chunk never written reads as zero. All chunks live in one
 * byte pool (in segments). Each frame table (RAM by pfn, device memory by pfn - DEVICE_PFN_BASE, swap by
 * slot) keeps per frame, in typed arrays:
 *   - its first written chunk inline (which chunk, and where in the pool), so a frame written
 *     in one place needs nothing more;
 *   - a directory block of 64 entries (1 + pool chunk, or 0) for its other chunks.
 * A 1 GiB fault-in therefore allocates no JS object per page for its data, and releasing a
 * frame visits at most its 64 directory entries.
 *
 * Locking: none. Copies and stores are atomic steps of the model (memcpy/store between
 * scheduling points); the callers own the frames they touch (a mapped page, a locked page being
 * migrated, a swap slot).
 */
import { PAGE_SIZE } from './constants.js';
export const CHUNK_SHIFT = 6;
export const CHUNK = 1 << CHUNK_SHIFT;
/** Chunks per 4 KiB frame (and entries per directory block). */
export const FRAME_CHUNKS = PAGE_SIZE >>> CHUNK_SHIFT;
const FRAME_CHUNKS_SHIFT = 6;
/** First pfn of ZONE_DEVICE memory; everything below is system RAM. */
export const DEVICE_PFN_BASE = 2 ** 30;
/** A copy of `a` with room for n entries. */
function grown(a, n) {
    const b = new a.constructor(n);
    b.set(a);
    return b;
}
/** The per-frame index of one kind of frame. */
class FrameTable {
    /** 1 + chunk index (0..63) of the frame's inline chunk, or 0 when it has none. */
    head = new Uint8Array(0);
    /** Pool chunk number of the inline chunk. */
    headChunk = new Int32Array(0);
    /** 1 + directory block number of the frame's other chunks, or 0. */
    dir = new Int32Array(0);
    /** How many chunks the directory holds (so clearing stops once it has seen them all). */
    dirN = new Uint8Array(0);
    /** One past the highest frame made addressable: entries at and above it are all zero. */
    used = 0;
    /** Make frame `f` addressable (tables grow by doubling, on first write only). */
    ensure(f) {
        if (f >= this.used)
            this.used = f + 1;
        if (f < this.head.length)
            return;
        let n = Math.max(1024, this.head.length);
        while (n <= f)
            n *= 2;
        this.head = grown(this.head, n);
        this.headChunk = grown(this.headChunk, n);
        this.dir = grown(this.dir, n);
        this.dirN = grown(this.dirN, n);
    }
    /** Zero every entry (before the table is reused). */
    reset() {
        this.head.fill(0, 0, this.used);
        this.headChunk.fill(0, 0, this.used);
        this.dir.fill(0, 0, this.used);
        this.dirN.fill(0, 0, this.used);
        this.used = 0;
    }
    get byteLength() {
        return this.head.length * 10;
    }
}
/*
 * The pool is segmented (fixed-size typed arrays added as needed) so that growing it never
 * copies what is already there: a 1 GiB fault-in would otherwise copy its data several times.
 */
const SEG_CHUNKS_SHIFT = 12; // 4,096 chunks (256 KiB) per byte segment
const SEG_CHUNKS_MASK = (1 << SEG_CHUNKS_SHIFT) - 1;
const SEG_DIRS_SHIFT = 10; // 1,024 directory blocks (256 KiB) per directory segment
const SEG_DIRS_MASK = (1 << SEG_DIRS_SHIFT) - 1;
/*
 * Memory recycled between executions. An exploration runs thousands of executions and the
 * benchmark faults in a gigabyte several times: handing a finished execution's (zeroed) arrays
 * to the next saves allocating them and the host's page faults on fresh memory, which on a
 * small VM cost more than the model's own work. At most SPARE_LIMIT bytes are kept.
 */
const SPARE_LIMIT = 256 * 2 ** 20;
const spare = { segs: [], dirSegs: [], tables: [], bytes: 0 };
function spare_keep(bytes) {
    if (spare.bytes + bytes > SPARE_LIMIT)
        return false;
    spare.bytes += bytes;
    return true;
}
function spare_table() {
    const t = spare.tables.pop();
    if (t === undefined)
        return new FrameTable();
    spare.bytes -= t.byteLength;
    return t;
}
/** The contents of one execution's memory. */
export class ContentStore {
    /** Chunk n is bytes [(n & MASK) * 64, +64) of segment n >> SHIFT. */
    segs = [];
    views = [];
    /** The same segments as 32-bit words: whole chunks are copied through these (no views made). */
    words = [];
    chunkTop = 0;
    chunkFree = [];
    /** Directory block d is entries [(d & MASK) * 64, +64) of segment d >> SHIFT. */
    dirSegs = [];
    dirTop = 0;
    dirFree = [];
    ram = spare_table();
    dev = spare_table();
    /** Swapped-out frames, by the id saveToSwap() returned. */
    swap = spare_table();
    swapNext = 0;
    swapFree = [];
    /** Chunks in use (tests check that freeing memory returns them). */
    get chunksInUse() {
        return this.chunkTop - this.chunkFree.length;
    }
    /** A chunk for the frame tables; zeroed unless the caller overwrites all of it (`raw`). */
    newChunk(raw = false) {
        if (this.chunkFree.length > 0) {
            const n = this.chunkFree.pop();
            if (!raw) {
                const o = (n & SEG_CHUNKS_MASK) << CHUNK_SHIFT;
                this.segs[n >>> SEG_CHUNKS_SHIFT].fill(0, o, o + CHUNK);
            }
            return n;
        }
        const n = this.chunkTop++;
        if ((n & SEG_CHUNKS_MASK) === 0) {
            let seg = spare.segs.pop();
            if (seg === undefined)
                seg = new Uint8Array(CHUNK << SEG_CHUNKS_SHIFT);
            else
                spare.bytes -= seg.byteLength;
            this.segs.push(seg);
            this.views.push(new DataView(seg.buffer));
            this.words.push(new Int32Array(seg.buffer, seg.byteOffset, seg.byteLength >>> 2));
        }
        return n;
    }
    newDir() {
        if (this.dirFree.length > 0)
            return this.dirFree.pop();
        const d = this.dirTop++;
        if ((d & SEG_DIRS_MASK) === 0) {
            let seg = spare.dirSegs.pop();
            if (seg === undefined)
                seg = new Int32Array(FRAME_CHUNKS << SEG_DIRS_SHIFT);
            else
                spare.bytes -= seg.byteLength;
            this.dirSegs.push(seg);
        }
        return d;
    }
    /**
     * The execution is over: zero what it used and give the arrays to the next execution. The
     * store is unusable afterwards.
     */
    release() {
        const segs = this.segs;
        for (let i = 0; i < segs.length; i++) {
            const used = Math.min(CHUNK << SEG_CHUNKS_SHIFT, (this.chunkTop - (i << SEG_CHUNKS_SHIFT)) << CHUNK_SHIFT);
            if (!spare_keep(segs[i].byteLength))
                break;
            segs[i].fill(0, 0, used);
            spare.segs.push(segs[i]);
        }
        const dirs = this.dirSegs;
        for (let i = 0; i < dirs.length; i++) {
            const used = Math.min(FRAME_CHUNKS << SEG_DIRS_SHIFT, (this.dirTop - (i << SEG_DIRS_SHIFT)) << FRAME_CHUNKS_SHIFT);
            if (!spare_keep(dirs[i].byteLength))
                break;
            dirs[i].fill(0, 0, used);
            spare.dirSegs.push(dirs[i]);
        }
        for (const t of [this.ram, this.dev, this.swap]) {
            if (!spare_keep(t.byteLength))
                break;
            t.reset();
            spare.tables.push(t);
        }
        // Nothing of this store may alias memory another execution now uses.
        segs.length = 0;
        this.views.length = 0;
        this.words.length = 0;
        dirs.length = 0;
        this.ram = new FrameTable();
        this.dev = new FrameTable();
        this.swap = new FrameTable();
    }
    /* Chunk data by pool chunk number. */
    loadU8(c, at) {
        return this.segs[c >>> SEG_CHUNKS_SHIFT][((c & SEG_CHUNKS_MASK) << CHUNK_SHIFT) + at];
    }
    storeU8(c, at, v) {
        this.segs[c >>> SEG_CHUNKS_SHIFT][((c & SEG_CHUNKS_MASK) << CHUNK_SHIFT) + at] = v;
    }
    loadU32(c, at) {
        return this.views[c >>> SEG_CHUNKS_SHIFT].getUint32(((c & SEG_CHUNKS_MASK) << CHUNK_SHIFT) + at, true);
    }
    storeU32(c, at, v) {
        this.views[c >>> SEG_CHUNKS_SHIFT].setUint32(((c & SEG_CHUNKS_MASK) << CHUNK_SHIFT) + at, v, true);
    }
    loadU64(c, at) {
        return this.views[c >>> SEG_CHUNKS_SHIFT].getBigUint64(((c & SEG_CHUNKS_MASK) << CHUNK_SHIFT) + at, true);
    }
    storeU64(c, at, v) {
        this.views[c >>> SEG_CHUNKS_SHIFT].setBigUint64(((c & SEG_CHUNKS_MASK) << CHUNK_SHIFT) + at, v, true);
    }
    /** The 64 bytes of chunk c (a view into the pool: copy it before the next allocation). */
    chunkBytes(c) {
        const o = (c & SEG_CHUNKS_MASK) << CHUNK_SHIFT;
        return this.segs[c >>> SEG_CHUNKS_SHIFT].subarray(o, o + CHUNK);
    }
    /** Chunk d becomes a copy of chunk c (16 word moves, nothing allocated). */
    copyChunk(d, c) {
        const dw = this.words[d >>> SEG_CHUNKS_SHIFT];
        const sw = this.words[c >>> SEG_CHUNKS_SHIFT];
        const dof = (d & SEG_CHUNKS_MASK) << (CHUNK_SHIFT - 2);
        const sof = (c & SEG_CHUNKS_MASK) << (CHUNK_SHIFT - 2);
        for (let i = 0; i < CHUNK >>> 2; i++)
            dw[dof + i] = sw[sof + i];
    }
    /** Overwrite chunk c with 64 bytes. */
    setChunk(c, src) {
        this.segs[c >>> SEG_CHUNKS_SHIFT].set(src, (c & SEG_CHUNKS_MASK) << CHUNK_SHIFT);
    }
    /** Pool chunk of chunk k of frame f, or -1 when it reads as zero. */
    find(t, f, k) {
        if (f >= t.head.length)
            return -1;
        if (t.head[f] === k + 1)
            return t.headChunk[f];
        const d = t.dir[f] - 1;
        return d < 0 ? -1 : this.dirSegs[d >>> SEG_DIRS_SHIFT][((d & SEG_DIRS_MASK) << FRAME_CHUNKS_SHIFT) + k] - 1;
    }
    /**
     * Pool chunk of chunk k of frame f, allocating it (zeroed, or as it comes with `raw` when the
     * caller overwrites all 64 bytes).
     */
    get(t, f, k, raw = false) {
        t.ensure(f);
        const h = t.head[f];
        if (h === k + 1)
            return t.headChunk[f];
        if (h === 0) {
            t.head[f] = k + 1;
            return (t.headChunk[f] = this.newChunk(raw));
        }
        let d = t.dir[f] - 1;
        if (d < 0)
            t.dir[f] = (d = this.newDir()) + 1;
        const dirs = this.dirSegs[d >>> SEG_DIRS_SHIFT];
        const at = ((d & SEG_DIRS_MASK) << FRAME_CHUNKS_SHIFT) + k;
        const c = dirs[at];
        if (c !== 0)
            return c - 1;
        const n = this.newChunk(raw);
        dirs[at] = n + 1;
        t.dirN[f]++;
        return n;
    }
    /** Zero chunks [k0, k1) of frame f (returning them to the pool). */
    clear(t, f, k0 = 0, k1 = FRAME_CHUNKS) {
        if (f >= t.head.length)
            return;
        const h = t.head[f];
        if (h !== 0 && h - 1 >= k0 && h - 1 < k1) {
            this.chunkFree.push(t.headChunk[f]);
            t.head[f] = 0;
        }
        const d = t.dir[f] - 1;
        if (d < 0)
            return;
        const dirs = this.dirSegs[d >>> SEG_DIRS_SHIFT];
        const base = (d & SEG_DIRS_MASK) << FRAME_CHUNKS_SHIFT;
        const n = t.dirN[f];
        let seen = 0;
        let left = 0;
        for (let k = 0; k < FRAME_CHUNKS && seen < n; k++) {
            const c = dirs[base + k];
            if (c === 0)
                continue;
            seen++;
            if (k >= k0 && k < k1) {
                this.chunkFree.push(c - 1);
                dirs[base + k] = 0;
            }
            else
                left++;
        }
        t.dirN[f] = left;
        if (left === 0) {
            this.dirFree.push(d);
            t.dir[f] = 0;
        }
    }
    /** True when frame f has no chunk (reads as all zero). */
    isZero(t, f) {
        return f >= t.head.length || (t.head[f] === 0 && t.dir[f] === 0);
    }
    /** Frame df of dt becomes a copy of frame sf of st (copy_highpage). */
    copy(dt, df, st, sf) {
        if (dt === st && df === sf)
            return;
        this.clear(dt, df);
        if (this.isZero(st, sf))
            return;
        // Only the chunks the source has: its inline one, then its directory's.
        const h = st.head[sf];
        if (h !== 0)
            this.copyChunk(this.get(dt, df, h - 1, true), st.headChunk[sf]);
        const d = st.dir[sf] - 1;
        if (d < 0)
            return;
        const dirs = this.dirSegs[d >>> SEG_DIRS_SHIFT];
        const base = (d & SEG_DIRS_MASK) << FRAME_CHUNKS_SHIFT;
        const n = st.dirN[sf];
        for (let k = 0, seen = 0; k < FRAME_CHUNKS && seen < n; k++) {
            const c = dirs[base + k];
            if (c === 0)
                continue;
            seen++;
            this.copyChunk(this.get(dt, df, k, true), c - 1);
        }
    }
    /** Do frame af of table at and frame bf of table bt hold the same 4 KiB? */
    sameFrame(at, af, bt, bf) {
        for (let k = 0; k < FRAME_CHUNKS; k++) {
            const a = this.find(at, af, k);
            const b = this.find(bt, bf, k);
            if (a === b)
                continue;
            const ab = a < 0 ? null : this.chunkBytes(a);
            const bb = b < 0 ? null : this.chunkBytes(b);
            for (let i = 0; i < CHUNK; i++)
                if ((ab === null ? 0 : ab[i]) !== (bb === null ? 0 : bb[i]))
                    return false;
        }
        return true;
    }
    /** Copy a frame out to a new swap frame; returns its id. */
    saveToSwap(t, f) {
        const id = this.swapFree.length > 0 ? this.swapFree.pop() : this.swapNext++;
        this.copy(this.swap, id, t, f);
        return id;
    }
    /** Release a swap frame. */
    freeSwap(id) {
        this.clear(this.swap, id);
        this.swapFree.push(id);
    }
}
/** The frame table holding `pfn`. */
export function table_of(s, pfn) {
    return pfn < DEVICE_PFN_BASE ? s.ram : s.dev;
}
/** The frame number of `pfn` in its table. */
export function frame_of(pfn) {
    return pfn < DEVICE_PFN_BASE ? pfn : pfn - DEVICE_PFN_BASE;
}
/*
 * Loads and stores at byte `off` (0..4095) of frame `pfn`. An access that crosses a chunk goes
 * byte by byte (little-endian); uaccess never makes one (it checks alignment).
 */
export function frame_load_u8(s, pfn, off) {
    pfn += off >>> 12; // a byte of a multi-byte access may lie in the next frame
    off &= PAGE_SIZE - 1;
    const c = s.find(table_of(s, pfn), frame_of(pfn), off >>> CHUNK_SHIFT);
    return c < 0 ? 0 : s.loadU8(c, off & (CHUNK - 1));
}
export function frame_store_u8(s, pfn, off, v) {
    pfn += off >>> 12;
    off &= PAGE_SIZE - 1;
    const c = s.get(table_of(s, pfn), frame_of(pfn), off >>> CHUNK_SHIFT);
    s.storeU8(c, off & (CHUNK - 1), v & 0xff);
}
export function frame_load_u32(s, pfn, off) {
    if ((off & (CHUNK - 1)) > CHUNK - 4) {
        let v = 0;
        for (let i = 3; i >= 0; i--)
            v = v * 256 + frame_load_u8(s, pfn, off + i);
        return v;
    }
    const c = s.find(table_of(s, pfn), frame_of(pfn), off >>> CHUNK_SHIFT);
    return c < 0 ? 0 : s.loadU32(c, off & (CHUNK - 1));
}
export function frame_store_u32(s, pfn, off, v) {
    if ((off & (CHUNK - 1)) > CHUNK - 4) {
        for (let i = 0; i < 4; i++)
            frame_store_u8(s, pfn, off + i, (v >>> (8 * i)) & 0xff);
        return;
    }
    s.storeU32(s.get(table_of(s, pfn), frame_of(pfn), off >>> CHUNK_SHIFT), off & (CHUNK - 1), v >>> 0);
}
export function frame_load_u64(s, pfn, off) {
    if ((off & (CHUNK - 1)) > CHUNK - 8) {
        let v = 0n;
        for (let i = 7; i >= 0; i--)
            v = (v << 8n) | BigInt(frame_load_u8(s, pfn, off + i));
        return v;
    }
    const c = s.find(table_of(s, pfn), frame_of(pfn), off >>> CHUNK_SHIFT);
    return c < 0 ? 0n : s.loadU64(c, off & (CHUNK - 1));
}
export function frame_store_u64(s, pfn, off, v) {
    if ((off & (CHUNK - 1)) > CHUNK - 8) {
        for (let i = 0; i < 8; i++)
            frame_store_u8(s, pfn, off + i, Number((v >> BigInt(8 * i)) & 0xffn));
        return;
    }
    s.storeU64(s.get(table_of(s, pfn), frame_of(pfn), off >>> CHUNK_SHIFT), off & (CHUNK - 1), BigInt.asUintN(64, v));
}
/*
 * Byte ranges within one frame (any alignment): what a CPU loop over a page, or a memcpy into
 * it, does in one step. An all-zero piece over a chunk never written stays unallocated.
 */
/** Copy src into frame `pfn` at byte `off` (off + src.length <= PAGE_SIZE). */
export function frame_write(s, pfn, off, src) {
    const t = table_of(s, pfn);
    const f = frame_of(pfn);
    const sw = words_of(src, off);
    for (let pos = 0; pos < src.length;) {
        const at = off + pos;
        const k = at >>> CHUNK_SHIFT;
        const inChunk = at & (CHUNK - 1);
        const n = Math.min(CHUNK - inChunk, src.length - pos);
        let c = s.find(t, f, k);
        if (c < 0) {
            let i = pos;
            while (i < pos + n && src[i] === 0)
                i++;
            if (i < pos + n)
                c = s.get(t, f, k, n === CHUNK);
        }
        if (c >= 0) {
            if (sw !== null && n === CHUNK) {
                const dw = s.words[c >>> SEG_CHUNKS_SHIFT];
                const o = (c & SEG_CHUNKS_MASK) << (CHUNK_SHIFT - 2);
                const p = pos >>> 2;
                for (let i = 0; i < CHUNK >>> 2; i++)
                    dw[o + i] = sw[p + i];
            }
            else {
                const piece = src.subarray(pos, pos + n);
                if (n === CHUNK)
                    s.setChunk(c, piece);
                else
                    s.chunkBytes(c).set(piece, inChunk);
            }
        }
        pos += n;
    }
}
/** Copy dst.length bytes of frame `pfn` from byte `off` into dst. */
/**
 * `a` as 32-bit words when it and the frame offset are word-aligned and it is big enough to be
 * worth a view (whole chunks then move word by word instead of through subarrays).
 */
function words_of(a, off) {
    if (a.length < CHUNK || ((a.byteOffset | off) & 3) !== 0)
        return null;
    return new Int32Array(a.buffer, a.byteOffset, a.length >>> 2);
}
export function frame_read(s, pfn, off, dst) {
    const t = table_of(s, pfn);
    const f = frame_of(pfn);
    const dw = words_of(dst, off);
    for (let pos = 0; pos < dst.length;) {
        const at = off + pos;
        const inChunk = at & (CHUNK - 1);
        const n = Math.min(CHUNK - inChunk, dst.length - pos);
        const c = s.find(t, f, at >>> CHUNK_SHIFT);
        if (c < 0)
            dst.fill(0, pos, pos + n);
        else if (dw !== null && n === CHUNK) {
            const sw = s.words[c >>> SEG_CHUNKS_SHIFT];
            const o = (c & SEG_CHUNKS_MASK) << (CHUNK_SHIFT - 2);
            const p = pos >>> 2;
            for (let i = 0; i < CHUNK >>> 2; i++)
                dw[p + i] = sw[o + i];
        }
        else
            dst.set(s.chunkBytes(c).subarray(inChunk, inChunk + n), pos);
        pos += n;
    }
}
