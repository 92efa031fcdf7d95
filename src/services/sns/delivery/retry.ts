/**
 * AWS's delivery retry policy for AWS-managed endpoints (SQS, Lambda, Firehose), from the SNS
 * developer guide ("Amazon SNS message delivery retries"): 3 immediate retries, 2 retries 1 s
 * apart, 10 retries backing off exponentially from 1 s to 20 s, then 100,000 retries 20 s apart —
 * 100,015 retries over about 23 days. Only server-side failures are retried; client-side ones
 * (the queue does not exist, access denied …) are not: they go to the dead-letter queue at once.
 */
const IMMEDIATE = 3;
const PRE_BACKOFF = 2;
const BACKOFF = 10;
const POST_BACKOFF = 100_000;
const MIN_MS = 1_000;
const MAX_MS = 20_000;

/**
 * Milliseconds to wait before the next attempt, after `attempts` attempts have failed (the first
 * attempt is not a retry), or undefined when the policy is exhausted.
 */
export function managedEndpointRetryDelay(attempts: number): number | undefined {
  const retry = attempts; // the retry this delay leads to (1-based)
  if (retry <= IMMEDIATE) return 0;
  if (retry <= IMMEDIATE + PRE_BACKOFF) return MIN_MS;
  if (retry <= IMMEDIATE + PRE_BACKOFF + BACKOFF) {
    const step = retry - IMMEDIATE - PRE_BACKOFF - 1; // 0 … 9
    return Math.round(MIN_MS * (MAX_MS / MIN_MS) ** (step / (BACKOFF - 1)));
  }
  if (retry <= IMMEDIATE + PRE_BACKOFF + BACKOFF + POST_BACKOFF) return MAX_MS;
  return undefined;
}
