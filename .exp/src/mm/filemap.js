/*
 * Files and the page cache (a small mm/filemap.c + shmem + hugetlbfs): files created by a
 * scenario, their pages kept in an address_space, read and written like pread/pwrite, and
 * mapped by do_fault. Shared anonymous memory is an unnamed shmem file, as in the kernel.
 * A hugetlbfs file caches PMD- or PUD-order folios.
 *
 * Lifetime: a page-cache page holds one reference for the cache for as long as the file
 * exists; the last fput() (creator and every VMA hold one) truncates the cache. No eviction. Locking: plain JS steps (the kernel's
 * i_pages xarray lock and the page lock are not observable here).
 */
import { PAGE_SHIFT, PAGE_SIZE } from './constants.js';
import { alloc_pages, page_read_u8, page_write_u8, __put_page } from './page.js';
/** struct address_space: the page cache of one file. */
export class AddressSpace {
    label;
    size;
    order;
    pages = new Map();
    constructor(label, 
    /** File size in bytes. */
    size, 
    /** Folio order of this cache: 0, or 9 / 18 for hugetlbfs. */
    order = 0) {
        this.label = label;
        this.size = size;
        this.order = order;
    }
}
export class File {
    name;
    f_mapping;
    f_op;
    writable;
    private_data = null;
    /** f_count: the creator's reference plus one per VMA mapping the file. */
    f_count = 1;
    constructor(name, f_mapping, f_op, 
    /** Opened for writing (MAP_SHARED + PROT_WRITE needs it). */
    writable) {
        this.name = name;
        this.f_mapping = f_mapping;
        this.f_op = f_op;
        this.writable = writable;
    }
}
/** get_file(). */
export function get_file(file) {
    file.f_count++;
    return file;
}
/**
 * fput(): drop a reference; the last one truncates the page cache (each page loses the
 * cache's reference and is freed unless someone else holds it). The truncation is one step
 * of the model (see docs/fidelity.md): nothing maps the file any more when it runs.
 */
export function fput(file) {
    if (--file.f_count > 0)
        return;
    const m = file.f_mapping;
    for (const p of m.pages.values()) {
        p.mapping = null;
        __put_page(p);
    }
    m.pages.clear();
}
/** Create a regular file of `size` bytes (zero-filled). */
export function file_create(name, size, opts = {}) {
    return new File(name, new AddressSpace(`file ${name}`, size), opts.f_op ?? null, opts.writable ?? true);
}
/** shmem_file_setup(): the backing of MAP_SHARED|MAP_ANONYMOUS. */
export function shmem_file_setup(name, size) {
    return new File(name, new AddressSpace(`shmem ${name}`, size), null, true);
}
/** A hugetlbfs file with folios of 2^hpageShift bytes. */
export function hugetlbfs_file_setup(name, size, hpageShift) {
    return new File(name, new AddressSpace(`hugetlbfs ${name}`, size, hpageShift - PAGE_SHIFT), null, true);
}
/**
 * The folio at `index` (in folio-size units) of `mapping`, created zero-filled if `create`;
 * null beyond EOF. The cache's reference is not handed out: callers get_page() for themselves.
 */
export function filemap_get_page(mapping, index, create) {
    let p = mapping.pages.get(index);
    if (p !== undefined)
        return p;
    const folioSize = PAGE_SIZE << mapping.order;
    if (index * folioSize >= Math.ceil(mapping.size / PAGE_SIZE) * PAGE_SIZE)
        return null;
    if (!create)
        return null;
    p = alloc_pages(mapping.order, 1 /* PageKind.File */);
    p.mapping = mapping;
    p.index = index;
    mapping.pages.set(index, p);
    return p;
}
function locate(file, off) {
    const m = file.f_mapping;
    const folioSize = PAGE_SIZE << m.order;
    const page = filemap_get_page(m, Math.floor(off / folioSize), true);
    return [page, off % folioSize];
}
/** pread(): bytes [off, off+len) clipped to the file size. */
export function file_read(file, off, len) {
    const m = file.f_mapping;
    const n = Math.max(0, Math.min(len, m.size - off));
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
        const [p, o] = locate(file, off + i);
        out[i] = page_read_u8(p, o);
    }
    return out;
}
/** pwrite(): extends the file if needed. */
export function file_write(file, off, data) {
    const m = file.f_mapping;
    if (off + data.length > m.size)
        m.size = off + data.length;
    for (let i = 0; i < data.length; i++) {
        const [p, o] = locate(file, off + i);
        page_write_u8(p, o, data[i]);
        p.dirty = true;
    }
    return data.length;
}
export function file_read_u32(file, off) {
    const b = file_read(file, off, 4);
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
}
export function file_write_u32(file, off, v) {
    file_write(file, off, new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]));
}
