import { resolveStream, type KinesisOperation } from '../context.js';
import { resolveConsumer } from '../consumers.js';
import { parseConsumerArn } from '../domain/names.js';
import { removeConsumerTags, removeTags } from '../domain/tags.js';

interface Input {
  ResourceARN: string;
  TagKeys: string[];
}

/** UntagResource: removes tags of a stream or an enhanced fan-out consumer named by its ARN. */
export const untagResource: KinesisOperation<Input, void> = async (deps, input, ctx) => {
  if (parseConsumerArn(input.ResourceARN)) {
    const { consumer } = await resolveConsumer(deps, { ConsumerARN: input.ResourceARN }, ctx);
    return removeConsumerTags(deps, consumer.id, input.ResourceARN, input.TagKeys);
  }
  await removeTags(deps, await resolveStream(deps, { StreamARN: input.ResourceARN }, ctx), input.TagKeys);
};
