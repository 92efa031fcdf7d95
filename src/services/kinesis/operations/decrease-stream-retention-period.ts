import { resolveActiveStream, type KinesisOperation, type StreamSelector } from '../context.js';
import { checkRetentionHours } from '../domain/retention.js';
import { kinesisErrors } from '../errors.js';

interface Input extends StreamSelector {
  RetentionPeriodHours: number;
}

/**
 * DecreaseStreamRetentionPeriod: 24 … 8,760 hours, not above the current period [kinesalite].
 * Records older than the new period stop being returned at once (reads filter by arrival time)
 * and the retention job deletes them.
 */
export const decreaseStreamRetentionPeriod: KinesisOperation<Input, void> = async (deps, input, ctx) => {
  const { stream, name, accountId } = await resolveActiveStream(deps, input, ctx);
  const hours = input.RetentionPeriodHours;
  checkRetentionHours(hours);
  if (hours > stream.retentionHours) throw kinesisErrors.retentionNotDecrease(hours, name, stream.retentionHours);
  if (!(await deps.store.updateStream(stream.id, { retentionHours: hours }))) throw kinesisErrors.streamNotFound(name, accountId);
};
