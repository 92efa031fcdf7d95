import { resolveActiveStream, type KinesisOperation } from '../context.js';
import { kinesisErrors } from '../errors.js';

interface Input {
  MaxRecordSizeInKiB: number;
  StreamARN?: string;
  StreamId?: string;
}

/**
 * UpdateMaxRecordSize: the largest record (data + partition key) the stream takes, 1,024 …
 * 10,240 KiB (the model's range: ValidationException outside it). The stream is named by ARN only.
 */
export const updateMaxRecordSize: KinesisOperation<Input, void> = async (deps, input, ctx) => {
  if (input.StreamARN === undefined) throw kinesisErrors.streamArnRequired();
  const { stream, name, accountId } = await resolveActiveStream(deps, input, ctx);
  if (!(await deps.store.updateStream(stream.id, { maxRecordSizeKiB: input.MaxRecordSizeInKiB }))) throw kinesisErrors.streamNotFound(name, accountId);
};
