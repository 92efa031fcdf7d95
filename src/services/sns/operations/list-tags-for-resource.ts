import type { ListTagsForResourceRequest, ListTagsForResourceResponse } from '@aws-sdk/client-sns';
import type { SnsDeps, SnsOperation } from '../context.js';
import { snsErrors } from '../errors.js';
import { parseTopicArn } from '../domain/arn.js';
import type { TopicRecord } from '../store.js';

/** Tag operations name a topic by ResourceArn; a missing one is ResourceNotFound (404), not NotFound. */
export async function taggedTopic(deps: SnsDeps, arn: string | undefined, region: string): Promise<TopicRecord> {
  const topic = await deps.store.getTopic(parseTopicArn(arn, 'ResourceArn', region).arn);
  if (!topic) throw snsErrors.resourceNotFound();
  return topic;
}

export const listTagsForResource: SnsOperation<ListTagsForResourceRequest, ListTagsForResourceResponse> = async (deps, input, ctx) => {
  const topic = await taggedTopic(deps, input.ResourceArn, ctx.region);
  return { Tags: Object.entries(topic.tags).map(([Key, Value]) => ({ Key, Value })) };
};
