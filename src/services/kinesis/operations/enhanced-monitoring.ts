import { resolveStream, type KinesisOperation, type StreamSelector } from '../context.js';
import { arnOf } from '../domain/streams.js';
import { kinesisErrors } from '../errors.js';
import { METRICS_NAMES } from '../model-scalars.js';

interface Input extends StreamSelector {
  ShardLevelMetrics: string[];
}

/** Every shard-level metric; `ALL` stands for them. */
const ALL = METRICS_NAMES.filter((m) => m !== 'ALL');

/**
 * Enable/DisableEnhancedMonitoring: records which shard-level metrics are enabled (no CloudWatch
 * here) and answers as AWS does: the metrics before (Current) and after (Desired), `ALL` expanded.
 */
async function change(deps: Parameters<KinesisOperation<Input, unknown>>[0], input: Input, ctx: Parameters<KinesisOperation<Input, unknown>>[2], enable: boolean) {
  const { stream, name, accountId } = await resolveStream(deps, input, ctx);
  const named = input.ShardLevelMetrics.includes('ALL') ? ALL : input.ShardLevelMetrics;
  const current = stream.settings.shardLevelMetrics ?? [];
  const desired = ALL.filter((m) => (enable ? current.includes(m) || named.includes(m) : current.includes(m) && !named.includes(m)));
  if (!(await deps.store.updateStream(stream.id, { settings: { shardLevelMetrics: desired } }))) throw kinesisErrors.streamNotFound(name, accountId);
  return { StreamName: name, CurrentShardLevelMetrics: current, DesiredShardLevelMetrics: desired, StreamARN: arnOf(stream) };
}

export const enableEnhancedMonitoring: KinesisOperation<Input, unknown> = (deps, input, ctx) => change(deps, input, ctx, true);
export const disableEnhancedMonitoring: KinesisOperation<Input, unknown> = (deps, input, ctx) => change(deps, input, ctx, false);
