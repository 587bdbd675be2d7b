/*
 * DAX, much reduced (drivers/nvdimm/pmem.c, fs/dax.c): persistent memory whose pages are the
 * ZONE_DEVICE pages of a MEMORY_DEVICE_FS_DAX dev_pagemap, and one fully allocated file on it
 * whose mmap maps those pages directly, with devmap PTEs and no page cache.
 *
 *   dax_device_create   memremap_pages() of a pmem range: every page exists and is in use
 *                       (refcount 1) until the device is removed;
 *   dax_file            the file: page `pgoff` of it is pmem page `pgoff` (no block allocation,
 *                       no holes, no truncate);
 *   dax fault           a read fault, or any fault of a MAP_SHARED mapping, inserts a devmap
 *                       entry of the pmem page (writable only on a write fault, as
 *                       vmf_insert_mixed_mkwrite); a write fault of a MAP_PRIVATE mapping copies
 *                       the pmem page into a new anonymous page (the cow_page path), so private
 *                       mappings mix devmap entries and anonymous pages;
 *   dax_device_remove   the driver unbinding: memunmap_pages(), which waits until every
 *                       reference on the dev_pagemap is gone.
 * Zapping and write-protecting devmap entries is what the generic code does for present entries.
 *
 * Device-dax (drivers/dax/device.c) with a 1 GiB alignment: devdax_create makes a character
 * device whose memory is 1 GiB folios; its mappings must be MAP_SHARED, start and end on 1 GiB
 * (get_unmapped_area aligns them, may_split refuses other cuts), and fault whole 1 GiB devmap
 * PUD leaves (huge_fault: vmf_insert_pfn_pud, which takes the PUD lock); 4 KiB faults of it
 * are SIGBUS, as dev_dax_fault's alignment check gives.
 *
 * Locking: a fault runs in the step of handle_mm_fault's entry change (the ptl in the kernel);
 * nothing else here is shared.
 */
