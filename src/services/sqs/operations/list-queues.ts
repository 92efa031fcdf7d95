import type { ListQueuesRequest, ListQueuesResult } from '@aws-sdk/client-sqs';
import type { SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { queueUrl } from '../domain/queue-url.js';
import { decodePageToken, encodePageToken } from '../domain/page-token.js';

/** Without MaxResults AWS returns up to 1,000 queues and no NextToken. */
const DEFAULT_LIMIT = 1000;
/** The characters of queue names; a prefix with any other character matches no queue. */
const NAME_PREFIX = /^[A-Za-z0-9_.-]*$/;

export const listQueues: SqsOperation<ListQueuesRequest, ListQueuesResult> = async (deps, input, ctx) => {
  const max = input.MaxResults;
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 1000)) {
    throw sqsErrors.invalidParameter('MaxResults', max, 'MaxResults must be an integer between 1 and 1000.');
  }
  const after = input.NextToken ? decodePageToken(input.NextToken) : undefined;
  const limit = max ?? DEFAULT_LIMIT;
  const prefix = input.QueueNamePrefix ?? '';
  // AWS documents no constraint on the prefix: one no queue name can start with lists nothing.
  if (!NAME_PREFIX.test(prefix)) return {};
  const queues = await deps.store.listQueues(ctx.accountId, prefix, after, limit + 1);
  const page = queues.slice(0, limit);
  const result: ListQueuesResult = {};
  if (page.length > 0) result.QueueUrls = page.map((q) => queueUrl(ctx.baseUrl, q.accountId, q.name));
  if (max !== undefined && queues.length > limit) result.NextToken = encodePageToken(page[page.length - 1]!.name);
  return result;
};
