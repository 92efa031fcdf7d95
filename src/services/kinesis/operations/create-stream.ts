import { onDemandStreamQuota, shardQuota, type KinesisOperation } from '../context.js';
import { evenRanges } from '../domain/hash-keys.js';
import {
  DEFAULT_MAX_RECORD_SIZE_KIB,
  DEFAULT_RETENTION_HOURS,
  MAX_CREATING_STREAMS,
  MAX_TAGS,
  ON_DEMAND_SHARDS,
} from '../domain/limits.js';
import { newStreamId } from '../domain/names.js';
import { checkTags } from '../domain/tags.js';
import { kinesisErrors } from '../errors.js';
import type { StreamMode } from '../store.js';

interface Input {
  StreamName: string;
  ShardCount?: number;
  StreamModeDetails?: { StreamMode: StreamMode };
  Tags?: Record<string, string>;
  WarmThroughputMiBps?: number;
  MaxRecordSizeInKiB?: number;
  RecordDistributionStrategy?: string;
}

/**
 * CreateStream: the stream and all its shards at once, CREATING for `createDelayMs`, then ACTIVE.
 * Without ShardCount or a mode, AWS creates an on-demand stream of 4 shards [AWS-recorded shard
 * count]; ShardCount alone means PROVISIONED. Quotas: shards per account and region, on-demand
 * streams (both configurable: context.ts), and at most 5 streams CREATING at once (LimitExceededException).
 */
export const createStream: KinesisOperation<Input, void> = async (deps, input, ctx) => {
  const now = deps.clock.now();
  const mode: StreamMode = input.StreamModeDetails?.StreamMode ?? (input.ShardCount === undefined ? 'ON_DEMAND' : 'PROVISIONED');
  const shardCount = input.ShardCount ?? ON_DEMAND_SHARDS;
  const tags = input.Tags ?? {};
  checkTags(Object.keys(tags), Object.values(tags));
  if (Object.keys(tags).length > MAX_TAGS) throw kinesisErrors.tooManyTags(input.StreamName, ctx.accountId);

  if (await deps.store.getStream(ctx.accountId, ctx.region, input.StreamName)) throw kinesisErrors.streamExists(input.StreamName, ctx.accountId);
  const usage = await deps.store.accountUsage(ctx.accountId, ctx.region, now);
  const limit = shardQuota(deps.config, ctx.region);
  if (usage.openShards + shardCount > limit) throw kinesisErrors.shardLimit(ctx.accountId, ctx.region, usage.openShards, limit, shardCount);
  const onDemandLimit = onDemandStreamQuota(deps.config);
  if (mode === 'ON_DEMAND' && usage.onDemandStreams >= onDemandLimit) throw kinesisErrors.onDemandStreamLimit(ctx.accountId, ctx.region, usage.onDemandStreams, onDemandLimit);
  if (deps.config.createDelayMs > 0 && usage.creatingStreams >= MAX_CREATING_STREAMS) throw kinesisErrors.tooManyCreating(ctx.accountId);

  const { created } = await deps.store.createStream({
    accountId: ctx.accountId,
    region: ctx.region,
    name: input.StreamName,
    streamId: newStreamId(deps.ids),
    createdAt: now,
    activeAt: now + deps.config.createDelayMs,
    mode,
    retentionHours: DEFAULT_RETENTION_HOURS,
    maxRecordSizeKiB: input.MaxRecordSizeInKiB ?? DEFAULT_MAX_RECORD_SIZE_KIB,
    tags,
    settings: {
      ...(input.WarmThroughputMiBps === undefined ? {} : { warmThroughputMiBps: input.WarmThroughputMiBps }),
      ...(input.RecordDistributionStrategy === undefined ? {} : { recordDistributionStrategy: input.RecordDistributionStrategy }),
    },
    shards: evenRanges(shardCount).map((r, index) => ({ index, startingHashKey: r.start.toString(), endingHashKey: r.end.toString() })),
  });
  // Lost a race with a concurrent CreateStream of the same name.
  if (!created) throw kinesisErrors.streamExists(input.StreamName, ctx.accountId);
};
