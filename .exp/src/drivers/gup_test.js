/*
 * mm/gup_test.c in the model: the debugfs file /sys/kernel/debug/gup_test (CONFIG_GUP_TEST),
 * whose ioctls take references or pins on a range of the caller's memory with one of the GUP
 * entry points and then drop them again. hmm_gup_test uses it to show what GUP does to device
 * memory: any GUP brings a device-private page back to system memory (the fault path), a
 * long-term pin also moves a device-coherent page out.
 *
 * struct gup_test (the ioctl argument): addr, size, nr_pages_per_call, gup_flags, test_flags;
 * the timing fields are not modelled (get/put_delta_usec stay 0).
 *
 * What each command does, as the kernel driver: the range is walked nr_pages_per_call pages at
 * a time with the command's GUP call (GUP_FAST_BENCHMARK get_user_pages_fast,
 * PIN_FAST_BENCHMARK pin_user_pages_fast, GUP_BASIC_TEST get_user_pages, PIN_BASIC_TEST
 * pin_user_pages, PIN_LONGTERM_BENCHMARK pin_user_pages | FOLL_LONGTERM), stopping at the first
 * call that returns nothing; then every page obtained is put back (put_page or unpin). The
 * ioctl returns 0 whatever GUP returned (as the kernel's does); -EINVAL for an unknown command
 * or a size that is not a whole number of pages.
 *
 * Locking: the slow paths run under mmap_read_lock of the caller's mm, taken here; the fast
 * ones take it themselves when they fall back.
 */
import { EINVAL, file_create, FOLL_LONGTERM, get_user_pages, get_user_pages_fast, gup_put_page, mmap_read_lock, mmap_read_unlock, PAGE_SIZE, pin_user_pages, pin_user_pages_fast, unpin_user_page, } from '../mm/index.js';
/* _IOWR('g', nr, struct gup_test): 80 bytes. */
const GUP_TEST_SIZE = 80;
function _IOWR(nr) {
    return ((3 << 30) >>> 0) + (GUP_TEST_SIZE << 16) + ('g'.charCodeAt(0) << 8) + nr;
}
export const GUP_FAST_BENCHMARK = _IOWR(1);
export const PIN_FAST_BENCHMARK = _IOWR(2);
export const PIN_LONGTERM_BENCHMARK = _IOWR(3);
export const GUP_BASIC_TEST = _IOWR(4);
export const PIN_BASIC_TEST = _IOWR(5);
const PINS = new Set([PIN_FAST_BENCHMARK, PIN_BASIC_TEST, PIN_LONGTERM_BENCHMARK]);
/** One call of the command's GUP entry point: the pfns obtained, or a negative errno. */
function* gup_call(cmd, mm, addr, nr, flags) {
    switch (cmd) {
        case GUP_FAST_BENCHMARK:
            return yield* get_user_pages_fast(mm, addr, nr, flags);
        case PIN_FAST_BENCHMARK:
            return yield* pin_user_pages_fast(mm, addr, nr, flags);
        default: {
            yield* mmap_read_lock(mm);
            const r = cmd === GUP_BASIC_TEST
                ? yield* get_user_pages(mm, addr, nr, flags)
                : cmd === PIN_BASIC_TEST
                    ? yield* pin_user_pages(mm, addr, nr, flags)
                    : yield* pin_user_pages(mm, addr, nr, flags | FOLL_LONGTERM);
            yield* mmap_read_unlock(mm);
            return r;
        }
    }
}
/** __gup_test_ioctl(). */
function* gup_test_ioctl(mm, cmd, gup) {
    if (cmd !== GUP_FAST_BENCHMARK && cmd !== GUP_BASIC_TEST && !PINS.has(cmd))
        return -EINVAL;
    if (gup.size % PAGE_SIZE !== 0 || gup.nr_pages_per_call <= 0)
        return -EINVAL;
    const pages = [];
    const end = gup.addr + gup.size;
    let nr = gup.nr_pages_per_call;
    for (let addr = gup.addr, next; addr < end; addr = next) {
        if (nr !== gup.nr_pages_per_call)
            break;
        next = addr + nr * PAGE_SIZE;
        if (next > end) {
            next = end;
            nr = (next - addr) / PAGE_SIZE;
        }
        const r = yield* gup_call(cmd, mm, addr, nr, gup.gup_flags);
        if (typeof r === 'number' || r.length === 0)
            break;
        pages.push(...r);
        nr = r.length;
    }
    gup.get_delta_usec = 0;
    // put_back_pages()
    for (const pfn of pages) {
        if (PINS.has(cmd))
            yield* unpin_user_page(pfn);
        else
            yield* gup_put_page(pfn);
    }
    gup.put_delta_usec = 0;
    return 0;
}
class GupTestFile {
    mm;
    file = file_create('/sys/kernel/debug/gup_test', 0, { writable: true });
    constructor(mm) {
        this.mm = mm;
    }
    *ioctl(request, arg) {
        return yield* gup_test_ioctl(this.mm, request, arg);
    }
    *release() { }
}
export const GUP_TEST_PATH = '/sys/kernel/debug/gup_test';
/** open() of the debugfs file: a file bound to the opener's mm (GUP works on current->mm). */
export function gup_test_open(task) {
    if (task.mm === null)
        return -EINVAL;
    return new GupTestFile(task.mm);
}
