import { onDemandStreamQuota, updateDelay, resolveStream, type KinesisOperation, requireActive } from '../context.js';
import { kinesisErrors } from '../errors.js';
import type { StreamMode } from '../store.js';

interface Input {
  StreamARN: string;
  StreamModeDetails: { StreamMode: StreamMode };
  StreamId?: string;
  WarmThroughputMiBps?: number;
}

/**
 * UpdateStreamMode: switches between PROVISIONED and ON_DEMAND; the stream is UPDATING for the
 * configured delay meanwhile (AWS takes minutes and refuses other changes until it is done).
 * Shards stay as they are: AWS keeps the shard layout on a mode switch. Switching to ON_DEMAND
 * counts against the account's on-demand stream quota.
 */
export const updateStreamMode: KinesisOperation<Input, void> = async (deps, input, ctx) => {
  const r = await resolveStream(deps, input, ctx);
  const now = requireActive(r);
  if (input.StreamModeDetails.StreamMode === 'ON_DEMAND' && r.stream.mode !== 'ON_DEMAND') {
    const usage = await deps.store.accountUsage(r.stream.accountId, r.stream.region, now);
    const limit = onDemandStreamQuota(deps.config);
    if (usage.onDemandStreams >= limit) throw kinesisErrors.onDemandStreamLimit(r.stream.accountId, r.stream.region, usage.onDemandStreams, limit);
  }
  const ok = await deps.store.updateStream(r.stream.id, {
    mode: input.StreamModeDetails.StreamMode,
    updatingUntil: now + updateDelay(deps.config),
    settings: input.WarmThroughputMiBps === undefined ? undefined : { warmThroughputMiBps: input.WarmThroughputMiBps },
  });
  if (!ok) throw kinesisErrors.streamNotFound(r.name, r.accountId);
};
