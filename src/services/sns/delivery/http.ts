import http from 'node:http';
import https from 'node:https';
import type { Clock } from '../../../runtime/clock.js';
import { controlEnvelope, controlStringToSign, notificationEnvelope, notificationStringToSign, type SignatureFields } from '../domain/envelope.js';
import { httpDeliveryPolicy, httpRetryDelay } from '../domain/http-retry.js';
import { messageFor, type Publication } from '../domain/publication.js';
import type { ThrottleSlot } from '../throttle.js';
import type { DeliveryJob, DeliveryResult } from './job.js';

/**
 * Delivery to HTTP/S endpoints (AWS-WIRE §2.2, §2.4): one POST per attempt with AWS's headers and
 * the JSON envelope (or the raw message), signed with the server key. A 2xx answer is delivered;
 * anything else (another status, a refused connection, a timeout) is retried under the
 * subscription's effective DeliveryPolicy, then dead-lettered or failed by the dispatcher.
 *
 * Throttling (throttlePolicy.maxReceivesPerSecond) paces the attempts of one subscription across
 * every node: the store hands out its start slots (`SnsStore.throttleSlot`, services/sns/throttle.ts),
 * asked only for subscriptions that have a throttlePolicy. An attempt waits for its slot (on the
 * injected clock) while that is short; a longer wait hands the delivery back to the outbox, untried,
 * until about when a slot is free: never dropped, and not an attempt of the retry policy.
 * At most `maxInFlightPerSubscription` POSTs go to one subscription at once from this node (those
 * waiting for a slot included): one slow or throttled endpoint with a backlog cannot take every
 * dispatcher slot and delay the other endpoints.
 */
export interface HttpDeliveryOptions {
  /** How long one POST may take (default 10 s: below the dispatcher's 15 s lease). */
  readonly timeoutMs?: number;
  /** Longest pacing wait held inside an attempt (default 5 s). */
  readonly maxPacingWaitMs?: number;
  /**
   * POSTs in flight to one subscription at most (default 4). More are handed back untried for a
   * second, so a slow endpoint with a backlog holds a few of the dispatcher's slots, never all.
   */
  readonly maxInFlightPerSubscription?: number;
  /** For tests: the agent for https endpoints (e.g. trusting a test CA). */
  readonly httpsAgent?: https.Agent;
}

const USER_AGENT = 'Amazon Simple Notification Service Agent';
const DEFAULT_CONTENT_TYPE = 'text/plain; charset=UTF-8';

export type Sign = (stringToSign: string, version: '1' | '2', region: string) => Promise<SignatureFields>;

/** The store's throttle slots (SnsStore.throttleSlot). */
export type ThrottleSlots = (subscriptionArn: string, perSecond: number, now: number, maxWaitMs: number) => Promise<ThrottleSlot>;

