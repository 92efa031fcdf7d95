import type { RequestContext } from '../shared/service.js';
import type { Clock } from '../../runtime/clock.js';
import type { Ids } from '../../runtime/ids.js';
import { sqsErrors } from './errors.js';
import { isQueueName, parseQueueUrl } from './domain/queue-url.js';
import type { LongPollWaiters } from './long-poll.js';
import type { MoveTaskRunner } from './move-tasks.js';
import type { InFlightGauge } from './in-flight-limit.js';
import type { SqsObserver } from './observer.js';
import type { EnqueueResult, NewMessage, QueueRecord, SqsStore } from './store.js';
import { DEDUP_WINDOW_MS } from './domain/fifo.js';
import type { QueueSettings } from './domain/queue-attributes.js';

/** Everything an SQS operation may use; built once per server by `createSqsService`. */
export interface SqsDeps {
  readonly store: SqsStore;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly waiters: LongPollWaiters;
  readonly moveTasks: MoveTaskRunner;
  readonly inFlight: InFlightGauge;
  /** Counts for the metrics (observer.ts); a no-op unless the runtime gives one. */
  readonly observer: SqsObserver;
}

export type SqsOperation<I, O> = (deps: SqsDeps, input: I, ctx: RequestContext) => Promise<O>;

/** The queue a QueueUrl names (by account and name; the host is ignored), or QueueDoesNotExist. */
export async function resolveQueue(deps: SqsDeps, queueUrl: string | undefined): Promise<QueueRecord> {
  if (queueUrl === undefined || queueUrl === '') throw sqsErrors.missingParameter('QueueUrl');
  const { accountId, name } = parseQueueUrl(queueUrl);
  const queue = isQueueName(name) ? await deps.store.getQueue(accountId, name) : undefined;
  if (!queue) throw sqsErrors.queueDoesNotExist();
  return queue;
}

/**
 * Stores messages (FIFO: deduplicated, see FifoEnqueue); a queue deleted between the lookup and the write (engines refuse to store
 * messages for a missing queue) is reported as QueueDoesNotExist, not as an internal failure.
 */
export async function enqueue(
  deps: SqsDeps,
  queue: QueueRecord,
  settings: QueueSettings,
  messages: readonly NewMessage[],
  now: number,
): Promise<EnqueueResult[]> {
  const fifo = settings.fifo ? { now, windowMs: DEDUP_WINDOW_MS, scope: settings.deduplicationScope } : undefined;
  try {
    return await deps.store.enqueue(queue.id, messages, fifo);
  } catch (error) {
    const current = await deps.store.getQueue(queue.accountId, queue.name);
    if (current?.id !== queue.id) throw sqsErrors.queueDoesNotExist();
    throw error;
  }
}
