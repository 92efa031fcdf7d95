import type { GetQueueUrlRequest, GetQueueUrlResult } from '@aws-sdk/client-sqs';
import type { SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { queueUrl } from '../domain/queue-url.js';

export const getQueueUrl: SqsOperation<GetQueueUrlRequest, GetQueueUrlResult> = async (deps, input, ctx) => {
  if (!input.QueueName) throw sqsErrors.missingParameter('QueueName');
  const accountId = input.QueueOwnerAWSAccountId || ctx.accountId;
  const queue = await deps.store.getQueue(accountId, input.QueueName);
  if (!queue) throw sqsErrors.queueDoesNotExist();
  return { QueueUrl: queueUrl(ctx.baseUrl, accountId, queue.name) };
};
