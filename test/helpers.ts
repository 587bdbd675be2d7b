/*
 * Shared test helpers. Append-only: several areas add to this file.
 */

import { Execution, type Chooser, type ExecutionResult, type Sched } from '../src/kernel/index.js';
import { spawn } from '../src/kernel/index.js';
import type { Scenario } from '../src/scenarios/types.js';

/** Always continue the last thread if it can run, else the lowest-numbered runnable one. */
export const serialChooser: Chooser = {
  pickThread(runnable, last, lastRunnable) {
    return lastRunnable ? last : runnable[0]!;
  },
  pickValue() {
    return 0;
  },
};

/** Run thread bodies (name -> generator function) in one execution with a chooser. */
export function runThreads(threads: Record<string, () => Sched>, opts: { chooser?: Chooser; stepBudget?: number; record?: boolean; init?: () => void } = {}): ExecutionResult {
  const ex = new Execution(opts.chooser ?? serialChooser, { stepBudget: opts.stepBudget ?? 100_000, record: opts.record ?? false, throwErrors: true });
  return ex.run(() => {
    opts.init?.();
    for (const [name, fn] of Object.entries(threads)) spawn(name, fn);
  });
}

/** A chooser that follows a fixed list of thread ids, then falls back to serial. */
export function scriptedChooser(picks: number[]): Chooser {
  let i = 0;
  return {
    pickThread(runnable, last, lastRunnable) {
      if (i < picks.length) {
        const t = picks[i++]!;
        if (runnable.includes(t)) return t;
      }
      return lastRunnable ? last : runnable[0]!;
    },
    pickValue() {
      return 0;
    },
  };
}

/** Build a throwaway scenario from a setup function. */
export function scenarioOf(name: string, setup: () => void, extra: Partial<Scenario> = {}): Scenario {
  return { name, group: 'test', description: name, designs: { base: { clean: true } }, setup, ...extra };
}

/* ---- mm tests (test/mm) ---- */

/**
 * Run one generator as the only thread of a fresh execution (serial chooser). Returns its
 * value and the execution result; a thrown JS error (not a modelled report) propagates.
 */
export function runOne<T>(fn: () => Sched<T>, opts: { stepBudget?: number; record?: boolean } = {}): { value: T | undefined; result: ExecutionResult } {
  let value: T | undefined;
  const result = runThreads(
    {
      main: function* () {
        value = yield* fn();
      },
    },
    { stepBudget: opts.stepBudget ?? 50_000_000, record: opts.record ?? false },
  );
  return { value, result };
}

/* ---- the JSON contract (issue 13): every --json document a test produces is validated ---- */

import { readFileSync as readSchemaFile } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';

type Validator = ((doc: unknown) => boolean) & { errors?: unknown };
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as new (o: object) => { compile(s: object): Validator };
const validators = new Map<string, Validator>();

/** The validator of a command's --json schema, as shipped in schemas/. */
export function schemaValidator(command: string): Validator {
  let v = validators.get(command);
  if (v === undefined) {
    const file = new URL(`../../schemas/${command}.schema.json`, import.meta.url);
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    v = ajv.compile(JSON.parse(readSchemaFile(file, 'utf8')) as object);
    validators.set(command, v);
  }
  return v;
}

/** Throws if `doc` does not match the schema of `command`. */
export function assertSchema(command: string, doc: unknown): void {
  const v = schemaValidator(command);
  if (!v(doc)) throw new Error(`${command} --json does not match schemas/${command}.schema.json: ${JSON.stringify(v.errors).slice(0, 2000)}`);
}

/** CLI run helpers call this: a --json run that printed something printed a valid document. */
export function checkJsonOutput(args: readonly string[], stdout: string): void {
  if (!args.includes('--json') || stdout.trim() === '') return;
  const command = args.find((a) => !a.startsWith('-'));
  if (command === undefined) return;
  assertSchema(command, JSON.parse(stdout));
}
