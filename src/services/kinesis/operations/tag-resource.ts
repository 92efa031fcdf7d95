import { resolveStream, type KinesisOperation } from '../context.js';
import { addTags } from '../domain/tags.js';
import { kinesisErrors } from '../errors.js';

interface Input {
  ResourceARN: string;
  Tags: Record<string, string>;
}

/** TagResource: tags a stream named by its ARN (consumer ARNs come with enhanced fan-out). */
export const tagResource: KinesisOperation<Input, void> = async (deps, input, ctx) => {
  if (input.ResourceARN.includes('/consumer/')) throw kinesisErrors.resourceArnNotStream(input.ResourceARN);
  await addTags(deps, await resolveStream(deps, { StreamARN: input.ResourceARN }, ctx), input.Tags);
};
