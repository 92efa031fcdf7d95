import { resolveStream, type KinesisOperation } from '../context.js';
import { resolveConsumer } from '../consumers.js';
import { parseConsumerArn } from '../domain/names.js';

interface Input {
  ResourceARN: string;
}

/** ListTagsForResource: every tag of a stream or an enhanced fan-out consumer named by its ARN, in key order. */
export const listTagsForResource: KinesisOperation<Input, unknown> = async (deps, input, ctx) => {
  const tags = parseConsumerArn(input.ResourceARN)
    ? (await resolveConsumer(deps, { ConsumerARN: input.ResourceARN }, ctx)).consumer.tags
    : (await resolveStream(deps, { StreamARN: input.ResourceARN }, ctx)).stream.tags;
  return { Tags: Object.keys(tags).sort().map((k) => ({ Key: k, Value: tags[k] })) };
};
