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
 * Locking: a fault runs in the step of handle_mm_fault's entry change (the ptl in the kernel);
 * nothing else here is shared.
 */

import { completed, type Sched } from '../kernel/index.js';
import { FAULT_FLAG_WRITE, PAGE_SIZE, VM_FAULT_NOPAGE, VM_FAULT_OOM, VM_FAULT_SIGBUS, VM_SHARED, VM_WRITE } from './constants.js';
import { AddressSpace, File } from './filemap.js';
import { __set_pte, vmf_insert_mixed } from './memory.js';
import { alloc_page, copy_subpage, DevPagemap, memremap_pages, memunmap_pages, PageKind, pfn_to_page, type VmFault } from './page.js';
import { pte_alloc, pte_index, PteKind, PTE_DIRTY, PTE_WRITE, rmap_add } from './pgtable.js';
import { anon_vma_prepare, type VmAreaStruct, type VmOperationsStruct } from './vma.js';

/** A pmem namespace in fsdax mode with one file spanning it. */
export class DaxDevice {
  readonly pgmap: DevPagemap;
  /** The first pfn of the range. */
  readonly base: number;
  readonly file: File;
  constructor(
    readonly label: string,
    readonly npages: number,
  ) {
    this.pgmap = new DevPagemap('fsdax', null, {}, `${label} pgmap`);
    this.base = memremap_pages(this.pgmap, npages);
    this.file = new File(`${label}/file`, new AddressSpace(`dax ${label}`, npages * PAGE_SIZE), { mmap: dax_mmap }, true);
    this.file.private_data = this;
  }
}

/** Bind a pmem device of `npages` pages (all of them backing its one file). */
export function dax_device_create(label: string, npages: number): DaxDevice {
  return new DaxDevice(label, npages);
}

/** The file of `dax`: mmap it to map the pmem pages. */
export function dax_file(dax: DaxDevice): File {
  return dax.file;
}

/** The pmem driver unbinds: memunmap_pages() (sleeps until the dev_pagemap is unused). */
export function* dax_device_remove(dax: DaxDevice): Sched {
  yield* memunmap_pages(dax.pgmap);
}

/** vma_is_dax(). */
export function vma_is_dax(vma: VmAreaStruct): boolean {
  return vma.vm_ops === daxVmOps;
}

const daxVmOps: VmOperationsStruct = { name: 'dax_vm_ops', fault: dax_fault };

function dax_mmap(_file: File, vma: VmAreaStruct): Sched<number> {
  vma.vm_ops = daxVmOps;
  return completed(0);
}

/** dax_iomap_pte_fault(): map the pmem page of the faulting offset (see the header). */
function dax_fault(vmf: VmFault): Sched<number> {
  const vma = vmf.vma;
  const dax = vma.vm_file!.private_data as DaxDevice;
  const pgoff = vma.vm_pgoff + (vmf.address - vma.vm_start) / PAGE_SIZE;
  if (pgoff >= dax.npages) return completed(VM_FAULT_SIGBUS);
  const page = pfn_to_page(dax.base + pgoff);
  if (page === null || page.kind !== PageKind.FsDax) return completed(VM_FAULT_SIGBUS);
  const write = (vmf.flags & FAULT_FLAG_WRITE) !== 0;
  if (!write || (vma.vm_flags & VM_SHARED) !== 0) return completed(vmf_insert_mixed(vma, vmf.address, page, write && (vma.vm_flags & VM_WRITE) !== 0));
  // The cow_page path: a private copy of the pmem page (the fault's entry change, its step).
  const t = pte_alloc(vma.vm_mm, vmf.address);
  if (t === null) return completed(VM_FAULT_OOM);
  const i = pte_index(vmf.address);
  if (t.kind[i] !== PteKind.None) return completed(VM_FAULT_NOPAGE);
  anon_vma_prepare(vma);
  const np = alloc_page(PageKind.Anon);
  copy_subpage(np, 0, page, 0);
  rmap_add(np);
  __set_pte(t, i, PteKind.Present, PTE_WRITE | PTE_DIRTY, np.pfn);
  return completed(VM_FAULT_NOPAGE);
}
