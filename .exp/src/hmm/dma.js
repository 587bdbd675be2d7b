/*
 * hmm_range_dma_map() / hmm_range_dma_unmap() of 5.2 and 5.3 (the bodies did not change between
 * the two; 5.3 dropped the unused vma argument of unmap). The DMA address of a page is its
 * physical address: the model has no IOMMU.
 */
import { READ_ONCE } from '../kernel/index.js';
import { EBUSY, EINVAL, pfn_to_page, set_page_dirty } from '../mm/index.js';
import { HMM_PFN_ERROR, HMM_PFN_NONE, HMM_PFN_SPECIAL, HMM_PFN_VALID, HMM_PFN_WRITE } from './walk.js';
/** The pfn an output entry holds, or -1 for the special values and invalid entries. */
function hmm_entry_pfn(range, e) {
    if (e === range.values[HMM_PFN_NONE] || e === range.values[HMM_PFN_ERROR] || e === range.values[HMM_PFN_SPECIAL])
        return -1;
    if ((e & range.flags[HMM_PFN_VALID]) === 0n)
        return -1;
    return Number(e >> BigInt(range.pfn_shift));
}
/** Fault the range with the release's hmm_range_fault, then map every valid page. */
export function* hmm_dma_map_range(fault, range, daddrs, block) {
    const ret = yield* fault(range, block);
    if (ret <= 0)
        return ret !== 0 ? ret : -EBUSY;
    const npages = (range.end - range.start) / 4096;
    let mapped = 0;
    for (let i = 0; i < npages; i++) {
        daddrs[i] = 0;
        const pfn = hmm_entry_pfn(range, range.pfns[i]);
        if (pfn < 0)
            continue;
        // The unlocked validity check of every page: its own step.
        if (!(yield* READ_ONCE(range, 'valid'))) {
            for (let j = 0; j < i; j++)
                daddrs[j] = 0;
            return -EBUSY;
        }
        daddrs[i] = pfn * 4096;
        mapped++;
    }
    return mapped;
}
/**
 * Unmap every valid entry, reset it to NONE and its DMA address to 0; the count unmapped. With
 * `dirty`, a page the device could write (its entry has the WRITE flag) is marked dirty first
 * (set_page_dirty), so that reclaim does not drop what the device wrote: an atomic page-flag
 * update, its own step. The caller holds what keeps the pages alive (its notifier lock).
 */
export function* hmm_dma_unmap_range(range, daddrs, dirty) {
    if (range.end <= range.start || daddrs === null || range.pfns.length === 0)
        return -EINVAL;
    let n = 0;
    const npages = (range.end - range.start) / 4096;
    for (let i = 0; i < npages; i++) {
        const pfn = hmm_entry_pfn(range, range.pfns[i]);
        if (pfn < 0)
            continue;
        if (dirty && (range.pfns[i] & range.flags[HMM_PFN_WRITE]) !== 0n) {
            const page = pfn_to_page(pfn);
            if (page !== null)
                yield* set_page_dirty(page);
        }
        range.pfns[i] = range.values[HMM_PFN_NONE];
        daddrs[i] = 0;
        n++;
    }
    return n;
}
