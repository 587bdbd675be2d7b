/*
 * range-double-unregister — reference/hmm-design.md §4.10 (v4 10 "Poison hmm_range during
 * unregister").
 *
 *   gpu0  a driver error path registers a range, unregisters it, and unregisters it again.
 *   5.2: hmm_range_unregister() returns silently when range->hmm is NULL: the bug is hidden.
 *   5.3: range->hmm is poisoned by the first call; the second dereferences the poison.
 * v5.2: clean (silently accepted). v5.3: poison-deref in every execution.
 */
import { check, spawn } from '../../kernel/index.js';
import { PAGE_SHIFT, PAGE_SIZE, errname } from '../../mm/index.js';
import * as h52 from '../../hmm/v5.2/hmm.js';
import * as h53 from '../../hmm/v5.3/hmm.js';
import { fill_fault_range } from '../../drivers/v5/common.js';
import { clean, everyExecution } from '../types.js';
import { page_addr, world_init } from './world.js';
function* error_path(w) {
    const a = page_addr(w, 0);
    if (w.design === 'v5.2') {
        const range = new h52.HmmRange();
        fill_fault_range(range, a, false);
        const r = yield* h52.hmm_range_register(range, w.mm, a, a + PAGE_SIZE, PAGE_SHIFT);
        check(r === 0, `hmm_range_register: ${errname(r)}`);
        yield* h52.hmm_range_unregister(range);
        yield* h52.hmm_range_unregister(range);
    }
    else {
        const range = new h53.HmmRange();
        fill_fault_range(range, a, false);
        const r = yield* h53.hmm_range_register(range, w.drivers[0].mirror, a, a + PAGE_SIZE, PAGE_SHIFT);
        check(r === 0, `hmm_range_register: ${errname(r)}`);
        yield* h53.hmm_range_unregister(range);
        yield* h53.hmm_range_unregister(range);
    }
    void null;
}
function* init(design) {
    const w = yield* world_init(design, 1, 1);
    spawn('gpu0', () => error_path(w));
}
export const rangeDoubleUnregister = {
    name: 'range-double-unregister',
    group: 'races',
    description: '§4.10: a driver unregisters a range twice',
    designs: { 'v5.2': clean(), 'v5.3': everyExecution('poison-deref') },
    setup(design) {
        spawn('init', () => init(design));
    },
};
