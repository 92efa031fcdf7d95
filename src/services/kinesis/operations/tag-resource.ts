import { resolveStream, type KinesisOperation } from '../context.js';
import { parseChannelArn, resolveChannel } from '../channels.js';
import { resolveConsumer } from '../consumers.js';
import { parseConsumerArn } from '../domain/names.js';
import { addChannelTags, addConsumerTags, addTags } from '../domain/tags.js';

interface Input {
  ResourceARN: string;
  Tags: Record<string, string>;
}

/** TagResource: tags a stream, an enhanced fan-out consumer or a channel named by its ARN (50 tags each). */
export const tagResource: KinesisOperation<Input, void> = async (deps, input, ctx) => {
  if (parseConsumerArn(input.ResourceARN)) {
    const { consumer } = await resolveConsumer(deps, { ConsumerARN: input.ResourceARN }, ctx);
    return addConsumerTags(deps, consumer.id, input.ResourceARN, input.Tags);
  }
  if (parseChannelArn(input.ResourceARN)) return addChannelTags(deps, await resolveChannel(deps, input.ResourceARN, ctx), input.Tags);
  await addTags(deps, await resolveStream(deps, { StreamARN: input.ResourceARN }, ctx), input.Tags);
};
