import { checkFilterCriteria, commonFields, filterPatterns, oneMappingPerFunction, type Fail, type FilterCriteriaSpec } from './resources-spec-triggers.js';
import { destinationProblem } from './triggers/destination-arn.js';

/**
 * A stream's Lambda triggers in the resource file: Kinesis event source mappings, declared as
 * configuration, under CreateEventSourceMapping's names with its defaults and its limits for
 * Kinesis [Lambda developer guide, "Lambda parameters for Amazon Kinesis Data Streams event source
 * mappings"; API reference, CreateEventSourceMapping]:
 *
 * - startingPosition: TRIM_HORIZON | LATEST | AT_TIMESTAMP (required, as AWS requires it for streams),
 *   startingPositionTimestamp (Unix seconds) with AT_TIMESTAMP only;
 * - batchSize: 1–10,000, default 100; maximumBatchingWindowInSeconds: 0–300, default 0;
 * - parallelizationFactor: 1–10, default 1 (batches of one shard processed at once, each partition key in order);
 * - bisectBatchOnFunctionError: default false;
 * - maximumRetryAttempts: -1 (until the records expire) to 10,000, default -1;
 * - maximumRecordAgeInSeconds: -1 (no limit) or 60–604,800, default -1;
 * - functionResponseTypes: ["ReportBatchItemFailures"]; enabled: default true;
 * - destinationConfig: { onFailure: { destination } }, an SQS queue's or SNS topic's ARN, where the
 *   invocation record of discarded records goes (DestinationConfig.OnFailure; AWS takes only a
 *   standard queue or topic for a stream's records: a FIFO one fails every delivery, so it is refused here);
 * - tumblingWindowInSeconds: 0–900, default 0 (no window); here only with parallelizationFactor 1
 *   (a Switchyard limit: one window state per shard);
 * - filterCriteria: { filters: [{ pattern }] } as a queue trigger's (resources-spec-triggers.ts),
 *   on the `data` key only: "Kinesis event source mappings only support filtering on the data
 *   key" [Lambda developer guide, "Using event filtering with a Kinesis event source"].
 */
export interface StreamTriggerSpec {
  readonly function: string;
  readonly startingPosition: StartingPosition;
  readonly startingPositionTimestamp?: number;
  readonly batchSize?: number;
  readonly maximumBatchingWindowInSeconds?: number;
  readonly parallelizationFactor?: number;
  readonly bisectBatchOnFunctionError?: boolean;
  readonly maximumRetryAttempts?: number;
  readonly maximumRecordAgeInSeconds?: number;
  readonly functionResponseTypes?: readonly 'ReportBatchItemFailures'[];
  readonly enabled?: boolean;
  readonly destinationConfig?: { readonly onFailure: { readonly destination: string } };
  readonly tumblingWindowInSeconds?: number;
  readonly filterCriteria?: FilterCriteriaSpec;
}

export type StartingPosition = 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';

export const STREAM_TRIGGER_DEFAULTS = {
  batchSize: 100,
  maximumBatchingWindowInSeconds: 0,
  parallelizationFactor: 1,
  bisectBatchOnFunctionError: false,
  maximumRetryAttempts: -1,
  maximumRecordAgeInSeconds: -1,
  tumblingWindowInSeconds: 0,
  enabled: true,
} as const;

const KEYS = [
  'function', 'startingPosition', 'startingPositionTimestamp', 'batchSize', 'maximumBatchingWindowInSeconds', 'parallelizationFactor',
  'bisectBatchOnFunctionError', 'maximumRetryAttempts', 'maximumRecordAgeInSeconds', 'functionResponseTypes', 'enabled',
  'destinationConfig', 'tumblingWindowInSeconds', 'filterCriteria',
];

/** Checks a stream's `triggers` list (`path` is `streams[i].triggers`). */
export function checkStreamTriggers(raw: unknown, path: string, fail: Fail): StreamTriggerSpec[] {
  if (!Array.isArray(raw)) fail(path, 'must be a list of triggers');
  const triggers = (raw as unknown[]).map((t, i) => checkStreamTrigger(t, `${path}[${i}]`, fail));
  oneMappingPerFunction(triggers, path, 'stream', fail);
  return triggers;
}

