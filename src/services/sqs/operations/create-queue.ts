import type { CreateQueueRequest, CreateQueueResult } from '@aws-sdk/client-sqs';
import type { SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { checkRedriveTarget } from '../domain/dead-letter.js';
import { firstDifferentAttribute, validateSettableAttributes } from '../domain/queue-attributes.js';
import { FIFO_QUEUE_NAME, QUEUE_NAME, queueArn, queueUrl } from '../domain/queue-url.js';
import { validateTags } from '../domain/tags.js';

/** AWS refuses to re-create a just-deleted name for 60 seconds. */
const RECREATE_DELAY_MS = 60_000;

export const createQueue: SqsOperation<CreateQueueRequest, CreateQueueResult> = async (deps, input, ctx) => {
  const name = input.QueueName;
  if (!name) throw sqsErrors.missingParameter('QueueName');
  const fifo = String(input.Attributes?.FifoQueue ?? '').toLowerCase() === 'true';
  if (fifo ? !FIFO_QUEUE_NAME.test(name) : !QUEUE_NAME.test(name)) {
    throw fifo || name.endsWith('.fifo') ? sqsErrors.fifoNameMismatch() : sqsErrors.invalidQueueName();
  }
  const attributes = validateSettableAttributes(input.Attributes, fifo);
  if (fifo) attributes.FifoQueue = 'true';
  const tags = validateTags(input.tags ?? {});
  const url = queueUrl(ctx.baseUrl, ctx.accountId, name);

  const existing = await deps.store.getQueue(ctx.accountId, name);
  if (existing) return idempotent(existing.attributes, attributes, url);

  await checkRedriveTarget(deps, { arn: queueArn(ctx.region, ctx.accountId, name), fifo }, attributes.RedrivePolicy);
  const now = deps.clock.now();
  if (await deps.store.deletedSince(ctx.accountId, name, now - RECREATE_DELAY_MS + 1)) throw sqsErrors.queueDeletedRecently();
  const { created, queue } = await deps.store.createQueue({ accountId: ctx.accountId, name, attributes, tags, createdAt: now });
  return created ? { QueueUrl: url } : idempotent(queue.attributes, attributes, url);
};

function idempotent(existing: Readonly<Record<string, string>>, requested: Record<string, string>, url: string): CreateQueueResult {
  const different = firstDifferentAttribute(existing, requested);
  if (different) throw sqsErrors.queueNameExists(different);
  return { QueueUrl: url };
}
