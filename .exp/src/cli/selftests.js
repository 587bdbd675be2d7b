/*
 * `hmmsim selftests [--json] [--test <name>] [--variant <name>] [--default-hugepagesz 2M|1G]`:
 * run the ported kernel HMM selftests against the model and print kselftest-style TAP (or JSON).
 * Exit 0 when every test passed (or was skipped), 1 on any failure, 2 on bad usage.
 */
import { Option } from 'commander';
import { FIXTURE_VARIANTS } from '../scenarios/selftests/harness.js';
import { PMD_SHIFT, PUD_SHIFT } from '../mm/index.js';
import { runSelftests, selftestInstances, tapFooter, tapHeader, tapResult } from './selftest_runner.js';
import { HMM_SELFTESTS } from '../scenarios/selftests/index.js';
import { UsageError } from './scenario_source.js';
import { selftestsJson } from '../report/json.js';
function print(s) {
    process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
}
export function registerSelftestsCommand(program) {
    program
        .command('selftests')
        .description("run the ported kernel HMM selftests (hmm-tests.c) against the model; TAP output, exit 1 on any failure")
        .option('--json', 'machine-readable per-test results')
        .option('--test <name>', 'only this test (e.g. anon_read)')
        .addOption(new Option('--variant <variant>', 'only this fixture variant').choices([...FIXTURE_VARIANTS.hmm, ...FIXTURE_VARIANTS.hmm2].map((v) => v.name)))
        .addOption(new Option('--default-hugepagesz <size>', "the machine's default huge page size (the kernel's default_hugepagesz=)").choices(['2M', '1G']).default('2M'))
        .action((o) => {
        const machine = { hugepage_shift: o.defaultHugepagesz === '1G' ? PUD_SHIFT : PMD_SHIFT };
        let tests = HMM_SELFTESTS;
        if (o.test !== undefined) {
            tests = tests.filter((t) => t.name === o.test);
            if (tests.length === 0)
                throw new UsageError(`unknown selftest '${o.test}' (tests: ${HMM_SELFTESTS.map((t) => t.name).join(', ')})`);
        }
        const total = selftestInstances(tests, o.variant).length;
        if (total === 0)
            throw new UsageError(`no instance of ${o.test ?? 'any test'} in variant '${o.variant}' (hmm2 tests: migrate_mixed, snapshot, double_map)`);
        if (!o.json)
            for (const l of tapHeader(total, total))
                print(l);
        const run = runSelftests(tests, o.variant, o.json ? undefined : (r) => print(tapResult(r).join('\n')), machine);
        if (o.json) {
            print(JSON.stringify(selftestsJson(run.totals.fail === 0, run.elapsedMs, run.totals, run.results.map((r) => ({
                number: r.number,
                name: r.name,
                fixture: r.fixture,
                variant: r.variant,
                test: r.test,
                status: r.status,
                diagnostics: r.diagnostics,
                elapsedMs: r.elapsedMs,
                executions: r.executions,
                ...(r.explored !== undefined ? { explored: r.explored } : {}),
                ...(r.token !== undefined ? { token: r.token } : {}),
            }))), null, 2));
        }
        else {
            for (const l of tapFooter(run))
                print(l);
        }
        process.exitCode = run.totals.fail === 0 ? 0 : 1;
    });
}
