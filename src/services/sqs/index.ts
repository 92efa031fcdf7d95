import type { Handler, ServiceDefinition } from '../shared/service.js';
import type { Clock } from '../../runtime/clock.js';
import type { Ids } from '../../runtime/ids.js';
import type { SqsDeps, SqsOperation } from './context.js';
import { sqsErrors } from './errors.js';
import { LongPollWaiters } from './long-poll.js';
import { MoveTaskRunner } from './move-tasks.js';
import { InFlightGauge, type InFlightLimits } from './in-flight-limit.js';
import { NO_SQS_OBSERVER, type SqsObserver } from './observer.js';
import type { Log } from '../../runtime/logger.js';
import { sqsModel } from './model.js';
import { peekMessages, type PeekedMessage } from './peek.js';
import { queueGauges, type QueueGauges } from './stats.js';
import type { SqsStore } from './store.js';
import { addPermission } from './operations/add-permission.js';
import { cancelMessageMoveTask } from './operations/cancel-message-move-task.js';
import { changeMessageVisibility } from './operations/change-message-visibility.js';
import { changeMessageVisibilityBatch } from './operations/change-message-visibility-batch.js';
import { createQueue } from './operations/create-queue.js';
import { deleteMessage } from './operations/delete-message.js';
import { deleteMessageBatch } from './operations/delete-message-batch.js';
import { deleteQueue } from './operations/delete-queue.js';
import { getQueueAttributes } from './operations/get-queue-attributes.js';
import { getQueueUrl } from './operations/get-queue-url.js';
import { listDeadLetterSourceQueues } from './operations/list-dead-letter-source-queues.js';
import { listMessageMoveTasks } from './operations/list-message-move-tasks.js';
import { listQueueTags } from './operations/list-queue-tags.js';
import { listQueues } from './operations/list-queues.js';
import { purgeQueue } from './operations/purge-queue.js';
import { removePermission } from './operations/remove-permission.js';
import { receiveMessage } from './operations/receive-message.js';
import { sendMessage } from './operations/send-message.js';
import { sendMessageBatch } from './operations/send-message-batch.js';
import { setQueueAttributes } from './operations/set-queue-attributes.js';
import { startMessageMoveTask } from './operations/start-message-move-task.js';
import { tagQueue } from './operations/tag-queue.js';
import { untagQueue } from './operations/untag-queue.js';
import { enforceQueuePolicies } from './policy-gate.js';
import { throughputLimiter } from '../shared/rate-shared.js';
import type { SharedRateBuckets } from '../../storage/engine.js';
import { limitFifoThroughput } from './throughput-gate.js';

/**
 * The SQS service: its model, one handler per operation (all 23), and the per-server state
 * (long-poll waiters, the message move task runner).
 */
const operations: Record<string, SqsOperation<any, any>> = {
  AddPermission: addPermission,
  CancelMessageMoveTask: cancelMessageMoveTask,
  ChangeMessageVisibility: changeMessageVisibility,
  ChangeMessageVisibilityBatch: changeMessageVisibilityBatch,
  CreateQueue: createQueue,
  DeleteMessage: deleteMessage,
  DeleteMessageBatch: deleteMessageBatch,
  DeleteQueue: deleteQueue,
  GetQueueAttributes: getQueueAttributes,
  GetQueueUrl: getQueueUrl,
  ListDeadLetterSourceQueues: listDeadLetterSourceQueues,
  ListMessageMoveTasks: listMessageMoveTasks,
  ListQueueTags: listQueueTags,
  ListQueues: listQueues,
  PurgeQueue: purgeQueue,
  ReceiveMessage: receiveMessage,
  RemovePermission: removePermission,
  SendMessage: sendMessage,
  SendMessageBatch: sendMessageBatch,
  SetQueueAttributes: setQueueAttributes,
  StartMessageMoveTask: startMessageMoveTask,
  TagQueue: tagQueue,
  UntagQueue: untagQueue,
};

export interface SqsService extends ServiceDefinition {
  /** Operations for in-process callers (SNS delivers to SQS through these, never over HTTP). */
  readonly deps: SqsDeps;
  /** A queue's messages as they are, without receiving them (the admin peek: peek.ts). */
  peek(queueUrl: string | undefined, afterSeq: number, limit: number): Promise<PeekedMessage[]>;
  /** Every queue's depth and oldest message, at most `maxQueues` queues (the metrics scrape: stats.ts). */
  gauges(maxQueues: number): Promise<{ queues: QueueGauges[]; skipped: number }>;
  /** Resumes background work the store says was under way (message move tasks). */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createSqsService(options: {
  store: SqsStore;
  clock: Clock;
  ids: Ids;
  log?: Log;
  inFlightLimits?: InFlightLimits;
  observer?: SqsObserver;
  /** Opt-in: evaluate queue policies before queue-scoped operations (policy-gate.ts). */
  enforcePolicies?: boolean;
  /** Opt-in: AWS's FIFO queue quotas (throughput.ts), counted per node in memory, or in `sharedRates` when given (the cluster's). */
  throughputLimits?: boolean;
  sharedRates?: SharedRateBuckets;
}): SqsService {
  const log = options.log ?? (() => {});
  const deps = {
    store: options.store,
    clock: options.clock,
    ids: options.ids,
    waiters: new LongPollWaiters(options.store, options.clock),
    observer: options.observer ?? NO_SQS_OBSERVER,
  } as {
    -readonly [K in keyof SqsDeps]: SqsDeps[K];
  };
  deps.inFlight = new InFlightGauge(options.store, options.clock, options.inFlightLimits);
  deps.moveTasks = new MoveTaskRunner(deps, options.clock, (message, fields) => log('error', message, fields));
  let handlers: Record<string, Handler> = {};
  for (const [name, op] of Object.entries(operations)) handlers[name] = (input, ctx) => op(deps, input, ctx);
  if (options.throughputLimits) handlers = limitFifoThroughput(deps, handlers, throughputLimiter(options.clock, options.sharedRates, log));
  return {
    model: sqsModel,
    handlers: options.enforcePolicies ? enforceQueuePolicies(deps, handlers) : handlers,
    deps,
    peek: (queueUrl, afterSeq, limit) => peekMessages(deps, queueUrl, afterSeq, limit),
    gauges: (maxQueues) => queueGauges(deps, maxQueues),
    inputErrors: {
      missing: (path) => sqsErrors.missingParameter(path),
      // AWS's coral deserializer names the map's value member, not the path [AWS-recorded: floci-io/floci#905; `member` for lists unverified].
      nullEntry: (_path, kind) => sqsErrors.invalidParameterValue(`the parameter '${kind}' may not be null`),
      invalidType: (path, value) => sqsErrors.malformedValue(path, value),
      malformed: (detail) => sqsErrors.malformedRequest(detail),
      unknownOperation: (name) => sqsErrors.invalidAction(name),
    },
    start: () => deps.moveTasks.resume(),
    async close() {
      deps.waiters.close();
      await deps.moveTasks.close();
    },
  };
}
