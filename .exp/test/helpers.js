/*
 * Shared test helpers. Append-only: several areas add to this file.
 */
import { Execution } from '../src/kernel/index.js';
import { spawn } from '../src/kernel/index.js';
/** Always continue the last thread if it can run, else the lowest-numbered runnable one. */
export const serialChooser = {
    pickThread(runnable, last, lastRunnable) {
        return lastRunnable ? last : runnable[0];
    },
    pickValue() {
        return 0;
    },
};
/** Run thread bodies (name -> generator function) in one execution with a chooser. */
export function runThreads(threads, opts = {}) {
    const ex = new Execution(opts.chooser ?? serialChooser, { stepBudget: opts.stepBudget ?? 100_000, record: opts.record ?? false, throwErrors: true });
    return ex.run(() => {
        opts.init?.();
        for (const [name, fn] of Object.entries(threads))
            spawn(name, fn);
    });
}
/** A chooser that follows a fixed list of thread ids, then falls back to serial. */
export function scriptedChooser(picks) {
    let i = 0;
    return {
        pickThread(runnable, last, lastRunnable) {
            if (i < picks.length) {
                const t = picks[i++];
                if (runnable.includes(t))
                    return t;
            }
            return lastRunnable ? last : runnable[0];
        },
        pickValue() {
            return 0;
        },
    };
}
/** Build a throwaway scenario from a setup function. */
export function scenarioOf(name, setup, extra = {}) {
    return { name, group: 'test', description: name, designs: { base: { clean: true } }, setup, ...extra };
}
/* ---- mm tests (test/mm) ---- */
/**
 * Run one generator as the only thread of a fresh execution (serial chooser). Returns its
 * value and the execution result; a thrown JS error (not a modelled report) propagates.
 */
export function runOne(fn, opts = {}) {
    let value;
    const result = runThreads({
        main: function* () {
            value = yield* fn();
        },
    }, { stepBudget: opts.stepBudget ?? 50_000_000, record: opts.record ?? false });
    return { value, result };
}
/* ---- the JSON contract (issue 13): every --json document a test produces is validated ---- */
import { readFileSync as readSchemaFile } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
const Ajv2020 = (Ajv2020Module.default ?? Ajv2020Module);
const validators = new Map();
/** The validator of a command's --json schema, as shipped in schemas/. */
export function schemaValidator(command) {
    let v = validators.get(command);
    if (v === undefined) {
        const file = new URL(`../../schemas/${command}.schema.json`, import.meta.url);
        const ajv = new Ajv2020({ allErrors: true, strict: true });
        v = ajv.compile(JSON.parse(readSchemaFile(file, 'utf8')));
        validators.set(command, v);
    }
    return v;
}
/** Throws if `doc` does not match the schema of `command`. */
export function assertSchema(command, doc) {
    const v = schemaValidator(command);
    if (!v(doc))
        throw new Error(`${command} --json does not match schemas/${command}.schema.json: ${JSON.stringify(v.errors).slice(0, 2000)}`);
}
/** CLI run helpers call this: a --json run that printed something printed a valid document. */
export function checkJsonOutput(args, stdout) {
    if (!args.includes('--json') || stdout.trim() === '')
        return;
    const doc = JSON.parse(stdout);
    // A document names its own command (explore --jobs prints the shards' merged verdict).
    const command = typeof doc.command === 'string' ? doc.command : args.find((a) => !a.startsWith('-'));
    if (command === undefined)
        return;
    assertSchema(command, doc);
}
