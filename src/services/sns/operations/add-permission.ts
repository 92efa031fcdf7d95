import type { AddPermissionInput } from '@aws-sdk/client-sns';
import { resolveTopic, type SnsOperation } from '../context.js';
import { addPermission as addStatement, defaultTopicPolicy } from '../domain/policy.js';

/** Adds a statement to the topic policy (stored and shown; Switchyard does not enforce policies). */
export const addPermission: SnsOperation<AddPermissionInput, void> = async (deps, input, ctx) => {
  const topic = await resolveTopic(deps, input.TopicArn, ctx);
  const current = topic.attributes.Policy ?? defaultTopicPolicy(topic.arn, topic.accountId);
  const policy = addStatement(current, topic.arn, topic.accountId, input.Label ?? '', input.AWSAccountId ?? [], input.ActionName ?? []);
  await deps.store.setTopicAttributes(topic.id, { Policy: policy });
};
