/*
 * A small kselftest_harness.h for the ported HMM selftests: fixtures with variants, TEST_F
 * bodies written as model threads, ASSERT_* that end the execution with an `assertion`
 * violation, SKIP, and a runner that prints kselftest-style TAP.
 *
 * A test runs inside one model execution: the "test process" is a model thread using the mm
 * process API and the dmirror ioctls, exactly as hmm-tests.c uses syscalls. Sequential tests
 * (everything but anon_teardown) run once with a deterministic scheduler. A test whose
 * concurrency matters (anon_teardown) is not run with wall-clock threads: its interleavings are
 * explored by the explorer (dfs with a preemption bound) and every explored execution must pass.
 * The runner and the TAP output live in src/cli/selftest_runner.ts (they drive the explorer,
 * which sits above the scenarios).
 *
 * Owns no model state; every execution builds its own devices and processes.
 */
import { check, cur } from '../../kernel/index.js';
/** Selftests run on today's contract. */
export const SELFTEST_DESIGN = 'v6';
export const HMM_PRIVATE_DEVICE_ONE = 0;
export const HMM_PRIVATE_DEVICE_TWO = 1;
export const HMM_COHERENCE_DEVICE_ONE = 2;
export const HMM_COHERENCE_DEVICE_TWO = 3;
export const HMM_VARIANTS = [
    { name: 'hmm_device_private', device_number: HMM_PRIVATE_DEVICE_ONE },
    { name: 'hmm_device_coherent', device_number: HMM_COHERENCE_DEVICE_ONE },
];
export const HMM2_VARIANTS = [
    { name: 'hmm2_device_private', device_number: HMM_PRIVATE_DEVICE_ONE, device_number1: HMM_PRIVATE_DEVICE_TWO },
    { name: 'hmm2_device_coherent', device_number: HMM_COHERENCE_DEVICE_ONE, device_number1: HMM_COHERENCE_DEVICE_TWO },
];
/** Each fixture's variants, in the order kselftest runs them (fixture, variant, test). */
export const FIXTURE_VARIANTS = { hmm: HMM_VARIANTS, hmm2: HMM2_VARIANTS };
export function hmm_is_coherent_type(dev_num) {
    return dev_num >= HMM_COHERENCE_DEVICE_ONE;
}
export const STATE_KEY = 'selftests.state';
export function test_state() {
    let s = cur.ext.get(STATE_KEY);
    if (s === undefined) {
        s = { test: '?', skipped: null };
        cur.ext.set(STATE_KEY, s);
    }
    return s;
}
function fmt(v) {
    if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) > 0xffff)
        return `${v} (0x${(v >>> 0 === v ? v : v).toString(16)})`;
    return String(v);
}
function fail(what) {
    check(false, `hmm-tests.c:${test_state().test}:${what}`);
    throw new Error('unreachable');
}
/* The kselftest messages: "Expected <lhs> (<value>) == <rhs> (<value>)". */
export function ASSERT_EQ(got, expected, lhs, rhs = String(expected)) {
    if (got !== expected)
        fail(`Expected ${lhs} (${fmt(got)}) == ${rhs} (${fmt(expected)})`);
}
export function ASSERT_NE(got, unexpected, lhs, rhs = String(unexpected)) {
    if (got === unexpected)
        fail(`Expected ${lhs} (${fmt(got)}) != ${rhs} (${fmt(unexpected)})`);
}
/** The value is one of those the kernel allows here (a race decides which). */
export function check_one_of(got, allowed, lhs) {
    if (!allowed.includes(got))
        fail(`Expected ${lhs} (${fmt(got)}) to be one of ${allowed.join(', ')}`);
}
export function ASSERT_GE(got, min, lhs, rhs = String(min)) {
    if (!(got >= min))
        fail(`Expected ${lhs} (${fmt(got)}) >= ${rhs} (${fmt(min)})`);
}
/**
 * Check every int slot of a buffer against a pattern, failing on the first mismatch with the
 * kernel's message for `ASSERT_EQ(ptr[i], expr)`. `get(i)` reads slot i.
 */
export function ASSERT_EACH(n, get, want, lhs, rhs) {
    for (let i = 0; i < n; i++) {
        const g = get(i);
        const w = want(i);
        if (g !== w)
            fail(`Expected ${lhs.replace('[i]', `[${i}]`)} (${g}) == ${rhs.replace(/\bi\b/g, String(i))} (${w})`);
    }
}
/** EXPECT_*: a failure is reported and fails the test, and the test goes on (kselftest's soft asserts). */
function soft_fail(what) {
    cur.report('assertion', `ASSERTION FAILED: hmm-tests.c:${test_state().test}:${what}`, `hmm-tests.c:${test_state().test}:${what}`, [`checked by thread ${cur.current.name} at step ${cur.steps}`], false);
}
export function EXPECT_EQ(expected, got, lhs, rhs) {
    if (got !== expected)
        soft_fail(`Expected ${lhs} (${fmt(expected)}) == ${rhs} (${fmt(got)})`);
}
export function EXPECT_NE(unexpected, got, lhs, rhs) {
    if (got === unexpected)
        soft_fail(`Expected ${lhs} (${fmt(unexpected)}) != ${rhs} (${fmt(got)})`);
}
/** SKIP(return, reason): mark the test skipped; the body then returns. */
export function SKIP(reason) {
    test_state().skipped = reason;
}
