import type { TagResourceRequest, TagResourceResponse } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { snsErrors } from '../errors.js';
import { MAX_TAGS, checkTags } from '../domain/tags.js';
import { taggedTopic } from './list-tags-for-resource.js';

export const tagResource: SnsOperation<TagResourceRequest, TagResourceResponse> = async (deps, input, ctx) => {
  const topic = await taggedTopic(deps, input.ResourceArn, ctx.region);
  if (!(await deps.store.tagTopic(topic.id, checkTags(input.Tags), MAX_TAGS))) throw snsErrors.tagLimitExceeded();
  return {};
};
