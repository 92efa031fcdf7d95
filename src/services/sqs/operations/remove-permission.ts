import type { RemovePermissionRequest } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { removePermission as withoutPermission } from '../domain/policy.js';
import { queueArn } from '../domain/queue-url.js';

export const removePermission: SqsOperation<RemovePermissionRequest, void> = async (deps, input, ctx) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  if (!input.Label) throw sqsErrors.missingParameter('Label');
  const policy = withoutPermission(queue.attributes.Policy, queueArn(ctx.region, queue.accountId, queue.name), input.Label);
  await deps.store.setQueueAttributes(queue.id, { Policy: policy }, deps.clock.now());
};
