import { parseFunctionRef } from '../services/shared/lambda.js';

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
 * - enabled: default true.
 */
export interface TriggerSpec {
  /** `arn:aws:lambda:<region>:<account>:function:<name>[:<version or alias>]`, or the bare name (the queue's account and region). */
  readonly function: string;
  readonly batchSize?: number;
  readonly maximumBatchingWindowInSeconds?: number;
  readonly functionResponseTypes?: readonly 'ReportBatchItemFailures'[];
  readonly maximumConcurrency?: number;
  readonly enabled?: boolean;
}

export const TRIGGER_DEFAULTS = { batchSize: 10, maximumBatchingWindowInSeconds: 0, enabled: true } as const;

const KEYS = ['function', 'batchSize', 'maximumBatchingWindowInSeconds', 'functionResponseTypes', 'maximumConcurrency', 'enabled'];

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
