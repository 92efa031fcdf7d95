import type { KinesisOperation } from '../context.js';
import { ON_DEMAND_STREAM_LIMIT, shardLimit } from '../domain/limits.js';

/** DescribeLimits: the account's shard and on-demand stream quotas in this region, and what is in use. */
export const describeLimits: KinesisOperation<unknown, unknown> = async (deps, _input, ctx) => {
  const usage = await deps.store.accountUsage(ctx.accountId, ctx.region, deps.clock.now());
  return {
    ShardLimit: shardLimit(ctx.region),
    OpenShardCount: usage.openShards,
    OnDemandStreamCount: usage.onDemandStreams,
    OnDemandStreamCountLimit: ON_DEMAND_STREAM_LIMIT,
  };
};
