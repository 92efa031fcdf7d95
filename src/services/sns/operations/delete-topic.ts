import type { DeleteTopicInput } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { parseTopicArn } from '../domain/arn.js';

/**
 * Deletes the topic and its subscriptions. Deleting a topic that does not exist succeeds (AWS:
 * DeleteTopic is idempotent). Deliveries already recorded for it are still made.
 */
export const deleteTopic: SnsOperation<DeleteTopicInput, void> = async (deps, input, ctx) => {
  const address = parseTopicArn(input.TopicArn, 'TopicArn', ctx.region);
  const topic = await deps.store.getTopic(address.arn);
  if (topic) await deps.store.deleteTopic(topic.id);
};
