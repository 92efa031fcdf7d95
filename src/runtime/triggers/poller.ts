import type { Message } from '@aws-sdk/client-sqs';
import { isServiceError } from '../../services/shared/errors.js';
import { invokeOutcome, type InvokeAnswer, type LambdaInvoker } from '../../services/shared/lambda.js';
import type { Handler, RequestContext } from '../../services/shared/service.js';
import type { Clock } from '../clock.js';
import type { Log } from '../logger.js';
import { batchResult } from './batch-result.js';
import { sqsEvent, sqsEventRecord } from './event.js';
import { abortableSleep, type MappingBase } from './common.js';
import type { RecordFilter } from './filter-criteria.js';

/**
 * One SQS event source mapping at work: what Lambda's pollers do for a queue, in-process. Each of
 * `concurrency` slots loops: long-poll the queue through the SQS service's ReceiveMessage handler
 * (never over HTTP, never through the store: ARCHITECTURE §1), gather up to `batchSize` messages
 * within the batching window, invoke the function once with them (RequestResponse), then delete
 * what succeeded with DeleteMessageBatch (batch-result.ts says what that is). So at most
 * `concurrency` batches are in flight, and every rule of SQS holds for them: a FIFO message group
 * is handed to one batch at a time and in order (the group stays locked while any of its messages
 * is in flight, also across nodes), a message not deleted comes back after its visibility timeout,
 * and the queue's RedrivePolicy moves it to the dead-letter queue after maxReceiveCount receives.
 * Nothing is kept anywhere else, so a restart (or kill -9) loses nothing: what was in flight is
 * received again once its visibility timeout ends. Several nodes each poll; SQS shares the work.
 * With FilterCriteria (`filter`), a message no filter matches is deleted as it is received and
 * never invoked, as Lambda does for SQS; a batch is filled with matching messages only (Lambda
 * applies the filter to each message before adding it to the batch), and an empty one invokes
 * nothing. While the function fails, fewer slots poll (SlotLimit below: Lambda's back-off).
 *
 * States of a slot: receiving → (nothing within 20 s) receiving | (messages) gathering until the
 * batch is full or the window ends → invoking (retried while Lambda is unreachable, throttles or
 * fails on its side, as long as the batch is still invisible) → deleting → receiving; after a
 * batch Lambda never took, or a queue that cannot be read, the slot pauses (1 s doubling to 60 s)
 * before receiving again. close() aborts receives, waits and calls; the batch under way comes back.
 */
export interface TriggerMapping extends MappingBase {
  readonly queueName: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly concurrency: number;
  /** FilterCriteria (filter-criteria.ts), if the trigger has any. */
  readonly filter?: RecordFilter;
}

export interface PollerDeps {
  readonly sqs: { readonly handlers: Readonly<Record<string, Handler>> };
  readonly clock: Clock;
  readonly log: Log;
  readonly invoker: LambdaInvoker;
}

/** A synchronous invocation's response may be 6 MB (Lambda's quota): the batch item failures are in it. */
const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
/**
 * Lambda's synchronous payload quota (6 MB). Gathering stops once the bodies reach half of it, to
 * leave room for the records' other fields: a heuristic, not a guarantee (one more receive may add
 * up to 10 large messages); an event Lambda refuses as too large comes back like any failed batch.
 */
const MAX_EVENT_BYTES = 6 * 1024 * 1024;
const LONG_POLL_SECONDS = 20;
const MAX_PAUSE_MS = 60_000;

