/*
 * The JSON Schemas (draft 2020-12) of every --json output, built from the same vocabularies
 * the code uses (violation kinds, stop reasons, claims), and written to schemas/ at the package
 * root by `npm run schemas`. A test fails when the files on disk differ from these, and the
 * CLI tests validate every --json document they produce against them.
 *
 * Objects allow fields the schema does not list (a version may add fields; see json.ts).
 */

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VIOLATION_KINDS } from '../kernel/index.js';
import { STRATEGIES } from '../explore/strategy.js';
import { SCHEMA_VERSION } from './json.js';

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

const str = { type: 'string' };
const int = { type: 'integer', minimum: 0 };
const bool = { type: 'boolean' };
const strs = { type: 'array', items: str };
const nullable = (t: object) => ({ anyOf: [t, { type: 'null' }] });

function obj(properties: Record<string, object>, required: string[] = Object.keys(properties)): object {
  return { type: 'object', properties, required };
}

const defs = {
  violationKind: { enum: [...VIOLATION_KINDS], description: 'a violation kind (`hmmsim kinds`)' },
  stopReason: { enum: ['exhausted', 'violation', 'executions', 'seconds', 'interrupted'] },
  claim: {
    enum: ['violation-found', 'every-interleaving', 'bounded-exhaustive', 'sampled', 'none'],
    description:
      'violation-found: a replayable counterexample; every-interleaving: partial-order reduction exhausted its space (strongest clean claim); bounded-exhaustive: every execution within the preemption bound explored; sampled: random/pct samples only; none: no claim',
  },
  claimWithText: obj({ claim: { $ref: '#/$defs/claim' }, text: str }),
  expectation: obj({
    outcome: { enum: ['clean', 'violation', 'every-execution'] },
    kinds: { type: 'array', items: { $ref: '#/$defs/violationKind' } },
    text: str,
  }),
  bounds: obj({ preemptions: int, depth: int, seed: int, stepBudget: int }, ['stepBudget']),
  report: obj({ kind: { $ref: '#/$defs/violationKind' }, title: str, message: str, thread: str, step: int, fatal: bool, detail: strs }),
};

function schema(name: string, title: string, body: Record<string, object>, required: string[] = Object.keys(body)): object {
  return {
    $schema: DRAFT,
    $id: `urn:hmmsim:schema:${name}:${SCHEMA_VERSION}`,
    title,
    type: 'object',
    properties: { schemaVersion: { const: SCHEMA_VERSION }, command: { const: name }, ...body },
    required: ['schemaVersion', 'command', ...required],
    $defs: defs,
  };
}

const exploreBody: Record<string, object> = {
  scenario: str,
  design: str,
  strategy: { enum: [...STRATEGIES] },
  seed: nullable(int),
  depth: nullable(int),
  preemptions: nullable(int),
  stepBudget: int,
  executionBudget: nullable(int),
  secondsBudget: nullable({ type: 'number' }),
  keepGoing: bool,
  executions: int,
  violatingExecutions: int,
  steps: int,
  exhausted: bool,
  stopReason: { $ref: '#/$defs/stopReason' },
  stop: obj({ reason: { $ref: '#/$defs/stopReason' }, text: str }),
  claim: { $ref: '#/$defs/claimWithText' },
  bounds: { $ref: '#/$defs/bounds' },
  text: str,
  elapsedMs: int,
  violations: {
    type: 'array',
    items: obj(
      {
        kind: { $ref: '#/$defs/violationKind' },
        title: str,
        message: str,
        token: str,
        thread: str,
        step: int,
        execution: int,
        replay: str,
        shrunk: { type: 'object', description: 'the schedule before and after shrinking (steps, preemptions)', properties: { fromSteps: int, fromPreemptions: int, toSteps: int, toPreemptions: int } },
      },
      ['kind', 'title', 'message', 'token', 'thread', 'step', 'execution', 'replay'],
    ),
  },
  dpor: { type: 'object', description: 'dpor only: executions cut as redundant, races reversed, whether the last pass was bounded' },
  shard: { type: 'object', description: 'with --shard: which shard of how many this run explored' },
};
const explore = schema(
  'explore',
  'hmmsim explore --json',
  exploreBody,
  Object.keys(exploreBody).filter((k) => k !== 'dpor' && k !== 'shard'),
);

const replay = schema('replay', 'hmmsim replay --json', {
  scenario: str,
  design: str,
  token: str,
  outcome: { enum: ['violation', 'clean'] },
  steps: int,
  threads: strs,
  elapsedMs: int,
  violations: { type: 'array', items: { $ref: '#/$defs/report' } },
  interleaving: { type: 'array', items: obj({ step: { type: 'integer', minimum: 1 }, thread: str, op: str, obj: str, where: str }) },
  trace: { type: 'array', items: obj({ step: int, thread: str, text: str }) },
  replay: str,
});