export interface HttpRequestPlan {
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The POST a job makes: headers and body, as AWS sends them. */
export async function httpRequestPlan(job: DeliveryJob, sign: Sign): Promise<HttpRequestPlan> {
  const p: Publication = job.publication;
  const region = p.topicArn.split(':')[3] ?? 'us-east-1';
  const policy = httpDeliveryPolicy(job.target.effectiveDeliveryPolicy);
  const headers: Record<string, string> = {
    'x-amz-sns-message-type': p.control?.type ?? 'Notification',
    'x-amz-sns-message-id': p.messageId,
    'x-amz-sns-topic-arn': p.topicArn,
  };
  // AWS names the subscription on every message but the SubscriptionConfirmation.
  if (p.control?.type !== 'SubscriptionConfirmation') headers['x-amz-sns-subscription-arn'] = job.delivery.subscriptionArn;
  let body: string;
  if (p.control) {
    body = controlEnvelope(p, await sign(controlStringToSign(p), p.signatureVersion, region));
  } else if (job.target.raw) {
    headers['x-amz-sns-rawdelivery'] = 'true';
    body = messageFor(p, job.target.protocol);
  } else {
    const message = messageFor(p, job.target.protocol);
    const signature = await sign(notificationStringToSign(p, message), p.signatureVersion, region);
    body = notificationEnvelope(p, { subscriptionArn: job.delivery.subscriptionArn, protocol: job.target.protocol, signature });
  }
  headers['content-type'] = policy.headerContentType ?? DEFAULT_CONTENT_TYPE;
  headers['user-agent'] = USER_AGENT;
  return { headers, body };
}

export function httpDelivery(sign: Sign, clock: Clock, slots: ThrottleSlots, options: HttpDeliveryOptions = {}) {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxWait = options.maxPacingWaitMs ?? 5_000;
  const maxInFlight = options.maxInFlightPerSubscription ?? 4;
  const inFlight = new Map<string, number>();
  const closing = new AbortController();

  /**
   * Waits for this subscription's throttle slot: undefined once it has come (or the subscription is
   * not throttled), else how long to hand the delivery back for (its slot is more than maxWait away).
   */
  async function pace(job: DeliveryJob, rate: number | undefined): Promise<number | undefined> {
    if (rate === undefined) return undefined;
    const now = clock.now();
    const slot = await slots(job.delivery.subscriptionArn, rate, now, maxWait);
    if (!slot.taken) return Math.max(1, Math.ceil(slot.at - now - maxWait)); // then the slot is within maxWait
    const wait = Math.ceil(slot.at - clock.now());
    if (wait > 0) await new Promise<void>((resolve) => clock.setTimer(wait, resolve));
    return undefined;
  }

  async function deliver(job: DeliveryJob): Promise<DeliveryResult> {
    const policy = httpDeliveryPolicy(job.target.effectiveDeliveryPolicy);
    const key = job.delivery.subscriptionArn;
    const busy = inFlight.get(key) ?? 0;
    if (busy >= maxInFlight) return { ok: false, permanent: false, deferred: true, retryInMs: 1_000, error: `${busy} attempts in flight to this endpoint` };
    inFlight.set(key, busy + 1);
    try {
      return await attempt(job, policy);
    } finally {
      const left = (inFlight.get(key) ?? 1) - 1;
      if (left > 0) inFlight.set(key, left);
      else inFlight.delete(key);
    }
  }

  async function attempt(job: DeliveryJob, policy: ReturnType<typeof httpDeliveryPolicy>): Promise<DeliveryResult> {
    const later = await pace(job, policy.maxReceivesPerSecond);
    if (later !== undefined) return { ok: false, permanent: false, deferred: true, retryInMs: later, error: 'throttled by throttlePolicy.maxReceivesPerSecond' };
    const plan = await httpRequestPlan(job, sign);
    try {
      const status = await post(job.target.endpoint, plan, timeoutMs, closing.signal, options.httpsAgent);
      if (status >= 200 && status < 300) return { ok: true };
      return { ok: false, permanent: false, error: `the endpoint answered HTTP ${status}` };
    } catch (e) {
      if (closing.signal.aborted) return { ok: false, permanent: false, error: 'interrupted: the server is shutting down', retryInMs: 0 };
      return { ok: false, permanent: false, error: e instanceof Error ? e.message : String(e) };
    }
  }

  return {
    deliver,
    /** The HTTP/S retry schedule of the job's effective delivery policy. */
    retryDelay: (job: DeliveryJob, attempts: number) => httpRetryDelay(httpDeliveryPolicy(job.target.effectiveDeliveryPolicy).healthyRetryPolicy, attempts),
    /** Aborts the POSTs under way (server shutdown). */
    close: () => closing.abort(),
  };
}

function post(endpoint: string, plan: HttpRequestPlan, timeoutMs: number, signal: AbortSignal, httpsAgent?: https.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(endpoint);
    const body = Buffer.from(plan.body, 'utf8');
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(url, {
      method: 'POST',
      headers: { ...plan.headers, 'content-length': String(body.length) },
      signal,
      timeout: timeoutMs,
      agent: url.protocol === 'https:' ? httpsAgent : undefined,
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.on('response', (res) => {
      res.resume(); // the answer's body does not matter
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(res.statusCode ?? 0));
    });
    req.end(body);
  });
}