export function startPoller(mapping: TriggerMapping, deps: PollerDeps): { close(): Promise<void> } {
  const { clock, log } = deps;
  const closing = new AbortController();
  let requests = 0;
  let visibility: { seconds: number; readAt: number } | undefined;
  const fields = { queue: mapping.queueName, function: mapping.functionRef };
  const limit = new SlotLimit(mapping.concurrency, (allowed, why) => log('info', `trigger: ${why}: ${allowed} of ${mapping.concurrency} batches at once`, fields));

  const context = (signal: AbortSignal): RequestContext => ({
    requestId: `trigger-${mapping.queueName}-${++requests}`,
    accountId: mapping.accountId,
    region: mapping.region,
    baseUrl: `https://sqs.${mapping.region}.amazonaws.com`,
    signal,
  });

  const call = async <T>(operation: string, input: object, signal = closing.signal): Promise<T> => (await deps.sqs.handlers[operation]!(input, context(signal))) as T;

  /** Sleeps `ms` on the server's clock, or until close. */
  const sleep = (ms: number): Promise<void> => abortableSleep(clock, ms, closing.signal);

  /** One ReceiveMessage of up to `max`, waiting at most `waitMs` for the first message. */
  async function receive(max: number, waitMs: number): Promise<Message[]> {
    const cut = new AbortController();
    const abort = () => cut.abort();
    closing.signal.addEventListener('abort', abort, { once: true });
    // WaitTimeSeconds is whole seconds: a wait ending inside a second (the batching window) is cut by the signal.
    const cancel = waitMs < LONG_POLL_SECONDS * 1000 ? clock.setTimer(waitMs, abort) : () => {};
    try {
      const input = { QueueUrl: mapping.queueUrl, MaxNumberOfMessages: max, WaitTimeSeconds: Math.min(LONG_POLL_SECONDS, Math.ceil(waitMs / 1000)), AttributeNames: ['All'], MessageAttributeNames: ['All'] };
      return (await call<{ Messages?: Message[] }>('ReceiveMessage', input, cut.signal)).Messages ?? [];
    } finally {
      cancel();
      closing.signal.removeEventListener('abort', abort);
    }
  }

  /** Up to batchSize messages: one receive, then more until the batch is full or the window ends. */
  async function gather(): Promise<{ batch: Message[]; receivedAt: number }> {
    const first = await receive(Math.min(10, mapping.batchSize), LONG_POLL_SECONDS * 1000);
    // The first messages' visibility timeout runs from now: the whole batch must be done by its end.
    const receivedAt = clock.now();
    const batch = await filtered(first);
    if (first.length === 0 || mapping.windowSeconds === 0) return { batch, receivedAt };
    const deadline = receivedAt + mapping.windowSeconds * 1000;
    let bytes = batch.reduce((n, m) => n + Buffer.byteLength(m.Body ?? ''), 0);
    while (batch.length < mapping.batchSize && !closing.signal.aborted && bytes < MAX_EVENT_BYTES / 2) {
      const left = deadline - clock.now();
      if (left <= 0) break;
      const more = await filtered(await receive(Math.min(10, mapping.batchSize - batch.length), left));
      batch.push(...more);
      bytes += more.reduce((n, m) => n + Buffer.byteLength(m.Body ?? ''), 0);
    }
    return { batch, receivedAt };
  }

  /** The messages a filter matches; the others are deleted now, never invoked (Lambda: "removes the message from the queue"). */
  async function filtered(messages: Message[]): Promise<Message[]> {
    const filter = mapping.filter;
    if (filter === undefined || messages.length === 0) return messages;
    const kept: Message[] = [];
    const dropped: Message[] = [];
    for (const m of messages) (filter.matches(sqsEventRecord(m, mapping.queueArn, mapping.region)) ? kept : dropped).push(m);
    if (dropped.length > 0) {
      await remove(dropped);
      log('debug', 'trigger: messages no filter matches were deleted', { ...fields, deleted: dropped.length, kept: kept.length });
    }
    return kept;
  }

  /** The queue's visibility timeout, read again at most every 10 s: how long a batch may take. */
  async function visibilitySeconds(): Promise<number> {
    if (visibility === undefined || clock.now() - visibility.readAt > 10_000) {
      const attributes = (await call<{ Attributes?: Record<string, string> }>('GetQueueAttributes', { QueueUrl: mapping.queueUrl, AttributeNames: ['VisibilityTimeout'] })).Attributes;
      visibility = { seconds: Number(attributes?.VisibilityTimeout ?? 30), readAt: clock.now() };
    }
    return visibility.seconds;
  }

  /**
   * Invokes the function with the batch; 'ok' when the function ran and answered (failed items
   * reported or not), 'failed' when it failed (X-Amz-Function-Error, an answer that fails the
   * whole batch), 'unavailable' when Lambda never took it. Calls Lambda did not take (no connection, 429, 5xx,
   * a refused signature: invokeOutcome's retried ones) are made again, 1 s doubling, while the
   * batch is still invisible; a function error is not retried: the messages come back on their own.
   */
  async function invoke(batch: Message[], receivedAt: number): Promise<'ok' | 'failed' | 'unavailable'> {
    const deadline = receivedAt + (await visibilitySeconds()) * 1000;
    const event = JSON.stringify(sqsEvent(batch, mapping.queueArn, mapping.region));
    const ids = batch.map((m) => m.MessageId!);
    for (let delay = 1_000; ; delay = Math.min(delay * 2, 30_000)) {
      let answer: InvokeAnswer | undefined;
      let failure = '';
      let retried = true;
      try {
        answer = await deps.invoker.invoke(mapping.fn, event, 'RequestResponse', { timeoutMs: Math.max(1_000, deadline - clock.now()), signal: closing.signal, maxBodyBytes: MAX_RESPONSE_BYTES });
      } catch (error) {
        if (closing.signal.aborted) return 'ok';
        failure = `Lambda ${deps.invoker.endpoint}: ${error instanceof Error ? error.message : String(error)}`;
      }
      if (answer !== undefined) {
        const result = batchResult(answer, ids, mapping.reportBatchItemFailures);
        if (result.ok) {
          await remove(batch.filter((m) => !result.failedIds.has(m.MessageId!)));
          if (result.failedIds.size > 0) log('info', 'trigger: the function reported failed messages; they come back after their visibility timeout', { ...fields, failed: result.failedIds.size, of: batch.length });
          return 'ok';
        }
        failure = result.reason;
        if (result.functionError) {
          log('warn', `trigger: ${failure}; the batch comes back after its visibility timeout`, { ...fields, messages: batch.length });
          return 'failed';
        }
        const outcome = invokeOutcome(answer.status, answer.errorType, answer.body);
        retried = !outcome.ok && !outcome.permanent;
      }
      if (!retried || clock.now() + delay >= deadline) {
        log('error', `trigger: ${failure}; the batch comes back after its visibility timeout`, { ...fields, messages: batch.length });
        return 'unavailable';
      }
      // A throttled call backs the mapping off too (Lambda: "reducing the amount of concurrency allocated").
      limit.failed();
      log('warn', `trigger: ${failure}; invoking again in ${delay} ms`, fields);
      await sleep(delay);
      if (closing.signal.aborted) return 'ok';
    }
  }

  /** Deletes the messages that succeeded (DeleteMessageBatch takes 10 at a time). */
  async function remove(messages: Message[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      const Entries = messages.slice(i, i + 10).map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle! }));
      // Not cut by close(): a batch the function processed is deleted before the server stops.
      const result = await call<{ Failed?: { Id: string; Message?: string }[] }>('DeleteMessageBatch', { QueueUrl: mapping.queueUrl, Entries }, new AbortController().signal);
      // A receipt whose visibility timeout ended (the function took longer): the message is received again, as on AWS.
      if (result.Failed?.length) log('warn', 'trigger: messages the function processed could not be deleted (their visibility timeout had ended)', { ...fields, failed: result.Failed.length });
    }
  }

  async function slot(index: number): Promise<void> {
    let pause = 0;
    while (!closing.signal.aborted) {
      if (pause > 0) await sleep(pause);
      await limit.admit(index, closing.signal);
      if (closing.signal.aborted) return;
      try {
        const { batch, receivedAt } = await gather();
        if (batch.length === 0) continue;
        const outcome = await invoke(batch, receivedAt);
        if (outcome === 'ok') limit.succeeded();
        else limit.failed();
        pause = outcome === 'unavailable' ? Math.min(Math.max(pause * 2, 1_000), MAX_PAUSE_MS) : 0;
      } catch (error) {
        if (closing.signal.aborted) return;
        // The queue was deleted, or the store failed: say so, wait, and try again.
        pause = Math.min(Math.max(pause * 2, 1_000), MAX_PAUSE_MS);
        const text = isServiceError(error) ? `${error.shape}: ${error.message}` : String(error);
        log('error', `trigger: cannot poll the queue: ${text}`, { ...fields, retryInMs: pause });
      }
    }
  }

  const slots = Array.from({ length: mapping.concurrency }, (_, i) => slot(i));
  return {
    async close() {
      closing.abort();
      await Promise.all(slots);
    },
  };
}

