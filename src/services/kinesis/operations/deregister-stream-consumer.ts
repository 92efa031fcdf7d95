import type { KinesisOperation } from '../context.js';
import { resolveConsumer, type ConsumerSelector } from '../consumers.js';

/** DeregisterStreamConsumer: by ConsumerARN or StreamARN + ConsumerName; its subscriptions end. */
export const deregisterStreamConsumer: KinesisOperation<ConsumerSelector, void> = async (deps, input, ctx) => {
  const { stream, consumer } = await resolveConsumer(deps, input, ctx);
  await deps.store.deregisterConsumer(stream.id, consumer.name);
};
