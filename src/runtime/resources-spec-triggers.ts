import { parseFunctionRef } from '../services/shared/lambda.js';
import { compileFilterCriteria, FilterCriteriaError, MAX_PATTERN_LENGTH, type FilterSource } from './triggers/filter-criteria.js';
import { jsonEncodable } from './triggers/json-encodable.js';

/**
 * A queue's Lambda triggers in the resource file: SQS event source mappings, declared as
 * configuration (Switchyard has no Lambda API, so no CreateEventSourceMapping). Each names the
 * function and the mapping's settings under CreateEventSourceMapping's names, with its defaults
 * and its limits for SQS [Lambda developer guide, "Lambda parameters for Amazon SQS event source
 * mappings"; API reference, CreateEventSourceMapping]:
 *
 * - batchSize: default 10; at most 10 for a FIFO queue, 10,000 for a standard one, and above 10
 *   only with a batching window of at least 1 s;
 * - maximumBatchingWindowInSeconds: 0–300, default 0; not for FIFO queues;
 * - functionResponseTypes: ["ReportBatchItemFailures"] lets the function name the messages that failed;
 * - maximumConcurrency (ScalingConfig.MaximumConcurrency): 2–1000;
 * - filterCriteria ({ filters: [{ pattern }] }, FilterCriteria in the file's casing): up to 5
 *   patterns (triggers/filter-criteria.ts), each a JSON string as AWS takes it or, for
 *   convenience, the pattern as an object; checked when the file is read;
 * - enabled: default true.
 */
export interface TriggerSpec {
  /** `arn:aws:lambda:<region>:<account>:function:<name>[:<version or alias>]`, or the bare name (the queue's account and region). */
  readonly function: string;
  readonly batchSize?: number;
  readonly maximumBatchingWindowInSeconds?: number;
  readonly functionResponseTypes?: readonly 'ReportBatchItemFailures'[];
  readonly maximumConcurrency?: number;
  readonly filterCriteria?: FilterCriteriaSpec;
  readonly enabled?: boolean;
}

/** FilterCriteria as the file gives it (a pattern as AWS's JSON string, or as the object it encodes); kept as given, for the export. */
export interface FilterCriteriaSpec {
  readonly filters?: readonly { readonly pattern: string | Readonly<Record<string, unknown>> }[];
}

export const TRIGGER_DEFAULTS = { batchSize: 10, maximumBatchingWindowInSeconds: 0, enabled: true } as const;

const KEYS = ['function', 'batchSize', 'maximumBatchingWindowInSeconds', 'functionResponseTypes', 'maximumConcurrency', 'filterCriteria', 'enabled'];

export type Fail = (path: string, what: string) => never;

/** Checks a queue's `triggers` list (`path` is `queues[i].triggers`). */
export function checkTriggers(raw: unknown, path: string, queueName: string, fail: Fail): TriggerSpec[] {
  if (!Array.isArray(raw)) fail(path, 'must be a list of triggers');
  const fifo = queueName.endsWith('.fifo');
  const triggers = (raw as unknown[]).map((t, i) => checkTrigger(t, `${path}[${i}]`, fifo, fail));
  oneMappingPerFunction(triggers, path, 'queue', fail);
  return triggers;
}

/** AWS refuses a second mapping of one function to one queue or stream (ResourceConflictException). */
export function oneMappingPerFunction(triggers: readonly { readonly function: string }[], path: string, what: string, fail: Fail): void {
  const seen = new Set<string>();
  triggers.forEach((t, i) => {
    const fn = parseFunctionRef(t.function, 'x', '000000000000')!;
    const key = `${fn.name}:${fn.qualifier ?? ''}`;
    if (seen.has(key)) fail(`${path}[${i}].function`, `a second trigger of function ${t.function} on this ${what}`);
    seen.add(key);
  });
}

function checkTrigger(raw: unknown, path: string, fifo: boolean, fail: Fail): TriggerSpec {
  const { t, fn, whole, types } = commonFields(raw, path, KEYS, fail);
  const window = whole('maximumBatchingWindowInSeconds', 0, 300, ' (seconds)');
  if (fifo && window !== undefined && window > 0) fail(`${path}.maximumBatchingWindowInSeconds`, 'a batching window is not supported for FIFO queues (AWS)');
  const batchSize = whole('batchSize', 1, fifo ? 10 : 10_000, fifo ? ' on a FIFO queue' : '');
  if (batchSize !== undefined && batchSize > 10 && (window ?? 0) < 1) fail(`${path}.batchSize`, 'above 10 needs maximumBatchingWindowInSeconds of at least 1 (AWS)');
  const maximumConcurrency = whole('maximumConcurrency', 2, 1000, ' (ScalingConfig.MaximumConcurrency)');
  const out: { -readonly [K in keyof TriggerSpec]: TriggerSpec[K] } = { function: fn };
  if (batchSize !== undefined) out.batchSize = batchSize;
  if (window !== undefined) out.maximumBatchingWindowInSeconds = window;
  if (types !== undefined) out.functionResponseTypes = types;
  if (maximumConcurrency !== undefined) out.maximumConcurrency = maximumConcurrency;
  if (t.filterCriteria !== undefined) out.filterCriteria = checkFilterCriteria(t.filterCriteria, `${path}.filterCriteria`, 'sqs', fail);
  if (t.enabled !== undefined) out.enabled = t.enabled as boolean;
  return out;
}

