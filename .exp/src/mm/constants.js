/*
 * Sizes and flag values shared by the mm model: page/PMD/PUD geometry, vm_flags, the mmap /
 * mprotect / madvise uapi values, fault flags and vm_fault_t bits. Values follow Linux
 * (x86-64) so traces read like the kernel's. Owns no state; no locking.
 */
export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_MASK = -PAGE_SIZE; // use with Math.floor helpers below, not bit ops, above 2^31
export const PTRS_PER_PTE = 512;
export const PMD_SHIFT = 21;
export const PMD_SIZE = 2 ** PMD_SHIFT;
export const PUD_SHIFT = 30;
export const PUD_SIZE = 2 ** PUD_SHIFT;
/** Order of a PMD-size folio (THP, 2 MiB hugetlb) and of a PUD-size one (1 GiB hugetlb). */
export const HPAGE_PMD_ORDER = PMD_SHIFT - PAGE_SHIFT;
export const HPAGE_PMD_NR = 1 << HPAGE_PMD_ORDER;
export const HPAGE_PUD_ORDER = PUD_SHIFT - PAGE_SHIFT;
/** Top of the user address space (47-bit, as x86-64 without LA57). */
export const TASK_SIZE = 2 ** 47 - PAGE_SIZE;
/** Where get_unmapped_area starts searching (bottom-up in this model). */
export const TASK_UNMAPPED_BASE = 0x7f00_0000_0000 / 2; // 0x3f8000000000, well inside TASK_SIZE
export const ULONG_MAX = 2 ** 64 - 1;
/** Address helpers that stay exact for 47-bit addresses (JS bit ops are 32-bit). */
export function page_align_down(a) {
    return a - (a % PAGE_SIZE);
}
export function page_align(a) {
    const r = a % PAGE_SIZE;
    return r === 0 ? a : a + PAGE_SIZE - r;
}
export function align_down(a, size) {
    return a - (a % size);
}
export function align_up(a, size) {
    const r = a % size;
    return r === 0 ? a : a + size - r;
}
export function is_aligned(a, size) {
    return a % size === 0;
}
/* vm_flags (include/linux/mm.h). */
export const VM_NONE = 0;
export const VM_READ = 0x1;
export const VM_WRITE = 0x2;
export const VM_EXEC = 0x4;
export const VM_SHARED = 0x8;
export const VM_MAYREAD = 0x10;
export const VM_MAYWRITE = 0x20;
export const VM_MAYEXEC = 0x40;
export const VM_MAYSHARE = 0x80;
export const VM_GROWSDOWN = 0x100;
export const VM_PFNMAP = 0x400;
export const VM_LOCKED = 0x2000;
export const VM_IO = 0x4000;
export const VM_DONTCOPY = 0x20000;
export const VM_DONTEXPAND = 0x40000;
export const VM_NORESERVE = 0x200000;
export const VM_HUGETLB = 0x400000;
export const VM_WIPEONFORK = 0x2000000;
export const VM_DONTDUMP = 0x4000000;
export const VM_MIXEDMAP = 0x10000000;
export const VM_HUGEPAGE = 0x20000000;
export const VM_NOHUGEPAGE = 0x40000000;
export const VM_ACCESS_FLAGS = VM_READ | VM_WRITE | VM_EXEC;
/** VMAs HMM (and the OOM reaper, GUP...) cannot mirror: no struct page behind them. */
export const VM_SPECIAL = VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP;
/* mmap prot / flags (uapi/asm-generic/mman-common.h, x86 values). */
export const PROT_NONE = 0x0;
export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const PROT_EXEC = 0x4;
export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
/** MAP_SHARED with validation of the other flags (unknown ones: -EOPNOTSUPP). */
export const MAP_SHARED_VALIDATE = 0x03;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MAP_NORESERVE = 0x4000;
export const MAP_POPULATE = 0x8000;
export const MAP_HUGETLB = 0x40000;
export const MAP_FIXED_NOREPLACE = 0x100000;
export const MAP_HUGE_SHIFT = 26;
export const MAP_HUGE_2MB = 21 << MAP_HUGE_SHIFT;
export const MAP_HUGE_1GB = 30 << MAP_HUGE_SHIFT;
export const MAP_HUGE_MASK = 0x3f;
/* mremap(2) flags. */
export const MREMAP_MAYMOVE = 1;
export const MREMAP_FIXED = 2;
export const MREMAP_DONTUNMAP = 4;
/* madvise advice values. */
export const MADV_NORMAL = 0;
export const MADV_DONTNEED = 4;
export const MADV_FREE = 8;
export const MADV_HUGEPAGE = 14;
export const MADV_NOHUGEPAGE = 15;
export const MADV_COLLAPSE = 25;
/* Fault flags (enum fault_flag). */
export const FAULT_FLAG_WRITE = 1 << 0;
export const FAULT_FLAG_MKWRITE = 1 << 1;
export const FAULT_FLAG_ALLOW_RETRY = 1 << 2;
export const FAULT_FLAG_RETRY_NOWAIT = 1 << 3;
export const FAULT_FLAG_KILLABLE = 1 << 4;
export const FAULT_FLAG_TRIED = 1 << 5;
export const FAULT_FLAG_USER = 1 << 6;
export const FAULT_FLAG_REMOTE = 1 << 7;
export const FAULT_FLAG_INSTRUCTION = 1 << 8;
/* vm_fault_t bits (enum vm_fault_reason). */
export const VM_FAULT_OOM = 0x000001;
export const VM_FAULT_SIGBUS = 0x000002;
export const VM_FAULT_MAJOR = 0x000004;
export const VM_FAULT_HWPOISON = 0x000010;
export const VM_FAULT_HWPOISON_LARGE = 0x000020;
export const VM_FAULT_SIGSEGV = 0x000040;
export const VM_FAULT_NOPAGE = 0x000100;
export const VM_FAULT_LOCKED = 0x000200;
export const VM_FAULT_RETRY = 0x000400;
export const VM_FAULT_FALLBACK = 0x000800;
export const VM_FAULT_DONE_COW = 0x001000;
export const VM_FAULT_COMPLETED = 0x004000;
export const VM_FAULT_ERROR = VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV | VM_FAULT_HWPOISON | VM_FAULT_HWPOISON_LARGE | VM_FAULT_FALLBACK;
/* mm->flags bits (MMF_*). */
export const MMF_OOM_SKIP = 1 << 21;
export const MMF_UNSTABLE = 1 << 22;
export const MMF_OOM_VICTIM = 1 << 25;
