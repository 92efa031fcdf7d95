import type { UntagResourceRequest, UntagResourceResponse } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { taggedTopic } from './list-tags-for-resource.js';

export const untagResource: SnsOperation<UntagResourceRequest, UntagResourceResponse> = async (deps, input, ctx) => {
  const topic = await taggedTopic(deps, input.ResourceArn, ctx.region);
  await deps.store.untagTopic(topic.id, input.TagKeys ?? []);
  return {};
};
