import type { StartMessageMoveTaskRequest, StartMessageMoveTaskResult } from '@aws-sdk/client-sqs';
import type { SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { queueByArn } from '../domain/dead-letter.js';
import { queueSettings } from '../domain/queue-attributes.js';
import { parseQueueArn } from '../domain/queue-url.js';
import { encodeTaskHandle } from '../domain/task-handle.js';

/**
 * Starts moving messages out of a dead-letter queue (back to their sources, or to DestinationArn),
 * in the background. AWS allows one active task per source queue.
 */
export const startMessageMoveTask: SqsOperation<StartMessageMoveTaskRequest, StartMessageMoveTaskResult> = async (deps, input) => {
  const sourceArn = input.SourceArn;
  if (!sourceArn) throw sqsErrors.missingParameter('SourceArn');
  if (!parseQueueArn(sourceArn)) throw sqsErrors.invalidParameter('SourceArn', sourceArn, 'Invalid ARN.');
  const source = await queueByArn(deps, sourceArn);
  if (!source) throw sqsErrors.resourceNotFound('The resource that you specified for the SourceArn parameter does not exist.');
  if (!(await isDeadLetterQueue(deps, source.accountId, source.name))) {
    throw sqsErrors.invalidParameterValue('Source queue must be configured as a Dead Letter Queue.');
  }
  const rate = input.MaxNumberOfMessagesPerSecond;
  if (rate !== undefined && (!Number.isInteger(rate) || rate < 1 || rate > 500)) {
    throw sqsErrors.invalidParameter('MaxNumberOfMessagesPerSecond', rate, 'Must be between 1 and 500.');
  }
  const destinationArn = input.DestinationArn;
  if (destinationArn !== undefined && !(await queueByArn(deps, destinationArn))) {
    throw sqsErrors.resourceNotFound('The resource that you specified for the DestinationArn parameter does not exist.');
  }
  const now = deps.clock.now();
  const counts = await deps.store.countMessages(source.id, now, queueSettings(source.attributes).retentionMs);
  const taskHandle = encodeTaskHandle(deps.ids.uuid(), sourceArn);
  const task = {
    taskHandle,
    sourceArn,
    sourceQueueId: source.id,
    destinationArn: destinationArn ?? null,
    maxPerSecond: rate ?? null,
    status: 'RUNNING' as const,
    moved: 0,
    toMove: counts.visible + counts.inFlight + counts.delayed,
    failureReason: null,
    startedAt: now,
  };
  if (!(await deps.store.createMoveTask(task))) {
    throw sqsErrors.invalidParameterValue('There is already a task running. Only one active task is allowed for a source queue arn at a given time.');
  }
  deps.moveTasks.start(task);
  return { TaskHandle: taskHandle };
};

/** A dead-letter queue is one that some queue of its account names in its RedrivePolicy. */
async function isDeadLetterQueue(deps: Parameters<typeof startMessageMoveTask>[0], accountId: string, name: string): Promise<boolean> {
  let after: string | undefined;
  for (;;) {
    const page = await deps.store.listQueues(accountId, '', after, 500);
    for (const q of page) {
      const target = queueSettings(q.attributes).redrivePolicy?.deadLetterTargetArn;
      const address = target ? parseQueueArn(target) : undefined;
      if (address && address.accountId === accountId && address.name === name) return true;
    }
    if (page.length < 500) return false;
    after = page[page.length - 1]!.name;
  }
}
