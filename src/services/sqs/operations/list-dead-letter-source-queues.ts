import type { ListDeadLetterSourceQueuesRequest, ListDeadLetterSourceQueuesResult } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { queueSettings } from '../domain/queue-attributes.js';
import { parseQueueArn, queueUrl } from '../domain/queue-url.js';
import { decodePageToken, encodePageToken } from '../domain/page-token.js';

/** The account's queues whose RedrivePolicy targets this queue, by name, paged like ListQueues. */
export const listDeadLetterSourceQueues: SqsOperation<ListDeadLetterSourceQueuesRequest, ListDeadLetterSourceQueuesResult> = async (deps, input, ctx) => {
  const dlq = await resolveQueue(deps, input.QueueUrl);
  const max = input.MaxResults;
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 1000)) {
    throw sqsErrors.invalidParameter('MaxResults', max, 'MaxResults must be an integer between 1 and 1000.');
  }
  const limit = max ?? 1000;
  const sources: string[] = [];
  let after = input.NextToken ? decodePageToken(input.NextToken) : undefined;
  let more = false;
  scan: for (;;) {
    const page = await deps.store.listQueues(dlq.accountId, '', after, 500);
    for (const q of page) {
      const target = queueSettings(q.attributes).redrivePolicy?.deadLetterTargetArn;
      const address = target ? parseQueueArn(target) : undefined;
      if (address?.accountId === dlq.accountId && address.name === dlq.name) {
        if (sources.length === limit) {
          more = true;
          break scan;
        }
        sources.push(q.name);
      }
    }
    if (page.length < 500) break;
    after = page[page.length - 1]!.name;
  }
  const result: ListDeadLetterSourceQueuesResult = { queueUrls: sources.map((name) => queueUrl(ctx.baseUrl, dlq.accountId, name)) };
  if (more && max !== undefined) result.NextToken = encodePageToken(sources[sources.length - 1]!);
  return result;
};
