import type { ListQueuesRequest, ListQueuesResult } from '@aws-sdk/client-sqs';
import type { SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { queueUrl } from '../domain/queue-url.js';
import { decodePageToken, encodePageToken } from '../domain/page-token.js';

/** Without MaxResults AWS returns up to 1,000 queues and no NextToken. */
const DEFAULT_LIMIT = 1000;

export const listQueues: SqsOperation<ListQueuesRequest, ListQueuesResult> = async (deps, input, ctx) => {
  const max = input.MaxResults;
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 1000)) {
    throw sqsErrors.invalidParameter('MaxResults', max, 'MaxResults must be an integer between 1 and 1000.');
  }
  const after = input.NextToken ? decodePageToken(input.NextToken) : undefined;
  const limit = max ?? DEFAULT_LIMIT;
  const queues = await deps.store.listQueues(ctx.accountId, input.QueueNamePrefix ?? '', after, limit + 1);
  const page = queues.slice(0, limit);
  const result: ListQueuesResult = {};
  if (page.length > 0) result.QueueUrls = page.map((q) => queueUrl(ctx.baseUrl, q.accountId, q.name));
  if (max !== undefined && queues.length > limit) result.NextToken = encodePageToken(page[page.length - 1]!.name);
  return result;
};
