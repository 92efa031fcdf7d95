import { resolveActiveStream, type KinesisOperation, type StreamSelector } from '../context.js';
import { checkRetentionHours } from '../domain/retention.js';
import { kinesisErrors } from '../errors.js';

interface Input extends StreamSelector {
  RetentionPeriodHours: number;
}

/** IncreaseStreamRetentionPeriod: 24 … 8,760 hours, not below the current period (equal is fine) [kinesalite]. */
export const increaseStreamRetentionPeriod: KinesisOperation<Input, void> = async (deps, input, ctx) => {
  const { stream, name, accountId } = await resolveActiveStream(deps, input, ctx);
  const hours = input.RetentionPeriodHours;
  checkRetentionHours(hours);
  if (hours < stream.retentionHours) throw kinesisErrors.retentionNotIncrease(hours, name, stream.retentionHours);
  if (!(await deps.store.updateStream(stream.id, { retentionHours: hours }))) throw kinesisErrors.streamNotFound(name, accountId);
};
