import { resolveStream, type KinesisOperation } from '../context.js';
import { kinesisErrors } from '../errors.js';

interface Input {
  ResourceARN: string;
}

/** ListTagsForResource: every tag of a stream named by its ARN, in key order. */
export const listTagsForResource: KinesisOperation<Input, unknown> = async (deps, input, ctx) => {
  if (input.ResourceARN.includes('/consumer/')) throw kinesisErrors.resourceArnNotStream(input.ResourceARN);
  const { stream } = await resolveStream(deps, { StreamARN: input.ResourceARN }, ctx);
  return { Tags: Object.keys(stream.tags).sort().map((k) => ({ Key: k, Value: stream.tags[k] })) };
};