/** What every trigger has (queue's and stream's): an object of known keys, the function, functionResponseTypes, enabled. */
export function commonFields(raw: unknown, path: string, keys: readonly string[], fail: Fail) {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(path, 'must be an object ({ "function": … })');
  const t = raw as Record<string, unknown>;
  for (const k of Object.keys(t)) if (!keys.includes(k)) fail(path, `unknown field "${k}" (known: ${keys.join(', ')})`);
  const fn = t.function;
  if (typeof fn !== 'string' || fn === '') fail(`${path}.function`, fn === undefined ? 'is missing' : 'must be a function name or ARN');
  if (parseFunctionRef(fn as string, 'x', '000000000000') === undefined) {
    fail(`${path}.function`, `"${String(fn)}" is not a function name (1–64 of A–Z a–z 0–9 _ -) or ARN (arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>])`);
  }
  const whole = (k: string, min: number, max: number, what: string): number | undefined => {
    const v = t[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(`${path}.${k}`, `must be a whole number from ${min} to ${max}${what}`);
    return v as number;
  };
  let types: TriggerSpec['functionResponseTypes'];
  if (t.functionResponseTypes !== undefined) {
    const list = t.functionResponseTypes;
    if (!Array.isArray(list) || list.some((x) => x !== 'ReportBatchItemFailures') || list.length > 1) {
      fail(`${path}.functionResponseTypes`, 'must be [] or ["ReportBatchItemFailures"]');
    }
    types = list as TriggerSpec['functionResponseTypes'];
  }
  if (t.enabled !== undefined && typeof t.enabled !== 'boolean') fail(`${path}.enabled`, 'must be true or false');
  return { t, fn: fn as string, whole, types };
}

/** A FilterCriteriaSpec's patterns as the JSON strings Lambda takes (an object given is encoded). */
export function filterPatterns(criteria: FilterCriteriaSpec): string[] {
  return (criteria.filters ?? []).map((f) => (typeof f.pattern === 'string' ? f.pattern : JSON.stringify(f.pattern)));
}

/**
 * Checks a trigger's `filterCriteria` (`path` is `….filterCriteria`) for a queue's ('sqs') or a
 * stream's ('kinesis') mapping: its shape, then every pattern compiled as the mapping will
 * (filter-criteria.ts), so that a pattern Lambda would refuse stops the start with its place.
 * `{}` and `{ "filters": [] }` are no filter, as AWS takes them.
 */
export function checkFilterCriteria(raw: unknown, path: string, source: FilterSource, fail: Fail): FilterCriteriaSpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(path, 'must be an object ({ "filters": [{ "pattern": … }] }, FilterCriteria)');
  const c = raw as Record<string, unknown>;
  for (const k of Object.keys(c)) if (k !== 'filters') fail(path, `unknown field "${k}" (known: filters)`);
  if (c.filters === undefined) return c as FilterCriteriaSpec;
  if (!Array.isArray(c.filters)) fail(`${path}.filters`, 'must be a list of { "pattern": … }');
  (c.filters as unknown[]).forEach((f, i) => {
    const where = `${path}.filters[${i}]`;
    if (typeof f !== 'object' || f === null || Array.isArray(f)) fail(where, 'must be an object ({ "pattern": … })');
    for (const k of Object.keys(f as object)) if (k !== 'pattern') fail(where, `unknown field "${k}" (known: pattern)`);
    const pattern = (f as Record<string, unknown>).pattern;
    if (pattern === undefined) fail(`${where}.pattern`, 'is missing');
    if (typeof pattern !== 'string' && (typeof pattern !== 'object' || pattern === null || Array.isArray(pattern))) fail(`${where}.pattern`, 'must be a JSON string (as AWS takes it) or an object');
    if (typeof pattern === 'object' && !jsonEncodable(pattern)) fail(`${where}.pattern`, `is nested too deeply to be a pattern (at most ${MAX_PATTERN_LENGTH} characters as JSON)`);
  });
  const criteria = c as FilterCriteriaSpec;
  try {
    compileFilterCriteria(filterPatterns(criteria), source);
  } catch (e) {
    if (!(e instanceof FilterCriteriaError)) throw e;
    fail(e.filter === undefined ? `${path}.filters` : `${path}.filters[${e.filter}].pattern`, `${e.message} (InvalidParameterValueException)`);
  }
  return criteria;
}
