import { type HmmVariant, type Selftest } from '../scenarios/selftests/harness.js';
export type Status = 'pass' | 'fail' | 'skip';
export interface SelftestResult {
    /** 1-based TAP number. */
    number: number;
    /** "hmm.hmm_device_private.anon_read". */
    name: string;
    fixture: string;
    variant: string;
    test: string;
    status: Status;
    /** SKIP reason or failure diagnostics (kselftest-style lines). */
    diagnostics: string[];
    elapsedMs: number;
    /** Exploration summary for explored tests ("dfs k=2: 812 executions, exhausted"). */
    explored?: string;
    executions: number;
    /** Replay token of a failing execution, if the failure came from the explorer. */
    token?: string;
}
export declare const DEFAULT_STEP_BUDGET = 50000000;
/**
 * The machine the suite runs on, as far as the tests can tell: the default huge page size
 * (the kernel's default_hugepagesz=, /proc/meminfo's Hugepagesize), 2 MiB or 1 GiB. With 1 GiB,
 * anon_write_hugetlbfs and compound map 1 GiB pages and compound checks its PUD branch. It
 * applies to the sequential tests; anon_teardown's explorations map no huge pages.
 */
export interface SelftestMachine {
    /** log2 of the default huge page size: 21 (2 MiB, the default) or 30 (1 GiB). */
    hugepage_shift: number;
}
export declare const DEFAULT_MACHINE: SelftestMachine;
/** Run one test on one variant. */
export declare function runSelftest(t: Selftest, variant: HmmVariant, number: number, machine?: SelftestMachine): SelftestResult;
export interface SelftestRun {
    results: SelftestResult[];
    elapsedMs: number;
    totals: {
        pass: number;
        fail: number;
        xfail: number;
        xpass: number;
        skip: number;
        error: number;
    };
}
/** The (test, variant) instances of `tests` in kselftest order: fixture by fixture, variant by variant. */
export declare function selftestInstances(tests: readonly Selftest[], variantFilter?: string): {
    test: Selftest;
    variant: HmmVariant;
}[];
/** Every test of `tests` on every variant of its fixture (or only `variantFilter`), in kselftest order. */
export declare function runSelftests(tests: readonly Selftest[], variantFilter?: string, onResult?: (r: SelftestResult) => void, machine?: SelftestMachine): SelftestRun;
export declare function tapHeader(total: number, cases: number): string[];
export declare function tapResult(r: SelftestResult): string[];
export declare function tapFooter(run: SelftestRun): string[];
