import { resolveStream, type KinesisOperation, type StreamSelector } from '../context.js';
import { LIST_TAGS_PAGE } from '../domain/limits.js';

interface Input extends StreamSelector {
  ExclusiveStartTagKey?: string;
  Limit?: number;
}

/** ListTagsForStream: tags in key order after ExclusiveStartTagKey, Limit at a time, HasMoreTags. */
export const listTagsForStream: KinesisOperation<Input, unknown> = async (deps, input, ctx) => {
  const { stream } = await resolveStream(deps, input, ctx);
  const start = input.ExclusiveStartTagKey;
  const keys = Object.keys(stream.tags)
    .sort()
    .filter((k) => start === undefined || k > start);
  const limit = input.Limit ?? LIST_TAGS_PAGE;
  return { Tags: keys.slice(0, limit).map((k) => ({ Key: k, Value: stream.tags[k] })), HasMoreTags: keys.length > limit };
};
