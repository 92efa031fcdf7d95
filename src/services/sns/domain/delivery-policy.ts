/**
 * Delivery policies (HTTP/S retries). Stored as given; what GetTopicAttributes and
 * GetSubscriptionAttributes show as `EffectiveDeliveryPolicy` is the given policy over AWS's
 * defaults, in AWS's key order [AWS-recorded, LocalStack snapshots]. The HTTP delivery work
 * (retry phases, backoff functions, throttling) reads the same effective policy.
 */
import { parseJsonRoot } from './filter-policy/json-reader.js';

/** AWS's default retry policy for HTTP/S endpoints: 3 retries, 20 s apart. */
export const DEFAULT_HEALTHY_RETRY_POLICY = {
  minDelayTarget: 20,
  maxDelayTarget: 20,
  numRetries: 3,
  numMaxDelayRetries: 0,
  numNoDelayRetries: 0,
  numMinDelayRetries: 0,
  backoffFunction: 'linear',
} as const;

const DEFAULT_CONTENT_TYPE = 'text/plain; charset=UTF-8';

type Json = Record<string, unknown>;

function parseObject(text: string | undefined): Json | undefined {
  if (!text) return undefined;
  try {
    const v = parseJsonRoot(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
  } catch {
    return undefined;
  }
}

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

/** The topic's EffectiveDeliveryPolicy: `{"http":{defaultHealthyRetryPolicy, disableSubscriptionOverrides, defaultRequestPolicy …}}`. */
export function effectiveTopicDeliveryPolicy(deliveryPolicy: string | undefined): string {
  const http = obj(parseObject(deliveryPolicy)?.http);
  return JSON.stringify({
    http: {
      ...http,
      defaultHealthyRetryPolicy: { ...DEFAULT_HEALTHY_RETRY_POLICY, ...obj(http.defaultHealthyRetryPolicy) },
      disableSubscriptionOverrides: http.disableSubscriptionOverrides ?? false,
      defaultRequestPolicy: { headerContentType: DEFAULT_CONTENT_TYPE, ...obj(http.defaultRequestPolicy) },
    },
  });
}

/**
 * An HTTP/S subscription's EffectiveDeliveryPolicy: its own policy over the topic's (unless the
 * topic disables overrides), in the subscription-level shape
 * `{healthyRetryPolicy, sicklyRetryPolicy, throttlePolicy, requestPolicy, guaranteed}`.
 */
export function effectiveSubscriptionDeliveryPolicy(subscriptionPolicy: string | undefined, topicPolicy: string | undefined): string {
  const topicHttp = obj(JSON.parse(effectiveTopicDeliveryPolicy(topicPolicy)).http);
  const own = topicHttp.disableSubscriptionOverrides === true ? {} : obj(parseObject(subscriptionPolicy));
  return JSON.stringify({
    healthyRetryPolicy: { ...obj(topicHttp.defaultHealthyRetryPolicy), ...obj(own.healthyRetryPolicy) },
    sicklyRetryPolicy: own.sicklyRetryPolicy ?? topicHttp.defaultSicklyRetryPolicy ?? null,
    throttlePolicy: own.throttlePolicy ?? topicHttp.defaultThrottlePolicy ?? null,
    requestPolicy: { ...obj(topicHttp.defaultRequestPolicy), ...obj(own.requestPolicy) },
    guaranteed: own.guaranteed ?? false,
  });
}
