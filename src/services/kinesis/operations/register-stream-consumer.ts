import { resolveReadableStream, updateDelay, type KinesisOperation } from '../context.js';
import { consumerOutput, MAX_CONSUMERS, MAX_CREATING_CONSUMERS } from '../consumers.js';
import { checkTags } from '../domain/tags.js';
import { kinesisErrors } from '../errors.js';

interface Input {
  StreamARN: string;
  ConsumerName: string;
  StreamId?: string;
  Tags?: Record<string, string>;
}

/**
 * RegisterStreamConsumer: a new enhanced fan-out consumer, CREATING for the configured delay, then
 * ACTIVE. At most 20 consumers per stream and 5 CREATING at once (LimitExceededException); a taken
 * name is ResourceInUseException. Tags (at most 50: the model checks the count) go with it.
 */
export const registerStreamConsumer: KinesisOperation<Input, unknown> = async (deps, input, ctx) => {
  const { stream, name, accountId } = await resolveReadableStream(deps, input, ctx);
  const now = deps.clock.now();
  const tags = input.Tags ?? {};
  checkTags(Object.keys(tags), Object.values(tags));
  const limits = { maxConsumers: MAX_CONSUMERS, maxCreating: MAX_CREATING_CONSUMERS };
  const r = await deps.store.registerConsumer(stream.id, input.ConsumerName, now, now + updateDelay(deps.config), limits, tags);
  switch (r.outcome) {
    case 'ok':
      return { Consumer: consumerOutput(stream, r.consumer, now) };
    case 'exists':
      throw kinesisErrors.consumerExists(input.ConsumerName, name, accountId);
    case 'too-many':
      throw kinesisErrors.tooManyConsumers(name, accountId, MAX_CONSUMERS);
    case 'too-many-creating':
      throw kinesisErrors.tooManyCreatingConsumers(name, accountId, MAX_CREATING_CONSUMERS);
    default:
      throw kinesisErrors.streamNotFound(name, accountId);
  }
};
