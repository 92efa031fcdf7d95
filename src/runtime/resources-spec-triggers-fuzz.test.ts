import { test } from 'node:test';
import assert from 'node:assert/strict';
import { between, deeplyNested, mutate, pick, preview, randomJson, rngFrom, setOwn, timed, type Rng } from '../../test/helpers/json-fuzz.js';
import { ConfigError } from './config.js';
import { checkSpec } from './resources-spec.js';

/**
 * Property tests of the resource file's triggers (resources-spec-triggers.ts for queues,
 * resources-spec-stream-triggers.ts for streams): random and mutated trigger fields (filterCriteria
 * patterns, destinationConfig, tumblingWindowInSeconds, parallelizationFactor, the numeric
 * settings) end in a ConfigError naming the trigger's place or are accepted, quickly; never another
 * exception. Seeded (SWITCHYARD_FUZZ_SEED).
 */
const SEED = Number(process.env.SWITCHYARD_FUZZ_SEED ?? 20261128);

const FIELDS = [
  'function', 'batchSize', 'maximumBatchingWindowInSeconds', 'functionResponseTypes', 'maximumConcurrency', 'filterCriteria', 'enabled', 'filters', 'pattern',
  'startingPosition', 'startingPositionTimestamp', 'parallelizationFactor', 'bisectBatchOnFunctionError', 'maximumRetryAttempts', 'maximumRecordAgeInSeconds',
  'destinationConfig', 'onFailure', 'onSuccess', 'destination', 'tumblingWindowInSeconds', 'body', 'data', '$or', 'prefix', 'numeric', 'exists', 'anything-but',
];
const NUMBERS = [-1, 0, -0, 1, 2, 10, 11, 60, 100, 300, 301, 900, 901, 1000, 10_000, 604_800, 1e309, 1.5, Number.MAX_SAFE_INTEGER];
const DESTINATIONS = [
  'arn:aws:sqs:us-east-1:000000000000:failed', 'arn:aws:sns:eu-west-1:111111111111:alerts', 'arn:aws:sqs:us-east-1:000000000000:f.fifo',
  'arn:aws:s3:::bucket', 'arn:aws:sqs:us-east-1:0:q', 'arn:aws:sqs:us-east-1:000000000000:', `arn:aws:sqs:us-east-1:000000000000:${'q'.repeat(100)}`,
  `arn:aws:sqs:${'us-'.repeat(3000)}1:000000000000:q`, 'http://localhost/q', '',
];

function pattern(rng: Rng, dataKey: string): unknown {
  const rules = () => pick(rng, [['x'], [{ prefix: 'a' }], [{ numeric: ['>', pick(rng, NUMBERS)] }], [{ exists: rng() < 0.5 }], [{ 'anything-but': ['a', 'b'] }], [1e309], [-0], ['NaN'], [null], []]);
  const inner = { a: rules(), ...(rng() < 0.3 && { b: { c: rules() } }), ...(rng() < 0.2 && { $or: [{ a: rules() }, { b: rules() }] }) };
  const p = rng() < 0.1 ? { $or: [{ [dataKey]: inner }, { [dataKey]: { z: ['1'] } }] } : { [dataKey]: inner };
  return rng() < 0.5 ? JSON.stringify(p) : p;
}

function filterCriteria(rng: Rng, dataKey: string): unknown {
  return rng() < 0.1 ? {} : { filters: Array.from({ length: between(rng, 0, 5) }, () => ({ pattern: pattern(rng, dataKey) })) };
}

/**
 * A queue trigger the checker takes (or, with an unlucky rule like [] or a bad numeric, refuses).
 * A FIFO queue's gets no batching window above 0, which AWS refuses: with one half the time, one
 * seed in ten had fewer than 100 of 400 files accepted (31337: 96).
 */
function queueTrigger(rng: Rng, i: number, fifo: boolean): Record<string, unknown> {
  const window = pick(rng, fifo ? [undefined, 0] : [undefined, 0, 1, 300]);
  return {
    function: pick(rng, [`fn${i}`, `arn:aws:lambda:us-east-1:000000000000:function:fn${i}:live`]),
    ...(window !== undefined && { maximumBatchingWindowInSeconds: window }),
    ...(rng() < 0.5 && { batchSize: (window ?? 0) >= 1 ? pick(rng, [1, 10, 10_000]) : pick(rng, [1, 10]) }),
    ...(rng() < 0.3 && { maximumConcurrency: pick(rng, [2, 1000]) }),
    ...(rng() < 0.3 && { functionResponseTypes: pick(rng, [[], ['ReportBatchItemFailures']]) }),
    ...(rng() < 0.6 && { filterCriteria: filterCriteria(rng, 'body') }),
    ...(rng() < 0.2 && { enabled: rng() < 0.5 }),
  };
}

