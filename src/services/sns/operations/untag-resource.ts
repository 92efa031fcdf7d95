import type { UntagResourceRequest, UntagResourceResponse } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { checkTagKeys } from '../domain/tags.js';
import { taggedTopic } from './list-tags-for-resource.js';

export const untagResource: SnsOperation<UntagResourceRequest, UntagResourceResponse> = async (deps, input, ctx) => {
  const keys = checkTagKeys(input.TagKeys);
  const topic = await taggedTopic(deps, input.ResourceArn, ctx.region);
  await deps.store.untagTopic(topic.id, keys);
  return {};
};
