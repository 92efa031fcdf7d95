/**
 * AWS's fixed delivery retry policies, from the SNS developer guide ("Amazon SNS message delivery
 * retries"). Only server-side failures are retried; client-side ones (the queue does not exist,
 * access denied, the mailbox does not exist …) are not: they go to the dead-letter queue at once.
 * AWS adds jitter; we add none.
 */
interface PhasedPolicy {
  readonly immediate: number;
  readonly preBackoff: number;
  readonly backoff: number;
  readonly postBackoff: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/**
 * AWS-managed endpoints (SQS, Lambda, Firehose): 3 immediate retries, 2 retries 1 s apart, 10
 * retries backing off exponentially from 1 s to 20 s, then 100,000 retries 20 s apart — 100,015
 * retries over about 23 days.
 */
const MANAGED: PhasedPolicy = { immediate: 3, preBackoff: 2, backoff: 10, postBackoff: 100_000, minMs: 1_000, maxMs: 20_000 };

/**
 * Customer-managed endpoints, SMTP among them: no immediate retry, 2 retries 10 s apart, 10
 * retries backing off exponentially from 10 s to 600 s, then 38 retries 600 s apart — 50 retries
 * over about 6 hours.
 */
const CUSTOMER_MANAGED: PhasedPolicy = { immediate: 0, preBackoff: 2, backoff: 10, postBackoff: 38, minMs: 10_000, maxMs: 600_000 };

/**
 * Milliseconds to wait before the next attempt, after `attempts` attempts have failed (the first
 * attempt is not a retry), or undefined when the policy is exhausted.
 */
export function managedEndpointRetryDelay(attempts: number): number | undefined {
  return phasedDelay(MANAGED, attempts);
}

/** The same for SMTP (email, email-json) deliveries. */
export function smtpRetryDelay(attempts: number): number | undefined {
  return phasedDelay(CUSTOMER_MANAGED, attempts);
}

function phasedDelay(p: PhasedPolicy, attempts: number): number | undefined {
  const retry = attempts; // the retry this delay leads to (1-based)
  if (retry <= p.immediate) return 0;
  if (retry <= p.immediate + p.preBackoff) return p.minMs;
  if (retry <= p.immediate + p.preBackoff + p.backoff) {
    const step = retry - p.immediate - p.preBackoff - 1; // 0 … backoff-1
    return Math.round(p.minMs * (p.maxMs / p.minMs) ** (step / (p.backoff - 1)));
  }
  if (retry <= p.immediate + p.preBackoff + p.backoff + p.postBackoff) return p.maxMs;
  return undefined;
}