function streamTrigger(rng: Rng, i: number): Record<string, unknown> {
  const parallel = pick(rng, [undefined, 1, 4, 10]);
  const position = pick(rng, ['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP']);
  return {
    function: `fn${i}`,
    startingPosition: position,
    ...(position === 'AT_TIMESTAMP' && { startingPositionTimestamp: pick(rng, [0, 1_700_000_000.5]) }),
    ...(parallel !== undefined && { parallelizationFactor: parallel }),
    ...(rng() < 0.4 && { tumblingWindowInSeconds: (parallel ?? 1) === 1 ? pick(rng, [0, 1, 900]) : 0 }),
    ...(rng() < 0.4 && { destinationConfig: { onFailure: { destination: pick(rng, DESTINATIONS.slice(0, 2)) } } }),
    ...(rng() < 0.3 && { maximumRetryAttempts: pick(rng, [-1, 0, 10_000]) }),
    ...(rng() < 0.3 && { maximumRecordAgeInSeconds: pick(rng, [-1, 60, 604_800]) }),
    ...(rng() < 0.3 && { bisectBatchOnFunctionError: rng() < 0.5 }),
    ...(rng() < 0.6 && { filterCriteria: filterCriteria(rng, 'data') }),
  };
}

function file(rng: Rng): Record<string, unknown> {
  const name = pick(rng, ['jobs', 'jobs.fifo']);
  return {
    queues: [{ name, triggers: Array.from({ length: between(rng, 1, 3) }, (_, i) => queueTrigger(rng, i, name.endsWith('.fifo'))) }],
    streams: [{ name: 'events', triggers: Array.from({ length: between(rng, 1, 3) }, (_, i) => streamTrigger(rng, i)) }],
  };
}

const fail = (path: string, what: string): never => {
  throw new ConfigError(`r.json: ${path}: ${what}`);
};

/** checkSpec's outcome: 'accepted', or the refusal's place; anything but a ConfigError (or slowness) fails. */
function outcome(root: unknown, label: string): string {
  let result = 'accepted';
  const ms = timed(() => {
    try {
      checkSpec(root, fail);
    } catch (error) {
      if (!(error instanceof ConfigError)) assert.fail(`${label}: ${(error as Error).constructor.name}: ${(error as Error).message}\n${preview(root)}`);
      result = error.message;
    }
  });
  assert.ok(ms < 1500, `${label}: ${ms.toFixed(0)} ms`);
  return result;
}

test('random valid-looking queue and stream triggers: accepted or a ConfigError naming a trigger (400 files)', () => {
  const rng = rngFrom(SEED);
  let accepted = 0;
  for (let i = 0; i < 400; i++) {
    const result = outcome(file(rng), `seed ${SEED} #${i}`);
    if (result === 'accepted') accepted++;
    else assert.match(result, /^r\.json: (queues|streams)\[0\]\.triggers/, `seed ${SEED} #${i}`);
  }
  assert.ok(accepted > 100, `most are accepted (${accepted} of 400)`);
});

test('mutations of trigger files (wrong types, deep nesting, huge lists and strings, unknown fields): a ConfigError or accepted (800 files)', () => {
  const rng = rngFrom(SEED + 1);
  for (let i = 0; i < 800; i++) outcome(mutate(rng, file(rng), FIELDS), `seed ${SEED + 1} #${i}`);
});

test('random values in each trigger field: a ConfigError naming a trigger, or accepted (600 files)', () => {
  const rng = rngFrom(SEED + 2);
  for (let i = 0; i < 600; i++) {
    const root = file(rng);
    const kind = i % 2 === 0 ? 'queues' : 'streams';
    const trigger = ((root[kind] as Record<string, unknown>[])[0]!.triggers as Record<string, unknown>[])[0]!;
    const field = pick(rng, FIELDS.slice(0, 20));
    const value = pick(rng, [
      () => randomJson(rng, 3, FIELDS),
      () => pick(rng, NUMBERS),
      () => ({ onFailure: { destination: pick(rng, DESTINATIONS) } }),
      () => ({ filters: [{ pattern: randomJson(rng, 3, FIELDS) }] }),
      () => ({ filters: [{ pattern: deeplyNested(between(rng, 10, 30_000), 'object') }] }),
      () => ({ filters: [{ pattern: JSON.stringify(randomJson(rng, 4, FIELDS)) }] }),
    ])();
    setOwn(trigger, field, value);
    const result = outcome(root, `seed ${SEED + 2} #${i} ${kind} ${field}`);
    if (result !== 'accepted') assert.match(result, /^r\.json: (queues|streams)\[0\]\.triggers/, `seed ${SEED + 2} #${i}`);
  }
});

test('a pattern object nested too deeply to encode is refused with its place (it threw RangeError: Maximum call stack size exceeded)', () => {
  for (const [kind, extra] of [['queues', {}], ['streams', { startingPosition: 'LATEST' }]] as const) {
    const root = { [kind]: [{ name: 'x', triggers: [{ function: 'f', ...extra, filterCriteria: { filters: [{ pattern: deeplyNested(30_000, 'object') }] } }] }] };
    assert.throws(() => checkSpec(root, fail), (e: Error) => e instanceof ConfigError && e.message.startsWith(`r.json: ${kind}[0].triggers[0].filterCriteria.filters[0].pattern: `), kind);
  }
});
