import type { RequestContext } from '../../shared/service.js';
import { resolveStream, type KinesisDeps, type KinesisOperation } from '../context.js';
import { parseChannelArn, resolveChannel } from '../channels.js';
import { resolveConsumer } from '../consumers.js';
import { parseConsumerArn } from '../domain/names.js';

interface Input {
  ResourceARN: string;
}

/** ListTagsForResource: every tag of a stream, an enhanced fan-out consumer or a channel named by its ARN, in key order. */
export const listTagsForResource: KinesisOperation<Input, unknown> = async (deps, input, ctx) => {
  const tags = await tagsOf(deps, input.ResourceARN, ctx);
  return { Tags: Object.keys(tags).sort().map((k) => ({ Key: k, Value: tags[k] })) };
};

async function tagsOf(deps: KinesisDeps, arn: string, ctx: RequestContext): Promise<Readonly<Record<string, string>>> {
  if (parseConsumerArn(arn)) return (await resolveConsumer(deps, { ConsumerARN: arn }, ctx)).consumer.tags;
  if (parseChannelArn(arn)) return (await resolveChannel(deps, arn, ctx)).tags;
  return (await resolveStream(deps, { StreamARN: arn }, ctx)).stream.tags;
}