/**
 * How many of a mapping's slots may poll: Lambda's back-off of a failing function [Lambda
 * developer guide, "Handling errors for an SQS event source in Lambda", Backoff strategy for
 * failed invocations]. AWS: when the function's code fails, "Lambda gradually backs off, reducing
 * the amount of concurrency allocated to your Amazon SQS event source mapping" (the messages come
 * back after their visibility timeout); when an invocation is throttled it backs off the same way
 * while it retries; once the errors are resolved the function scales up again (AWS Knowledge
 * Center, "Lambda SQS scaling"). AWS gives no numbers, so this is our choice, additive increase /
 * multiplicative decrease: each failed batch (or throttled call) halves the slots allowed, never
 * below one (one slot keeps polling, so that a recovered function is seen); each successful batch
 * gives one slot back, up to maximumConcurrency. A slot over the limit finishes the batch it has,
 * then polls nothing until it is allowed again. Each node backs off on its own.
 */
export class SlotLimit {
  private allowed: number;
  private readonly waiting = new Set<() => void>();

  constructor(
    private readonly max: number,
    private readonly changed: (allowed: number, why: string) => void = () => {},
  ) {
    this.allowed = max;
  }

  get current(): number {
    return this.allowed;
  }

  failed(): void {
    const next = Math.max(1, Math.floor(this.allowed / 2));
    if (next === this.allowed) return;
    this.allowed = next;
    this.changed(next, 'the function is failing, backing off');
  }

  succeeded(): void {
    if (this.allowed >= this.max) return;
    this.allowed++;
    this.changed(this.allowed, 'the function succeeds again, scaling up');
    for (const wake of [...this.waiting]) wake();
  }

  /** Resolves once slot `index` (0-based) may poll, or at abort. */
  async admit(index: number, signal: AbortSignal): Promise<void> {
    while (index >= this.allowed && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiting.delete(wake);
          signal.removeEventListener('abort', wake);
          resolve();
        };
        this.waiting.add(wake);
        signal.addEventListener('abort', wake, { once: true });
      });
    }
  }
}