function checkStreamTrigger(raw: unknown, path: string, fail: Fail): StreamTriggerSpec {
  const { t, fn, whole, types } = commonFields(raw, path, KEYS, fail);
  const position = t.startingPosition;
  if (position !== 'TRIM_HORIZON' && position !== 'LATEST' && position !== 'AT_TIMESTAMP') {
    fail(`${path}.startingPosition`, position === undefined ? 'is missing (TRIM_HORIZON, LATEST or AT_TIMESTAMP: AWS requires it for a stream)' : 'must be TRIM_HORIZON, LATEST or AT_TIMESTAMP');
  }
  const at = t.startingPositionTimestamp;
  if (position === 'AT_TIMESTAMP' && at === undefined) fail(`${path}.startingPositionTimestamp`, 'is required with AT_TIMESTAMP (Unix time in seconds)');
  if (at !== undefined) {
    if (position !== 'AT_TIMESTAMP') fail(`${path}.startingPositionTimestamp`, 'is only valid with startingPosition AT_TIMESTAMP (AWS)');
    if (typeof at !== 'number' || !Number.isFinite(at) || at < 0) fail(`${path}.startingPositionTimestamp`, 'must be a Unix time in seconds');
  }
  const out: { -readonly [K in keyof StreamTriggerSpec]: StreamTriggerSpec[K] } = { function: fn, startingPosition: position as StartingPosition };
  if (at !== undefined) out.startingPositionTimestamp = at as number;
  const batchSize = whole('batchSize', 1, 10_000, '');
  if (batchSize !== undefined) out.batchSize = batchSize;
  const window = whole('maximumBatchingWindowInSeconds', 0, 300, ' (seconds)');
  if (window !== undefined) out.maximumBatchingWindowInSeconds = window;
  const parallel = whole('parallelizationFactor', 1, 10, '');
  if (parallel !== undefined) out.parallelizationFactor = parallel;
  if (t.bisectBatchOnFunctionError !== undefined) {
    if (typeof t.bisectBatchOnFunctionError !== 'boolean') fail(`${path}.bisectBatchOnFunctionError`, 'must be true or false');
    out.bisectBatchOnFunctionError = t.bisectBatchOnFunctionError as boolean;
  }
  const retries = whole('maximumRetryAttempts', -1, 10_000, ' (-1: until the records expire)');
  if (retries !== undefined) out.maximumRetryAttempts = retries;
  const age = whole('maximumRecordAgeInSeconds', -1, 604_800, ' (-1: no limit)');
  if (age !== undefined) {
    if (age >= 0 && age < 60) fail(`${path}.maximumRecordAgeInSeconds`, 'must be -1 (no limit) or from 60 to 604800 seconds (AWS)');
    out.maximumRecordAgeInSeconds = age;
  }
  if (types !== undefined) out.functionResponseTypes = types;
  if (t.enabled !== undefined) out.enabled = t.enabled as boolean;
  if (t.destinationConfig !== undefined) out.destinationConfig = checkDestinationConfig(t.destinationConfig, `${path}.destinationConfig`, fail);
  const tumbling = whole('tumblingWindowInSeconds', 0, 900, ' (seconds; 0: no window)');
  if (tumbling !== undefined) {
    if (tumbling > 0 && (parallel ?? 1) > 1) fail(`${path}.tumblingWindowInSeconds`, 'is not supported with a parallelizationFactor above 1 here (Switchyard keeps one window state per shard)');
    out.tumblingWindowInSeconds = tumbling;
  }
  if (t.filterCriteria !== undefined) out.filterCriteria = checkDataFilters(checkFilterCriteria(t.filterCriteria, `${path}.filterCriteria`, 'kinesis', fail), `${path}.filterCriteria`, fail);
  return out;
}

/** A Kinesis mapping's patterns name only `data` (and `$or` of such): AWS filters a stream's records on their data alone. */
function checkDataFilters(criteria: FilterCriteriaSpec, path: string, fail: Fail): FilterCriteriaSpec {
  const keysOf = (pattern: unknown): string[] =>
    pattern !== null && typeof pattern === 'object' && !Array.isArray(pattern)
      ? Object.entries(pattern).flatMap(([k, v]) => (k === '$or' && Array.isArray(v) ? v.flatMap(keysOf) : [k]))
      : [];
  filterPatterns(criteria).forEach((pattern, i) => {
    // The compiler (SNS's Jackson-like reader) reads the first JSON value and ignores what follows;
    // the keys are read here with JSON.parse, which threw a SyntaxError at such text (the file's
    // load failed with it instead of a ConfigError naming the pattern).
    let parsed: unknown;
    try {
      parsed = JSON.parse(pattern);
    } catch (e) {
      fail(`${path}.filters[${i}].pattern`, `must be one JSON object, with nothing after it (${(e as Error).message})`);
    }
    const other = keysOf(parsed).find((k) => k !== 'data');
    if (other !== undefined) fail(`${path}.filters[${i}].pattern`, `filters on "${other}": a Kinesis mapping filters on the data key only (AWS)`);
  });
  return criteria;
}

/** `{ "onFailure": { "destination": "<SQS queue or SNS topic ARN>" } }`, as CreateEventSourceMapping's DestinationConfig. */
function checkDestinationConfig(raw: unknown, path: string, fail: Fail): { onFailure: { destination: string } } {
  const object = (v: unknown, at: string, keys: string): Record<string, unknown> => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(at, `must be an object (${keys})`);
    return v as Record<string, unknown>;
  };
  const config = object(raw, path, '{ "onFailure": { "destination": "<ARN>" } }');
  for (const k of Object.keys(config)) if (k !== 'onFailure') fail(path, `unknown field "${k}" (known: onFailure; a stream's mapping has no onSuccess destination)`);
  const onFailure = object(config.onFailure, `${path}.onFailure`, '{ "destination": "<ARN>" }');
  for (const k of Object.keys(onFailure)) if (k !== 'destination') fail(`${path}.onFailure`, `unknown field "${k}" (known: destination)`);
  const destination = onFailure.destination;
  const problem = destinationProblem(destination);
  if (problem !== undefined) fail(`${path}.onFailure.destination`, problem);
  return { onFailure: { destination: destination as string } };
}
