import type { GetTopicAttributesInput, GetTopicAttributesResponse } from '@aws-sdk/client-sns';
import { resolveTopic, type SnsOperation } from '../context.js';
import { topicAttributesView } from '../domain/topic-attributes.js';

export const getTopicAttributes: SnsOperation<GetTopicAttributesInput, GetTopicAttributesResponse> = async (deps, input, ctx) => {
  const topic = await resolveTopic(deps, input.TopicArn, ctx);
  return { Attributes: topicAttributesView(topic, await deps.store.countSubscriptions(topic.id), deps.clock.now()) };
};
