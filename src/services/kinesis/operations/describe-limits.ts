import { onDemandStreamQuota, shardQuota, type KinesisOperation } from '../context.js';

/** DescribeLimits: the account's shard and on-demand stream quotas in this region (as configured), and what is in use. */
export const describeLimits: KinesisOperation<unknown, unknown> = async (deps, _input, ctx) => {
  const usage = await deps.store.accountUsage(ctx.accountId, ctx.region, deps.clock.now());
  return {
    ShardLimit: shardQuota(deps.config, ctx.region),
    OpenShardCount: usage.openShards,
    OnDemandStreamCount: usage.onDemandStreams,
    OnDemandStreamCountLimit: onDemandStreamQuota(deps.config),
  };
};
