import { updateDelay, type KinesisOperation } from '../context.js';
import { resolveConsumer, type ConsumerSelector } from '../consumers.js';

/**
 * DeregisterStreamConsumer: by ConsumerARN or StreamARN + ConsumerName. As on AWS, the consumer is
 * DELETING for a while (here the configured consumer delay, the one CREATING lasts; at 0 it goes at
 * once), then gone; its subscriptions end at once. Deregistering a DELETING consumer again changes
 * nothing.
 */
export const deregisterStreamConsumer: KinesisOperation<ConsumerSelector, void> = async (deps, input, ctx) => {
  const { stream, consumer } = await resolveConsumer(deps, input, ctx);
  const now = deps.clock.now();
  await deps.store.deregisterConsumer(stream.id, consumer.name, now, now + updateDelay(deps.config));
  // Its subscriptions on this node see their lease gone as soon as they wake (the store wakes other nodes' itself).
  deps.notifier.notify(stream.shards.map((s) => s.id));
};
