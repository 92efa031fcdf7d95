import { DEFAULT_HEALTHY_RETRY_POLICY } from './delivery-policy.js';
import { parseJsonRoot } from './filter-policy/json-reader.js';

/**
 * HTTP/S delivery policies: their checks when set (topic `DeliveryPolicy` under `http`, and a
 * subscription's own `DeliveryPolicy`) and the retry schedule they describe.
 *
 * AWS's four phases (SNS developer guide, "Amazon SNS message delivery retries"), for
 * `numRetries` = N retries after the first attempt:
 *   1. immediate:    numNoDelayRetries retries, no delay;
 *   2. pre-backoff:  numMinDelayRetries retries, minDelayTarget apart;
 *   3. backoff:      B = N − noDelay − minDelay − maxDelay retries, the delay rising from
 *                    minDelayTarget to maxDelayTarget along backoffFunction;
 *   4. post-backoff: numMaxDelayRetries retries, maxDelayTarget apart.
 * AWS does not publish its backoff curves. Ours, for backoff retry i = 1 … B, with
 * min = minDelayTarget, max = maxDelayTarget, d = max − min (all end at max for i = B):
 *   linear:      min + d · i/B
 *   arithmetic:  min + d · i(i+1) / (B(B+1))        (increments grow by a constant step)
 *   geometric:   min · (max/min)^(i/B)              (each delay a constant factor larger)
 *   exponential: min + d · (2^i − 1) / (2^B − 1)    (increments double)
 * The default policy (3 retries, min = max = 20 s, linear) gives 20 s, 20 s, 20 s. AWS adds
 * jitter; we do not, so that a test can check the schedule to the millisecond.
 *
 * Limits [AWS docs; the wording of the messages is unverified]: minDelayTarget ≥ 1 and ≤
 * maxDelayTarget; maxDelayTarget ≤ 3600; numRetries 0–100; the phase counts ≥ 0 and together ≤
 * numRetries; maxReceivesPerSecond ≥ 1; the whole schedule at most 3,600 s.
 */

export type BackoffFunction = 'linear' | 'arithmetic' | 'geometric' | 'exponential';

export interface HealthyRetryPolicy {
  readonly minDelayTarget: number;
  readonly maxDelayTarget: number;
  readonly numRetries: number;
  readonly numNoDelayRetries: number;
  readonly numMinDelayRetries: number;
  readonly numMaxDelayRetries: number;
  readonly backoffFunction: BackoffFunction;
}

export interface HttpDeliveryPolicy {
  readonly healthyRetryPolicy: HealthyRetryPolicy;
  readonly maxReceivesPerSecond?: number;
  readonly headerContentType?: string;
}

const BACKOFF_FUNCTIONS = new Set(['linear', 'arithmetic', 'geometric', 'exponential']);
const MAX_TOTAL_SECONDS = 3_600;
const MAX_RETRIES = 100;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

/**
 * Checks a DeliveryPolicy being set; returns the complaint (after "DeliveryPolicy: ") or undefined.
 * `level` says where the retry policy sits: a topic's `http.defaultHealthyRetryPolicy`, a
 * subscription's `healthyRetryPolicy`.
 */
export function deliveryPolicyComplaint(text: string, level: 'topic' | 'subscription'): string | undefined {
  let root: Json | undefined;
  try {
    root = obj(parseJsonRoot(text));
  } catch {
    return undefined; // the JSON check itself is the caller's (Jackson-worded)
  }
  if (!root) return 'must be a JSON object';
  const http = level === 'topic' ? obj(root.http) : root;
  if (!http) return undefined;
  const key = (s: string) => (level === 'topic' ? `default${s.charAt(0).toUpperCase()}${s.slice(1)}` : s);
  const prefix = level === 'topic' ? 'http.' : '';
  const retry = http[key('healthyRetryPolicy')];
  if (retry !== undefined && retry !== null) {
    const r = obj(retry);
    if (!r) return `${prefix}${key('healthyRetryPolicy')} must be an object`;
    const complaint = retryPolicyComplaint(r);
    if (complaint) return `${prefix}${key('healthyRetryPolicy')}.${complaint}`;
  }
  const throttle = http[key('throttlePolicy')];
  if (throttle !== undefined && throttle !== null) {
    const rate = obj(throttle)?.maxReceivesPerSecond;
    if (rate !== undefined && !(Number.isInteger(rate) && (rate as number) >= 1)) return `${prefix}${key('throttlePolicy')}.maxReceivesPerSecond must be an integer greater than or equal to 1`;
  }
  const request = http[key('requestPolicy')];
  if (request !== undefined && request !== null) {
    const type = obj(request)?.headerContentType;
    if (type !== undefined && (typeof type !== 'string' || type === '' || /[\r\n]/.test(type))) return `${prefix}${key('requestPolicy')}.headerContentType is not a valid content type`;
  }
  return undefined;
}