import { completed } from '../kernel/index.js';
import { FAULT_FLAG_WRITE, HPAGE_PUD_ORDER, PAGE_SIZE, PUD_SIZE, VM_FAULT_FALLBACK, VM_FAULT_NOPAGE, VM_FAULT_OOM, VM_FAULT_SIGBUS, VM_SHARED, VM_WRITE } from './constants.js';
import { EINVAL } from './errno.js';
import { AddressSpace, File } from './filemap.js';
import { __set_pte, vmf_insert_mixed, vmf_insert_pfn_pud } from './memory.js';
import { alloc_page, copy_subpage, DevPagemap, memremap_pages, memunmap_pages, pfn_to_page } from './page.js';
import { pte_alloc, pte_index, PTE_DIRTY, PTE_WRITE, rmap_add } from './pgtable.js';
import { anon_vma_prepare } from './vma.js';
/** A pmem namespace in fsdax mode with one file spanning it, or (`pud`) a 1 GiB-aligned device-dax. */
export class DaxDevice {
    label;
    npages;
    pud;
    pgmap;
    /** The first pfn of the range. */
    base;
    file;
    constructor(label, npages, pud = false) {
        this.label = label;
        this.npages = npages;
        this.pud = pud;
        this.pgmap = new DevPagemap('fsdax', null, {}, `${label} pgmap`);
        if (pud)
            this.pgmap.folio_order = HPAGE_PUD_ORDER;
        this.base = memremap_pages(this.pgmap, npages);
        const fops = pud ? { mmap: devdax_mmap, align: PUD_SIZE } : { mmap: dax_mmap };
        this.file = new File(`${label}/file`, new AddressSpace(`dax ${label}`, npages * PAGE_SIZE), fops, true);
        this.file.private_data = this;
    }
}
/** A device-dax of `gib` GiB with a 1 GiB alignment (its file is the character device). */
export function devdax_create(label, gib = 1) {
    return new DaxDevice(label, gib * (PUD_SIZE / PAGE_SIZE), true);
}
/** Bind a pmem device of `npages` pages (all of them backing its one file). */
export function dax_device_create(label, npages) {
    return new DaxDevice(label, npages);
}
/** The file of `dax`: mmap it to map the pmem pages. */
export function dax_file(dax) {
    return dax.file;
}
/** The pmem driver unbinds: memunmap_pages() (sleeps until the dev_pagemap is unused). */
export function* dax_device_remove(dax) {
    yield* memunmap_pages(dax.pgmap);
}
/** vma_is_dax(). */
export function vma_is_dax(vma) {
    return vma.vm_ops === daxVmOps || vma_is_devdax(vma);
}
const daxVmOps = { name: 'dax_vm_ops', fault: dax_fault };
function dax_mmap(_file, vma) {
    vma.vm_ops = daxVmOps;
    return completed(0);
}
const devdaxVmOps = { name: 'dax_vm_ops', fault: devdax_pte_fault, huge_fault: devdax_huge_fault, may_split: devdax_may_split };
/** dax_mmap() of drivers/dax/device.c: shared mappings only, on the device's alignment. */
function devdax_mmap(_file, vma) {
    if ((vma.vm_flags & VM_SHARED) === 0)
        return completed(-EINVAL);
    if (vma.vm_start % PUD_SIZE !== 0 || vma.vm_end % PUD_SIZE !== 0 || vma.vm_pgoff % (PUD_SIZE / PAGE_SIZE) !== 0)
        return completed(-EINVAL);
    vma.vm_ops = devdaxVmOps;
    return completed(0);
}
function devdax_may_split(_vma, addr) {
    return addr % PUD_SIZE === 0 ? 0 : -EINVAL;
}
/** A 4 KiB fault of a 1 GiB-aligned device: refused. */
function devdax_pte_fault(_vmf) {
    return completed(VM_FAULT_SIGBUS);
}
/** dev_dax_huge_fault() for a PUD: map the 1 GiB folio of the offset (writable on a write fault). */
function devdax_huge_fault(vmf, order) {
    if (order !== HPAGE_PUD_ORDER)
        return completed(VM_FAULT_FALLBACK);
    const vma = vmf.vma;
    const dax = vma.vm_file.private_data;
    const haddr = vmf.address - (vmf.address % PUD_SIZE);
    const pgoff = vma.vm_pgoff + (haddr - vma.vm_start) / PAGE_SIZE;
    if (pgoff >= dax.npages)
        return completed(VM_FAULT_SIGBUS);
    const page = pfn_to_page(dax.base + pgoff);
    if (page === null || page.kind !== 6 /* PageKind.FsDax */)
        return completed(VM_FAULT_SIGBUS);
    return vmf_insert_pfn_pud(vmf, page, (vmf.flags & FAULT_FLAG_WRITE) !== 0);
}
/** vma_is_dax() for a device-dax mapping. */
export function vma_is_devdax(vma) {
    return vma.vm_ops === devdaxVmOps;
}
/** dax_iomap_pte_fault(): map the pmem page of the faulting offset (see the header). */
function dax_fault(vmf) {
    const vma = vmf.vma;
    const dax = vma.vm_file.private_data;
    const pgoff = vma.vm_pgoff + (vmf.address - vma.vm_start) / PAGE_SIZE;
    if (pgoff >= dax.npages)
        return completed(VM_FAULT_SIGBUS);
    const page = pfn_to_page(dax.base + pgoff);
    if (page === null || page.kind !== 6 /* PageKind.FsDax */)
        return completed(VM_FAULT_SIGBUS);
    const write = (vmf.flags & FAULT_FLAG_WRITE) !== 0;
    if (!write || (vma.vm_flags & VM_SHARED) !== 0)
        return completed(vmf_insert_mixed(vma, vmf.address, page, write && (vma.vm_flags & VM_WRITE) !== 0));
    // The cow_page path: a private copy of the pmem page (the fault's entry change, its step).
    const t = pte_alloc(vma.vm_mm, vmf.address);
    if (t === null)
        return completed(VM_FAULT_OOM);
    const i = pte_index(vmf.address);
    if (t.kind[i] !== 0 /* PteKind.None */)
        return completed(VM_FAULT_NOPAGE);
    anon_vma_prepare(vma);
    const np = alloc_page(0 /* PageKind.Anon */);
    copy_subpage(np, 0, page, 0);
    rmap_add(np);
    __set_pte(t, i, 1 /* PteKind.Present */, PTE_WRITE | PTE_DIRTY, np.pfn);
    return completed(VM_FAULT_NOPAGE);
}
