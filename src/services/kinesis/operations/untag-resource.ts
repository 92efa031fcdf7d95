import { resolveStream, type KinesisOperation } from '../context.js';
import { removeTags } from '../domain/tags.js';
import { kinesisErrors } from '../errors.js';

interface Input {
  ResourceARN: string;
  TagKeys: string[];
}

/** UntagResource: removes tags of a stream named by its ARN. */
export const untagResource: KinesisOperation<Input, void> = async (deps, input, ctx) => {
  if (input.ResourceARN.includes('/consumer/')) throw kinesisErrors.resourceArnNotStream(input.ResourceARN);
  await removeTags(deps, await resolveStream(deps, { StreamARN: input.ResourceARN }, ctx), input.TagKeys);
};
