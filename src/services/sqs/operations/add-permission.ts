import type { AddPermissionRequest } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { addPermission as withPermission } from '../domain/policy.js';
import { queueArn } from '../domain/queue-url.js';

export const addPermission: SqsOperation<AddPermissionRequest, void> = async (deps, input, ctx) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  if (!input.Label) throw sqsErrors.missingParameter('Label');
  const policy = withPermission(queue.attributes.Policy, queueArn(ctx.region, queue.accountId, queue.name), input.Label, input.AWSAccountIds ?? [], input.Actions ?? []);
  await deps.store.setQueueAttributes(queue.id, { Policy: policy }, deps.clock.now());
};
