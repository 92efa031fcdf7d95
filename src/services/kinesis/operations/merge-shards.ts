import { resolveStream, type KinesisOperation, type StreamSelector, requireActive } from '../context.js';
import { parseShardId, shardIdOf } from '../domain/names.js';
import { mergePlan } from '../domain/reshard.js';
import { applyReshard } from '../domain/reshard-apply.js';
import { kinesisErrors } from '../errors.js';

interface Input extends StreamSelector {
  ShardToMerge: string;
  AdjacentShardToMerge: string;
}

/**
 * MergeShards: closes two open shards whose hash key ranges touch and opens one child covering
 * both (ParentShardId = ShardToMerge, AdjacentParentShardId = AdjacentShardToMerge). Shards that
 * do not touch are "not an adjacent pair" [kinesalite]; a closed one has "already been merged or
 * split" [moto, modelled on AWS]. As every reshard, it takes effect when UPDATING ends (domain/reshard-time.ts).
 */
export const mergeShards: KinesisOperation<Input, void> = async (deps, input, ctx) => {
  const r = await resolveStream(deps, input, ctx);
  const find = (text: string) => {
    const index = parseShardId(text);
    const shard = index === undefined ? undefined : r.stream.shards.find((s) => s.index === index);
    if (!shard) throw kinesisErrors.couldNotFindShard(index === undefined ? text : shardIdOf(index), r.name, r.accountId);
    return shard;
  };
  const a = find(input.ShardToMerge);
  const b = find(input.AdjacentShardToMerge);
  const now = requireActive(r);
  for (const s of [a, b]) if (s.closedAt !== null) throw kinesisErrors.shardClosed(shardIdOf(s.index), r.name, r.accountId);
  const touching =
    BigInt(a.endingHashKey) + 1n === BigInt(b.startingHashKey) || BigInt(b.endingHashKey) + 1n === BigInt(a.startingHashKey);
  if (a.index === b.index || !touching) throw kinesisErrors.notAdjacent(shardIdOf(a.index), shardIdOf(b.index), r.name, r.accountId);
  await applyReshard(deps, r, mergePlan(r.stream, a, b), now);
};
