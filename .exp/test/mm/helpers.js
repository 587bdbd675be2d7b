/* Helpers shared by the mm tests. */
import assert from 'node:assert/strict';
import * as mm from '../../src/mm/index.js';
import { runOne } from '../helpers.js';
export const RW = mm.PROT_READ | mm.PROT_WRITE;
export const ANON = mm.MAP_PRIVATE | mm.MAP_ANONYMOUS;
/** Run one thread body; it must end without any report. Returns its value. */
export function clean(fn) {
    const { value, result } = runOne(fn);
    assert.deepEqual(result.violations.map((v) => `${v.kind}: ${v.title}`), []);
    return value;
}
/** A notifier recording "start EVENT a-b" / "end ..." (" nonblock" when not blockable) / "release". */
export function recorder(log, opts = {}) {
    const fmt = (r) => `${mm.MMU_NOTIFY_EVENT_NAMES[r.event]} ${r.start.toString(16)}-${r.end.toString(16)}${mm.mmu_notifier_range_blockable(r) ? '' : ' nonblock'}`;
    return {
        *invalidate_range_start(_s, r) {
            log.push(`start ${fmt(r)}`);
            return opts.failNonblock && !mm.mmu_notifier_range_blockable(r) ? -mm.EAGAIN : 0;
        },
        *invalidate_range_end(_s, r) {
            log.push(`end ${fmt(r)}`);
        },
        *release() {
            log.push('release');
        },
    };
}
