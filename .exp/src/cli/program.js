/*
 * The hmmsim commands (list, explore, replay, check, kinds). Exit codes: 0 nothing found /
 * everything as expected, 1 a violation was found (or check mismatched), 2 bad usage or bad
 * input (one line on stderr, never a stack trace). main.ts runs this under a watchdog.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { currentHeartbeat, ExplorationStop, ModelError, ScenarioError, VIOLATION_KINDS } from '../kernel/index.js';
import { ReplayMismatch } from '../explore/replay.js';
import { DEFAULT_OPTIONS, explore, replayToken } from '../explore/run.js';
import { STRATEGIES } from '../explore/strategy.js';
import { TokenError } from '../explore/token.js';
import { describeExpectation } from '../explore/verdict.js';
import { checkJson, exploreJson, listJson, replayJson } from '../report/json.js';
import { renderExploreSummary, renderReplay, wrapLines } from '../report/text.js';
import { addHelpTexts, terminalWidth } from './help.js';
import { builtinScenarios } from '../scenarios/index.js';
import { defaultJobs, runCheckJobs } from './check_pool.js';
import { resolveScenario, scenarioForToken, UsageError } from './scenario_source.js';
import { registerSelftestsCommand } from './selftests.js';
import { registerCompareCommand } from './compare.js';
import { registerHistoryCommand } from './history.js';
import { addPictureOptions, checkPictureOptions, wantsPictures, writePictures } from './pictures.js';
import { parseShard, printMerged, registerMergeCommand, runShardJobs } from './shard_commands.js';
import { progressLine } from './progress.js';
import { CheckpointError } from '../explore/checkpoint.js';
function intArg(name, min) {
    return (v) => {
        if (!/^[0-9]+$/.test(v.trim()))
            throw new InvalidArgumentError(`${name} must be an integer >= ${min}`);
        const n = Number(v);
        if (!Number.isSafeInteger(n) || n < min)
            throw new InvalidArgumentError(`${name} must be an integer >= ${min}`);
        return n;
    };
}
function posNumber(name) {
    return (v) => {
        const n = Number(v);
        if (v.trim() === '' || !Number.isFinite(n) || n <= 0)
            throw new InvalidArgumentError(`${name} must be a positive number`);
        return n;
    };
}
function pickDesign(sc, design) {
    const designs = Object.keys(sc.designs);
    if (design === undefined)
        return designs[0];
    if (!designs.includes(design))
        throw new UsageError(`scenario '${sc.name}' has no design '${design}' (designs: ${designs.join(', ')})`);
    return design;
}
function print(s) {
    process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
}
/** Text for a person: long prose lines wrap to the terminal's width. */
function say(s) {
    print(wrapLines(s, terminalWidth()));
}
export function buildProgram() {
    const program = new Command();
    program
        .name('hmmsim')
        .description('Executable model of Linux HMM and mmu notifiers, with a schedule explorer')
        .showHelpAfterError(false)
        .version(packageVersion(), '-V, --version', 'print the hmmsim version')
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s) });
    program
        .command('list')
        .description('built-in scenarios with their designs and expected outcome per design')
        .option('--json', 'machine-readable output')
        .action((o) => {
        if (o.json) {
            print(JSON.stringify(listJson(builtinScenarios, describeExpectation), null, 2));
            return;
        }
        const w = Math.max(...builtinScenarios.map((s) => s.name.length));
        let group = '';
        for (const s of builtinScenarios) {
            if (s.group !== group)
                print(`${group ? '\n' : ''}[${(group = s.group)}]`);
            const designs = Object.entries(s.designs).map(([d, e]) => `${d}: ${describeExpectation(e)}`).join('; ');
            print(`  ${s.name.padEnd(w)}  ${designs}`);
            print(`  ${' '.repeat(w)}  ${s.description}`);
        }
    });
    const exploreCmd = program
        .command('explore')
        .description('explore the interleavings of a scenario; exit 1 if a violation is found')
        .argument('<scenario>', 'scenario name (see list)')
        .option('--design <design>', 'design to run (default: the first the scenario lists)')
        .addOption(new Option('--strategy <strategy>', 'search strategy').choices(STRATEGIES).default(DEFAULT_OPTIONS.strategy))
        .option('--seed <n>', 'seed of random and pct', intArg('--seed', 0), DEFAULT_OPTIONS.seed)
        .option('--executions <n>', `maximum executions (default: ${DEFAULT_OPTIONS.executions} for random and pct, no limit for dfs)`, intArg('--executions', 1))
        .option('--seconds <s>', 'wall-clock budget in seconds', posNumber('--seconds'), DEFAULT_OPTIONS.seconds)
        .option('--preemptions <k>', 'dfs preemption bound (dpor: none unless given)', intArg('--preemptions', 0), DEFAULT_OPTIONS.preemptions)
        .option('--depth <d>', 'pct depth', intArg('--depth', 1), DEFAULT_OPTIONS.depth)
        .option('--steps <n>', 'step budget per execution (livelock threshold)', intArg('--steps', 1))
        .option('--all', 'keep going after the first violation and collect distinct ones')
        .option('--no-shrink', 'report violations as found, without shrinking their schedules')
        .option('--shard <I/N>', 'explore only shard I of N: dfs, dpor by subtree, random, pct by execution range (combine the --json outputs with hmmsim merge)', parseShard)
        .option('--jobs <n>', 'explore on N worker threads and merge them (dfs, dpor: subtrees claimed as they go; random, pct: execution ranges)', intArg('--jobs', 1))
        .option('--checkpoint <file>', 'save the search to FILE every few seconds (random, pct: the executions done); the same command resumes from it')
        .option('--checkpoint-every <s>', 'seconds between checkpoints', posNumber('--checkpoint-every'), 2)
        .option('--json', 'machine-readable output');
    addPictureOptions(exploreCmd).action(async (name, o, cmd) => {
        checkPictureOptions(o);
        if (o.checkpoint !== undefined && (o.jobs ?? 1) > 1)
            throw new UsageError('--checkpoint and --jobs cannot be combined: checkpoint each --shard I/N instead');
        if (o.shard !== undefined && (o.jobs ?? 1) > 1)
            throw new UsageError('--shard and --jobs cannot be combined: --jobs runs every shard itself');
        o.preemptionsSet = cmd.getOptionValueSource('preemptions') === 'cli';
        const sc = await resolveScenario(name);
        const design = pickDesign(sc, o.design);
        const opts = {
            strategy: o.strategy,
            seed: o.seed,
            // dfs runs until its bounded space is exhausted or its seconds run out.
            executions: o.executions ?? (o.strategy === 'dfs' || o.strategy === 'dpor' ? Infinity : DEFAULT_OPTIONS.executions),
            seconds: o.seconds,
            preemptions: o.preemptions,
            depth: o.depth,
            stepBudget: o.steps ?? sc.stepBudget ?? DEFAULT_OPTIONS.stepBudget,
            keepGoing: o.all ?? false,
            shrink: o.shrink !== false,
            ...(o.strategy === 'dpor' && o.preemptionsSet ? { dporBound: o.preemptions } : {}),
            ...(o.shard !== undefined ? { shard: o.shard } : {}),
            ...(o.checkpoint !== undefined ? { checkpoint: { file: o.checkpoint, everyMs: o.checkpointEvery * 1000 } } : {}),
        };
        const progress = o.json ? null : progressLine();
        if (progress !== null)
            opts.onProgress = progress.update;
        if ((o.jobs ?? 1) > 1) {
            const m = await runShardJobs(name, design, { ...opts, ...(o.steps !== undefined ? { stepBudget: o.steps } : {}) }, o.jobs);
            process.exitCode = printMerged(m, o.json ?? false);
            return;
        }
        let r;
        try {
            r = explore(o.steps !== undefined ? { ...sc, stepBudget: o.steps } : sc, design, opts);
        }
        finally {
            progress?.done();
        }
        if (o.json)
            print(JSON.stringify(exploreJson(r, opts), null, 2));
        else {
            say(renderExploreSummary(r));
            const first = r.violations[0];
            if (first) {
                const rep = replayToken(first.token, () => sc, true, opts.stepBudget);
                print('');
                say(renderReplay(r.scenario, r.design, first.token, rep.result));
            }
        }
        const first = r.violations[0];
        if (first) {
            const out = writePictures(o, first.token, () => sc, opts.stepBudget);
            if (out)
                print(out);
        }
        else if (wantsPictures(o))
            process.stderr.write('hmmsim: no violation found: no picture written (pictures show a failing execution; replay a token to draw any execution)\n');
        process.exitCode = r.stopReason === 'interrupted' ? 130 : r.violations.length > 0 ? 1 : 0;
    });
    const replayCmd = program
        .command('replay')
        .description('re-run the execution a token describes and print its full report')
        .argument('<token>', 'replay token printed by explore or check')
        .option('--steps <n>', "allow a token's step budget up to n (the cap is the scenario's budget)", intArg('--steps', 1))
        .option('--json', 'machine-readable output');
    addPictureOptions(replayCmd).action(async (token, o) => {
        checkPictureOptions(o);
        const t0 = performance.now();
        const sc = await scenarioForToken(token);
        const { token: t, result } = replayToken(token, () => sc, true, o.steps);
        if (o.json)
            print(JSON.stringify(replayJson(t.scenario, t.design, token.trim(), result, Math.round(performance.now() - t0)), null, 2));
        else
            say(renderReplay(t.scenario, t.design, token.trim(), result));
        const out = writePictures(o, token, () => sc, o.steps);
        if (out)
            print(out);
        process.exitCode = result.violations.length > 0 ? 1 : 0;
    });
    program
        .command('check')
        .description('every built-in scenario on every design it applies to: expected vs found')
        .option('--json', 'machine-readable output')
        .option('--group <group>', 'only scenarios of this group')
        .option('--scenario <name>', 'only this scenario')
        .option('--jobs <n>', 'verdicts computed in parallel (default: one per core)', intArg('--jobs', 1))
        .action(async (o) => {
        let list = builtinScenarios;
        if (o.group !== undefined) {
            list = list.filter((s) => s.group === o.group);
            if (list.length === 0)
                throw new UsageError(`unknown group '${o.group}'`);
        }
        if (o.scenario !== undefined)
            list = [await resolveScenario(o.scenario)];
        const t0 = performance.now();
        const jobs = list.flatMap((sc) => Object.keys(sc.designs).map((design) => ({ scenario: sc.name, design })));
        const w = Math.max(8, ...list.map((s) => s.name.length));
        if (!o.json)
            print(`${'scenario'.padEnd(w)}  ${'design'.padEnd(6)}  ${'expected'.padEnd(46)}  ${'found'.padEnd(46)}  result  explored`);
        const verdicts = await runCheckJobs(jobs, o.jobs ?? defaultJobs(), currentHeartbeat(), (_i, v) => {
            if (!o.json)
                say(`${v.scenario.padEnd(w)}  ${v.design.padEnd(6)}  ${v.expected.padEnd(46)}  ${v.found.padEnd(46)}  ${v.ok ? 'ok    ' : 'FAIL  '}  ${v.explored.join('; ')} (${v.elapsedMs} ms)`);
        });
        const bad = verdicts.filter((v) => !v.ok);
        const elapsedMs = Math.round(performance.now() - t0);
        if (o.json) {
            const byName = new Map(list.map((sc) => [sc.name, sc]));
            print(JSON.stringify(checkJson(verdicts.map((v) => ({ ...v, expected: byName.get(v.scenario).designs[v.design], expectedText: v.expected })), elapsedMs), null, 2));
        }
        else {
            print(`\n${verdicts.length - bad.length}/${verdicts.length} outcomes as expected in ${(elapsedMs / 1000).toFixed(1)} s.`);
            for (const v of bad)
                print(`MISMATCH ${v.scenario} on ${v.design}: expected ${v.expected}, found ${v.found}${v.token ? `\n  hmmsim replay ${v.token}` : ''}`);
        }
        process.exitCode = verdicts.some((v) => v.interrupted) ? 130 : bad.length === 0 ? 0 : 1;
    });
    program
        .command('kinds')
        .description('the violation kinds hmmsim reports')
        .action(() => print(VIOLATION_KINDS.join('\n')));
    registerSelftestsCommand(program);
    registerCompareCommand(program, intArg);
    registerMergeCommand(program);
    registerHistoryCommand(program, intArg);
    addHelpTexts(program);
    return program;
}
function packageVersion() {
    try {
        return JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version;
    }
    catch {
        return 'unknown';
    }
}
/** Run one command line; returns the exit code. */
export async function runProgram(argv) {
    const program = buildProgram();
    process.exitCode = 0;
    if (argv.length === 0) {
        process.stderr.write("hmmsim: error: missing command (try 'hmmsim --help')\n");
        return 2;
    }
    try {
        await program.parseAsync(argv, { from: 'user' });
        return Number(process.exitCode ?? 0);
    }
    catch (e) {
        if (e instanceof CommanderError) {
            if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
                return 0;
            // commander already printed its one-line message.
            return 2;
        }
        if (e instanceof UsageError || e instanceof CheckpointError || e instanceof TokenError || e instanceof ReplayMismatch || e instanceof ScenarioError || e instanceof ExplorationStop) {
            process.stderr.write(`hmmsim: error: ${e.message}\n`);
            return 2;
        }
        if (e instanceof ModelError) {
            process.stderr.write(`hmmsim: internal error: ${e.message}\n`);
            return 2;
        }
        process.stderr.write(`hmmsim: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
        return 2;
    }
}
