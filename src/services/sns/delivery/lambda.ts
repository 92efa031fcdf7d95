import type { Clock } from '../../../runtime/clock.js';
import type { Log } from '../../../runtime/logger.js';
import { isoTimestamp } from '../domain/envelope.js';
import type { SnsRecordsStore } from '../records-store.js';
import type { DeliveryJob, DeliveryResult } from './job.js';
import { invokeOutcome, parseFunctionArn, type InvocationType, type InvokeAnswer, type LambdaFunction, type LambdaInvoker } from '../../shared/lambda.js';
import { recordOutcome, recordedPayload, type Sign } from './recorder.js';
import { managedEndpointRetryDelay } from './retry.js';

/**
 * Real invocations for `lambda` subscriptions (opt-in: `--lambda-endpoint`): each delivery of
 * the outbox is one Invoke call (a LambdaInvoker: runtime/lambda-client.ts) to a Lambda-compatible server — `sam local
 * start-lambda`, or anything serving Lambda's Invoke operation — with the event SNS gives Lambda
 * (recorder.ts, `lambdaEvent`). The outbox makes it durable; the dispatcher retries it on AWS's
 * schedule for AWS-managed endpoints (retry.ts; the dispatcher's default):
 *
 * - 202 (the event is queued) or 200 (a server that ran it synchronously) → delivered. What the
 *   function then does is Lambda's business, as on AWS: SNS's part ends when Lambda takes the event;
 * - 429, 5xx, 408/409, no connection or no answer → retried;
 * - the function is gone, access denied, the request refused (other 4xx) → permanent: the
 *   subscription's RedrivePolicy queue at once (AWS dead-letters client-side errors), else failed.
 *
 * Servers that only run functions synchronously (`sam local start-lambda` before SAM CLI's Event
 * support answers 501 NotImplemented "invocation-type: Event is not supported") get the same call
 * as RequestResponse at once, and every later one from this node: the attempt then lasts as long
 * as the function runs (at most `timeoutMs`; longer runs are retried, so invoked again).
 *
 * What was invoked stays readable at GET /_switchyard/sns/recorded?protocol=lambda, as without the
 * flag, with the outcome: `status` "sent" (with `sentAt`, `statusCode`, `invocationType`) or
 * "failed" (with `error`), recorded once the delivery is final.
 *
 * A slow function or server holds few dispatcher slots: at most `maxInFlightPerFunction` calls to
 * one function and `maxInFlight` in all at once (more are handed back to the outbox untried for a
 * second), each at most `timeoutMs`; SQS, HTTP/S and the other deliveries carry on.
 */
export interface LambdaDeliveryOptions {
  /** The Lambda-compatible server's Invoke (`--lambda-endpoint`, e.g. `sam local start-lambda`). */
  readonly invoker: LambdaInvoker;
  /** Longest call (default 10 s: below the dispatcher's 15 s lease). */
  readonly timeoutMs?: number;
  /** Calls to one function at once, at most (default 4). */
  readonly maxInFlightPerFunction?: number;
  /** Calls at once in all, at most (default 32 of the dispatcher's 64 slots). */
  readonly maxInFlight?: number;
}

type Answer = InvokeAnswer;

export function lambdaDelivery(options: LambdaDeliveryOptions, store: SnsRecordsStore, clock: Clock, sign: Sign, log: Log) {
  const { invoker } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const perFunction = options.maxInFlightPerFunction ?? 4;
  const maxInFlight = options.maxInFlight ?? 32;
  const inFlight = new Map<string, number>();
  let total = 0;
  let invocationType: InvocationType = 'Event';
  const closing = new AbortController();

  async function attempt(job: DeliveryJob): Promise<DeliveryResult> {
    const { protocol, endpoint } = job.target;
    const payload = await recordedPayload(job.publication, protocol, endpoint, job.delivery.subscriptionArn, sign, job.target.raw);
    const record = (outcome: Record<string, string | number>) => recordOutcome(store, job, payload, outcome, clock.now(), log);
    const fn = parseFunctionArn(endpoint);
    if (!fn) {
      const error = `${endpoint} is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>])`;
      await record({ status: 'failed', error });
      return { ok: false, permanent: true, error };
    }
    const event = JSON.stringify(payload.event);
    let type = invocationType;
    let answer: Answer;
    try {
      answer = await call(fn, event, type);
      if (type === 'Event' && notImplementedEvent(answer)) {
        invocationType = type = 'RequestResponse';
        log('info', 'sns: the Lambda server does not take Event invocations; invoking with RequestResponse', { endpoint: invoker.endpoint });
        answer = await call(fn, event, type);
      }
    } catch (e) {
      if (closing.signal.aborted) return { ok: false, permanent: false, error: 'interrupted: the server is shutting down', retryInMs: 0 };
      const error = `Lambda ${invoker.endpoint}: ${e instanceof Error ? e.message : String(e)}`;
      if (managedEndpointRetryDelay(job.delivery.attempts) === undefined) await record({ status: 'failed', error });
      return { ok: false, permanent: false, error };
    }
    const outcome = invokeOutcome(answer.status, answer.errorType, answer.body);
    if (!outcome.ok) {
      // The dispatcher retries on managedEndpointRetryDelay: when it has none left, this was the last attempt.
      if (outcome.permanent || managedEndpointRetryDelay(job.delivery.attempts) === undefined) await record({ status: 'failed', error: outcome.error });
      return { ok: false, permanent: outcome.permanent, error: outcome.error };
    }
    await record({ status: 'sent', sentAt: isoTimestamp(clock.now()), statusCode: answer.status, invocationType: type });
    return { ok: true };
  }

  function call(fn: LambdaFunction, event: string, type: InvocationType): Promise<Answer> {
    return invoker.invoke(fn, event, type, { timeoutMs, signal: closing.signal }); // an error's text is short; a function's result is not needed
  }

  async function deliver(job: DeliveryJob): Promise<DeliveryResult> {
    const key = job.target.endpoint;
    const busy = inFlight.get(key) ?? 0;
    if (busy >= perFunction || total >= maxInFlight) {
      return { ok: false, permanent: false, deferred: true, retryInMs: 1_000, error: `${busy} invocations of this function, ${total} in all, under way` };
    }
    inFlight.set(key, busy + 1);
    total++;
    try {
      return await attempt(job);
    } finally {
      total--;
      const left = (inFlight.get(key) ?? 1) - 1;
      if (left > 0) inFlight.set(key, left);
      else inFlight.delete(key);
    }
  }

  return {
    deliver,
    /** Aborts the calls under way (server shutdown): they are made again after the restart. */
    close: () => closing.abort(),
  };
}

/** SAM CLI's answer to an Event invocation before it supported them: 501 NotImplemented naming the invocation type. */
function notImplementedEvent(a: Answer): boolean {
  return a.status === 501 && /invocation.?type/i.test(a.body);
}
