import type { ListMessageMoveTasksRequest, ListMessageMoveTasksResult, ListMessageMoveTasksResultEntry } from '@aws-sdk/client-sqs';
import type { SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { queueByArn } from '../domain/dead-letter.js';

/** The source queue's most recent move tasks (AWS: up to 10, default 1), newest first. */
export const listMessageMoveTasks: SqsOperation<ListMessageMoveTasksRequest, ListMessageMoveTasksResult> = async (deps, input) => {
  if (!input.SourceArn) throw sqsErrors.missingParameter('SourceArn');
  const max = input.MaxResults ?? 1;
  if (!Number.isInteger(max) || max < 1 || max > 10) throw sqsErrors.invalidParameter('MaxResults', max, 'Must be between 1 and 10.');
  const source = await queueByArn(deps, input.SourceArn);
  if (!source) throw sqsErrors.resourceNotFound('The resource that you specified for the SourceArn parameter does not exist.');
  const tasks = await deps.store.listMoveTasks(source.id, max);
  const results: ListMessageMoveTasksResultEntry[] = tasks.map((t) => ({
    // AWS gives the handle only while the task can still be cancelled.
    TaskHandle: t.status === 'RUNNING' ? t.taskHandle : undefined,
    Status: t.status,
    SourceArn: t.sourceArn,
    DestinationArn: t.destinationArn ?? undefined,
    MaxNumberOfMessagesPerSecond: t.maxPerSecond ?? undefined,
    ApproximateNumberOfMessagesMoved: t.moved,
    ApproximateNumberOfMessagesToMove: t.toMove,
    FailureReason: t.failureReason ?? undefined,
    StartedTimestamp: t.startedAt,
  }));
  return { Results: results };
};
