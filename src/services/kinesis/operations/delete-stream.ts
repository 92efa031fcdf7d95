import { resolveStream, type KinesisOperation, type StreamSelector } from '../context.js';
import { readsFrom } from '../channels.js';
import { existingConsumers } from '../consumers.js';
import { streamArn } from '../domain/names.js';
import { isReadable, statusOf } from '../domain/streams.js';
import { kinesisErrors } from '../errors.js';

interface Input extends StreamSelector {
  EnforceConsumerDeletion?: boolean;
}

/**
 * DeleteStream: gone for every reader at once; the records are purged in the background. AWS
 * deletes ACTIVE and UPDATING streams (a CREATING one answers ResourceInUseException). A stream
 * with registered consumers is deleted only with EnforceConsumerDeletion (the consumers go with it);
 * one with channels is not deleted at all ("A stream cannot be deleted while it has active channels").
 */
export const deleteStream: KinesisOperation<Input, void> = async (deps, input, ctx) => {
  const { stream, name, accountId } = await resolveStream(deps, input, ctx);
  const now = deps.clock.now();
  const status = statusOf(stream, now);
  if (!isReadable(status)) throw kinesisErrors.streamNotActive(name, accountId, status);
  if (input.EnforceConsumerDeletion !== true && (await existingConsumers(deps, stream.id, now)).length > 0) {
    throw kinesisErrors.streamHasConsumers(name, accountId);
  }
  const arn = streamArn(stream.region, stream.accountId, stream.name);
  if ((await deps.store.listChannels(stream.accountId, stream.region)).some((c) => readsFrom(c, arn, stream.createdAt))) {
    throw kinesisErrors.streamHasChannels(name, accountId);
  }
  if (!(await deps.store.deleteStream(stream.id, now))) throw kinesisErrors.streamNotFound(name, accountId);
};