const check = schema('check', 'hmmsim check --json', {
  ok: bool,
  elapsedMs: int,
  results: {
    type: 'array',
    items: obj(
      {
        scenario: str,
        design: str,
        expected: { $ref: '#/$defs/expectation' },
        found: obj({
          outcome: { enum: ['clean', 'violation', 'every-execution', 'some-executions', 'inconclusive', 'interrupted'] },
          kinds: { type: 'array', items: { $ref: '#/$defs/violationKind' } },
          text: str,
        }),
        result: { enum: ['ok', 'mismatch', 'interrupted'] },
        ok: bool,
        claim: { $ref: '#/$defs/claimWithText' },
        explored: strs,
        elapsedMs: int,
        token: str,
        replay: str,
      },
      ['scenario', 'design', 'expected', 'found', 'result', 'ok', 'claim', 'explored', 'elapsedMs'],
    ),
  },
});

const list = schema('list', 'hmmsim list --json', {
  scenarios: {
    type: 'array',
    items: obj({ name: str, group: str, description: str, designs: { type: 'object', additionalProperties: { $ref: '#/$defs/expectation' } } }),
  },
});

const selftests = schema('selftests', 'hmmsim selftests --json', {
  ok: bool,
  elapsedMs: int,
  totals: obj({ pass: int, fail: int, xfail: int, xpass: int, skip: int, error: int }),
  results: {
    type: 'array',
    items: obj(
      { number: int, name: str, fixture: str, variant: str, test: str, status: { enum: ['pass', 'fail', 'skip'] }, diagnostics: strs, elapsedMs: int, executions: int, explored: strs, token: str },
      ['number', 'name', 'fixture', 'variant', 'test', 'status', 'diagnostics', 'elapsedMs', 'executions'],
    ),
  },
});

const compareRow = obj(
  {
    design: str,
    expected: { $ref: '#/$defs/expectation' },
    verdict: { enum: ['clean', 'violation', 'inconclusive'] },
    kinds: { type: 'array', items: { $ref: '#/$defs/violationKind' } },
    claim: { $ref: '#/$defs/claimWithText' },
    executions: int,
    executionsToFind: nullable(int),
    explored: strs,
    token: nullable(str),
    message: nullable(str),
    closestExecution: nullable(str),
    window: nullable(
      obj({
        from: int,
        to: int,
        steps: { type: 'array', items: obj({ step: int, thread: str, op: str, obj: str, where: str }) },
      }),
    ),
  },
  ['design', 'verdict', 'kinds', 'claim', 'executions', 'executionsToFind', 'explored', 'token', 'window'],
);

const compare = schema('compare', 'hmmsim compare --json', {
  scenario: str,
  designs: { type: 'array', items: compareRow },
  operations: { type: 'array', items: obj({ operation: str, designs: { type: 'object', additionalProperties: strs } }) },
  elapsedMs: int,
});

/** `hmmsim history --json`: one row per known core bug (src/scenarios/history/bugs.ts). */
const historyRow = obj(
  {
    id: str,
    subject: str,
    release: str,
    section: str,
    how: { enum: ['switch', 'release', 'today', 'not-expressed'], description: 'switch: bug switches on today\'s design; release: the design of the buggy release; today: the bug is in today\'s model, the fix is a switch' },
    reason: { ...str, description: 'not-expressed: why the model cannot express it' },
    design: str,
    expectedKinds: { type: 'array', items: { $ref: '#/$defs/violationKind' } },
    find: obj({ scenario: str, design: str, strategy: str, found: bool, kind: nullable({ $ref: '#/$defs/violationKind' }), executions: int, ms: int, token: nullable(str) }),
    fixed: obj({ scenario: str, design: str, clean: bool, found: str, explored: str, ms: int }),
    replay: str,
  },
  ['id', 'subject', 'release', 'section', 'how'],
);
const history = schema('history', 'hmmsim history --json', {
  ok: bool,
  elapsedMs: int,
  totals: obj({ bugs: int, expressed: int, found: int, fixedClean: int }),
  rows: { type: 'array', items: historyRow },
});

/** `hmmsim merge --json` and `hmmsim explore --jobs N --json`: the shards' one verdict. */
const merge = schema('merge', 'hmmsim merge --json (and explore --jobs N --json)', {
  scenario: str,
  design: str,
  strategy: { enum: [...STRATEGIES] },
  executions: int,
  steps: int,
  exhausted: bool,
  stopReason: { $ref: '#/$defs/stopReason' },
  elapsedMs: int,
  bounds: { type: 'object' },
  violations: { type: 'array', items: obj({ kind: { $ref: '#/$defs/violationKind' }, message: str, token: str }, ['kind', 'message', 'token']) },
  shards: int,
  subtrees: int,
  perShard: { type: 'array', items: int },
  claim: { $ref: '#/$defs/claimWithText' },
});

export const SCHEMAS: Record<string, object> = { explore, replay, check, list, selftests, compare, history, merge };

/** The schema file text (stable formatting, so the files can be compared). */
export function schemaText(name: string): string {
  return `${JSON.stringify(SCHEMAS[name], null, 2)}\n`;
}

/** `node dist/src/report/schemas.js --write DIR`: regenerate the schema files. */
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv[2] === '--write') {
  const dir = process.argv[3] ?? 'schemas';
  for (const name of Object.keys(SCHEMAS)) writeFileSync(`${dir}/${name}.schema.json`, schemaText(name));
}
