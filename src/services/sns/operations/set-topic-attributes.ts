import type { SetTopicAttributesInput } from '@aws-sdk/client-sns';
import { resolveTopic, type SnsOperation } from '../context.js';
import { checkTopicAttribute, topicSettings } from '../domain/topic-attributes.js';
import { archiveChanges } from '../domain/archive-policy.js';

/**
 * One attribute per call; an empty JSON-valued attribute (Policy, DeliveryPolicy …) goes back to its
 * default. ArchivePolicy also records when archiving was switched on (BeginningArchiveTime), and
 * `{}` switches it off.
 */
export const setTopicAttributes: SnsOperation<SetTopicAttributesInput, void> = async (deps, input, ctx) => {
  const topic = await resolveTopic(deps, input.TopicArn, ctx);
  const name = input.AttributeName ?? '';
  const value = checkTopicAttribute(name, input.AttributeValue ?? '', topicSettings(topic).fifo, 'set');
  const changes = name === 'ArchivePolicy' ? archiveChanges(value, topic.attributes, deps.clock.now()) : { [name]: value };
  await deps.store.setTopicAttributes(topic.id, changes);
};
