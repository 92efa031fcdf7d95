import { resolveStream, type KinesisOperation, type StreamSelector } from '../context.js';
import { parseShardId, shardIdOf } from '../domain/names.js';
import { sealIterator } from '../domain/shard-iterator.js';
import { startingPosition } from '../domain/starting-position.js';
import { visibleShards } from '../domain/streams.js';
import { kinesisErrors } from '../errors.js';

interface Input extends StreamSelector {
  ShardId: string;
  ShardIteratorType: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
  StartingSequenceNumber?: string;
  Timestamp?: Date;
  DryRun?: boolean;
}

/**
 * GetShardIterator: a sealed position in a shard (domain/shard-iterator.ts), valid 5 minutes,
 * starting where domain/starting-position.ts says.
 * Errors and messages are AWS's as kinesalite recorded them; an unknown stream is reported as
 * the shard not existing in it.
 */
export const getShardIterator: KinesisOperation<Input, unknown> = async (deps, input, ctx) => {
  const index = parseShardId(input.ShardId);
  let resolved;
  try {
    resolved = await resolveStream(deps, input, ctx);
  } catch (e) {
    if ((e as { shape?: string }).shape !== 'ResourceNotFoundException' || input.StreamName === undefined) throw e;
    throw kinesisErrors.shardNotFound(index === undefined ? input.ShardId : shardIdOf(index), input.StreamName, ctx.accountId);
  }
  const { stream, name, accountId } = resolved;
  if (index === undefined) throw kinesisErrors.couldNotFindShard(input.ShardId, name, accountId);
  const shardId = shardIdOf(index);
  const now = deps.clock.now();
  const shard = visibleShards(stream, now).find((s) => s.index === index);
  if (!shard) throw kinesisErrors.shardNotFound(shardId, name, accountId);

  const { fromSeq, minArrivalMs } = await startingPosition(
    deps.store,
    shard,
    { type: input.ShardIteratorType, sequenceNumber: input.StartingSequenceNumber, timestamp: input.Timestamp, streamName: name, accountId },
    now,
  );
  if (input.DryRun === true) throw kinesisErrors.dryRun(); // every check passed; nothing is written (index.ts)
  const iterator = sealIterator(deps.sealer(), { streamDbId: stream.id, streamName: name, shardIndex: index, fromSeq, minArrivalMs, issuedAt: now });
  return { ShardIterator: iterator };
};
