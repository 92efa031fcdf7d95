import { resolveStream, type KinesisOperation, type StreamSelector } from '../context.js';
import { isReadable, statusOf } from '../domain/streams.js';
import { kinesisErrors } from '../errors.js';

interface Input extends StreamSelector {
  EnforceConsumerDeletion?: boolean;
}

/**
 * DeleteStream: gone for every reader at once; the records are purged in the background. AWS
 * deletes ACTIVE and UPDATING streams (a CREATING one answers ResourceInUseException). A stream
 * with registered consumers is deleted only with EnforceConsumerDeletion (the consumers go with it).
 */
export const deleteStream: KinesisOperation<Input, void> = async (deps, input, ctx) => {
  const { stream, name, accountId } = await resolveStream(deps, input, ctx);
  const now = deps.clock.now();
  const status = statusOf(stream, now);
  if (!isReadable(status)) throw kinesisErrors.streamNotActive(name, accountId, status);
  if (input.EnforceConsumerDeletion !== true && (await deps.store.listConsumers(stream.id)).length > 0) {
    throw kinesisErrors.streamHasConsumers(name, accountId);
  }
  if (!(await deps.store.deleteStream(stream.id, now))) throw kinesisErrors.streamNotFound(name, accountId);
};
