import { resolveStream, type KinesisOperation, type StreamSelector, requireActive } from '../context.js';
import { arnOf } from '../domain/streams.js';
import { uniformScalingPlan } from '../domain/reshard.js';
import { applyReshard } from '../domain/reshard-apply.js';
import { kinesisErrors } from '../errors.js';

interface Input extends StreamSelector {
  TargetShardCount: number;
  ScalingType: 'UNIFORM_SCALING';
}

/** AWS's UpdateShardCount quotas (API reference). */
const MAX_SCALINGS_PER_DAY = 10;
const MAX_SHARDS_PER_STREAM = 10_000;
const DAY_MS = 86_400_000;

/**
 * UpdateShardCount (UNIFORM_SCALING, the only scaling type): reshapes the open shards into
 * TargetShardCount even ranges (domain/reshard.ts). AWS's limits: at most double and at least half
 * the open shard count, at most 10,000 shards, at most 10 calls per rolling 24 hours per stream
 * (the call times are kept in the stream's settings), provisioned streams only. The new layout
 * takes effect when UPDATING ends (domain/reshard-time.ts).
 */
export const updateShardCount: KinesisOperation<Input, unknown> = async (deps, input, ctx) => {
  const r = await resolveStream(deps, input, ctx);
  const now = requireActive(r);
  const current = r.stream.openShardCount;
  const target = input.TargetShardCount;
  if (r.stream.mode === 'ON_DEMAND') throw kinesisErrors.onDemandReshard('UpdateShardCount', r.name, r.accountId);
  if (target > MAX_SHARDS_PER_STREAM) throw kinesisErrors.tooManyShardsInStream(target);
  if (target > current * 2) throw kinesisErrors.scaleUpTooFar(current, target);
  if (target * 2 < current) throw kinesisErrors.scaleDownTooFar(current, target);
  const recent = (r.stream.settings.scalingTimes ?? []).filter((t) => t > now - DAY_MS);
  if (recent.length >= MAX_SCALINGS_PER_DAY) throw kinesisErrors.tooManyScalings(r.name, r.accountId);
  await applyReshard(deps, r, uniformScalingPlan(r.stream, target), now, { scalingTimes: [...recent, now] });
  return { StreamName: r.name, CurrentShardCount: current, TargetShardCount: target, StreamARN: arnOf(r.stream) };
};
