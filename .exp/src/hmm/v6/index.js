/*
 * Design v6 as a driver sees it: include/linux/hmm.h (hmm_range_fault and the pfn encoding)
 * plus the interval-notifier half of include/linux/mmu_notifier.h.
 */
export * from './hmm.js';
export { MmuIntervalNotifier, mmu_interval_notifier_insert, mmu_interval_notifier_insert_locked, mmu_interval_notifier_remove, mmu_interval_read_begin, mmu_interval_read_retry, mmu_interval_check_retry, mmu_interval_set_seq, mmu_interval_check_program, mmu_interval_notifier_start, mmu_interval_notifier_last, mmu_itree_state, } from '../../mm/interval_notifier.js';