function retryPolicyComplaint(r: Json): string | undefined {
  const p = { ...DEFAULT_HEALTHY_RETRY_POLICY, ...r } as Record<string, unknown>;
  for (const k of ['minDelayTarget', 'maxDelayTarget', 'numRetries', 'numNoDelayRetries', 'numMinDelayRetries', 'numMaxDelayRetries']) {
    if (!Number.isInteger(p[k]) || (p[k] as number) < 0) return `${k} must be a non-negative integer`;
  }
  const n = p as unknown as HealthyRetryPolicy;
  if (n.minDelayTarget < 1) return 'minDelayTarget must be greater than or equal to 1';
  if (n.minDelayTarget > n.maxDelayTarget) return 'minDelayTarget must be less than or equal to maxDelayTarget';
  if (n.maxDelayTarget > MAX_TOTAL_SECONDS) return `maxDelayTarget must be less than or equal to ${MAX_TOTAL_SECONDS}`;
  if (n.numRetries > MAX_RETRIES) return `numRetries must be less than or equal to ${MAX_RETRIES}`;
  if (n.numNoDelayRetries + n.numMinDelayRetries + n.numMaxDelayRetries > n.numRetries) {
    return 'numNoDelayRetries + numMinDelayRetries + numMaxDelayRetries must be less than or equal to numRetries';
  }
  if (!BACKOFF_FUNCTIONS.has(String(p.backoffFunction))) return `backoffFunction must be one of linear, arithmetic, geometric, exponential`;
  const total = retrySchedule(n).reduce((a, b) => a + b, 0) / 1000;
  if (total > MAX_TOTAL_SECONDS) return `numRetries: the retries would take longer than ${MAX_TOTAL_SECONDS} seconds in all`;
  return undefined;
}

/** The policy an HTTP/S delivery follows, from a subscription's EffectiveDeliveryPolicy JSON. */
export function httpDeliveryPolicy(effective: string | undefined): HttpDeliveryPolicy {
  let e: Json = {};
  try {
    e = obj(JSON.parse(effective ?? '{}')) ?? {};
  } catch {
    // stored policies were checked when set
  }
  const r = { ...DEFAULT_HEALTHY_RETRY_POLICY, ...(obj(e.healthyRetryPolicy) ?? {}) } as HealthyRetryPolicy;
  const rate = obj(e.throttlePolicy)?.maxReceivesPerSecond;
  const type = obj(e.requestPolicy)?.headerContentType;
  return {
    healthyRetryPolicy: r,
    maxReceivesPerSecond: typeof rate === 'number' && rate >= 1 ? rate : undefined,
    headerContentType: typeof type === 'string' && type !== '' ? type : undefined,
  };
}

/** The delay (ms) before each retry 1 … numRetries. */
export function retrySchedule(p: HealthyRetryPolicy): number[] {
  const min = p.minDelayTarget;
  const max = p.maxDelayTarget;
  const backoff = Math.max(0, p.numRetries - p.numNoDelayRetries - p.numMinDelayRetries - p.numMaxDelayRetries);
  const out: number[] = [];
  for (let i = 0; i < p.numNoDelayRetries; i++) out.push(0);
  for (let i = 0; i < p.numMinDelayRetries; i++) out.push(min * 1000);
  for (let i = 1; i <= backoff; i++) out.push(Math.round(backoffDelay(p.backoffFunction, min, max, i, backoff) * 1000));
  for (let i = 0; i < p.numMaxDelayRetries; i++) out.push(max * 1000);
  return out.slice(0, p.numRetries);
}

function backoffDelay(f: BackoffFunction, min: number, max: number, i: number, n: number): number {
  const d = max - min;
  switch (f) {
    case 'arithmetic':
      return min + (d * i * (i + 1)) / (n * (n + 1));
    case 'geometric':
      return min * (max / min) ** (i / n);
    case 'exponential':
      return min + (d * (2 ** i - 1)) / (2 ** n - 1);
    default:
      return min + (d * i) / n;
  }
}

/** Milliseconds before the next attempt after `attempts` failed attempts, or undefined when exhausted. */
export function httpRetryDelay(p: HealthyRetryPolicy, attempts: number): number | undefined {
  return retrySchedule(p)[attempts - 1];
}
