import { type MmStruct } from '../mm/index.js';
import type { DeviceFile } from './dmirror/dmirror.js';
/** struct gup_test. */
export interface GupTest {
    get_delta_usec: number;
    put_delta_usec: number;
    addr: number;
    size: number;
    nr_pages_per_call: number;
    gup_flags: number;
    test_flags: number;
}
export declare const GUP_FAST_BENCHMARK: number;
export declare const PIN_FAST_BENCHMARK: number;
export declare const PIN_LONGTERM_BENCHMARK: number;
export declare const GUP_BASIC_TEST: number;
export declare const PIN_BASIC_TEST: number;
export declare const GUP_TEST_PATH = "/sys/kernel/debug/gup_test";
/** open() of the debugfs file: a file bound to the opener's mm (GUP works on current->mm). */
export declare function gup_test_open(task: {
    mm: MmStruct | null;
}): DeviceFile | number;
