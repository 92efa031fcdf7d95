import type { GetQueueUrlRequest, GetQueueUrlResult } from '@aws-sdk/client-sqs';
import type { SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { isAccountId, isQueueName, queueUrl } from '../domain/queue-url.js';

export const getQueueUrl: SqsOperation<GetQueueUrlRequest, GetQueueUrlResult> = async (deps, input, ctx) => {
  if (!input.QueueName) throw sqsErrors.missingParameter('QueueName');
  const accountId = input.QueueOwnerAWSAccountId || ctx.accountId;
  // A name no queue can have, or an owner that is no account id, names no queue: AWS answers
  // NonExistentQueue for a name it does not know ([unverified] for a malformed owner id).
  if (!isQueueName(input.QueueName) || !isAccountId(accountId)) throw sqsErrors.queueDoesNotExist();
  const queue = await deps.store.getQueue(accountId, input.QueueName);
  if (!queue) throw sqsErrors.queueDoesNotExist();
  return { QueueUrl: queueUrl(ctx.baseUrl, accountId, queue.name) };
};
