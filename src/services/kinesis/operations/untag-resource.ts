import { resolveStream, type KinesisOperation } from '../context.js';
import { parseChannelArn, resolveChannel } from '../channels.js';
import { resolveConsumer } from '../consumers.js';
import { parseConsumerArn } from '../domain/names.js';
import { removeChannelTags, removeConsumerTags, removeTags } from '../domain/tags.js';

interface Input {
  ResourceARN: string;
  TagKeys: string[];
}

/** UntagResource: removes tags of a stream, an enhanced fan-out consumer or a channel named by its ARN. */
export const untagResource: KinesisOperation<Input, void> = async (deps, input, ctx) => {
  if (parseConsumerArn(input.ResourceARN)) {
    const { consumer } = await resolveConsumer(deps, { ConsumerARN: input.ResourceARN }, ctx);
    return removeConsumerTags(deps, consumer.id, input.ResourceARN, input.TagKeys);
  }
  if (parseChannelArn(input.ResourceARN)) return removeChannelTags(deps, await resolveChannel(deps, input.ResourceARN, ctx), input.TagKeys);
  await removeTags(deps, await resolveStream(deps, { StreamARN: input.ResourceARN }, ctx), input.TagKeys);
};
