import type { GetQueueAttributesRequest, GetQueueAttributesResult } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsOperation } from '../context.js';
import { effectiveAttribute, isComputed, isFifo, queueSettings, requestedAttributeNames } from '../domain/queue-attributes.js';
import { queueArn } from '../domain/queue-url.js';
import type { MessageCounts } from '../store.js';

export const getQueueAttributes: SqsOperation<GetQueueAttributesRequest, GetQueueAttributesResult> = async (deps, input, ctx) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  const names = requestedAttributeNames(input.AttributeNames, isFifo(queue.attributes));
  if (names.length === 0) return {};
  const now = deps.clock.now();
  const needsCounts = names.some((n) => n.startsWith('ApproximateNumberOfMessages'));
  const counts: MessageCounts | undefined = needsCounts
    ? await deps.store.countMessages(queue.id, now, queueSettings(queue.attributes).retentionMs)
    : undefined;

  const computed: Record<string, () => string> = {
    QueueArn: () => queueArn(ctx.region, queue.accountId, queue.name),
    ApproximateNumberOfMessages: () => String(counts!.visible),
    ApproximateNumberOfMessagesNotVisible: () => String(counts!.inFlight),
    ApproximateNumberOfMessagesDelayed: () => String(counts!.delayed),
    CreatedTimestamp: () => String(Math.floor(queue.createdAt / 1000)),
    LastModifiedTimestamp: () => String(Math.floor(queue.modifiedAt / 1000)),
  };
  const attributes: Record<string, string> = {};
  for (const name of names) {
    const value = isComputed(name) ? computed[name]!() : effectiveAttribute(queue.attributes, name);
    if (value !== undefined && value !== '') attributes[name] = value;
  }
  return { Attributes: attributes };
};
