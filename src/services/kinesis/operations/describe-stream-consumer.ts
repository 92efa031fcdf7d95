import type { KinesisOperation } from '../context.js';
import { consumerOutput, resolveConsumer, type ConsumerSelector } from '../consumers.js';
import { arnOf } from '../domain/streams.js';

/** DescribeStreamConsumer: the consumer's description with its StreamARN. */
export const describeStreamConsumer: KinesisOperation<ConsumerSelector, unknown> = async (deps, input, ctx) => {
  const { stream, consumer } = await resolveConsumer(deps, input, ctx);
  return { ConsumerDescription: { ...consumerOutput(stream, consumer, deps.clock.now()), StreamARN: arnOf(stream) } };
};
