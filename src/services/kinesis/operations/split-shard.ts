import { resolveStream, type KinesisOperation, type StreamSelector, requireActive } from '../context.js';
import { parseExplicitHashKey } from '../domain/hash-keys.js';
import { parseShardId, shardIdOf } from '../domain/names.js';
import { splitPlan } from '../domain/reshard.js';
import { applyReshard } from '../domain/reshard-apply.js';
import { kinesisErrors } from '../errors.js';

interface Input extends StreamSelector {
  ShardToSplit: string;
  NewStartingHashKey: string;
}

/**
 * SplitShard: the stream is UPDATING for the configured delay, at whose end the shard closes and
 * two children open that share its hash key range at NewStartingHashKey (until then the shard
 * takes the writes, as on AWS: domain/reshard-time.ts). NewStartingHashKey must be more than one
 * past the shard's StartingHashKey and below its EndingHashKey [kinesalite's message]. A closed
 * shard cannot be split again; the stream must be ACTIVE (not UPDATING from another reshard).
 */
export const splitShard: KinesisOperation<Input, void> = async (deps, input, ctx) => {
  const r = await resolveStream(deps, input, ctx);
  const index = parseShardId(input.ShardToSplit);
  const shard = index === undefined ? undefined : r.stream.shards.find((s) => s.index === index);
  if (!shard) throw kinesisErrors.couldNotFindShard(index === undefined ? input.ShardToSplit : shardIdOf(index), r.name, r.accountId);
  const now = requireActive(r);
  const shardId = shardIdOf(shard.index);
  if (shard.closedAt !== null) throw kinesisErrors.shardClosed(shardId, r.name, r.accountId);
  const key = parseExplicitHashKey(input.NewStartingHashKey);
  if (key === undefined || key <= BigInt(shard.startingHashKey) + 1n || key >= BigInt(shard.endingHashKey)) {
    throw kinesisErrors.invalidSplitHashKey(input.NewStartingHashKey, shardId, r.name, r.accountId, shard.startingHashKey, shard.endingHashKey);
  }
  await applyReshard(deps, r, splitPlan(r.stream, shard, key), now);
};
