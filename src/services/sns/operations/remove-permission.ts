import type { RemovePermissionInput } from '@aws-sdk/client-sns';
import { resolveTopic, type SnsOperation } from '../context.js';
import { defaultTopicPolicy, removePermission as removeStatement } from '../domain/policy.js';

export const removePermission: SnsOperation<RemovePermissionInput, void> = async (deps, input, ctx) => {
  const topic = await resolveTopic(deps, input.TopicArn, ctx);
  const current = topic.attributes.Policy ?? defaultTopicPolicy(topic.arn, topic.accountId);
  await deps.store.setTopicAttributes(topic.id, { Policy: removeStatement(current, topic.arn, topic.accountId, input.Label ?? '') });
};
