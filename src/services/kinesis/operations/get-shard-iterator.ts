import { resolveStream, type KinesisOperation, type StreamSelector } from '../context.js';
import { parseShardId, shardIdOf } from '../domain/names.js';
import { parseSequenceNumber } from '../domain/sequence-number.js';
import { sealIterator } from '../domain/shard-iterator.js';
import { visibleShards } from '../domain/streams.js';
import { kinesisErrors } from '../errors.js';

interface Input extends StreamSelector {
  ShardId: string;
  ShardIteratorType: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
  StartingSequenceNumber?: string;
  Timestamp?: Date;
}

/**
 * GetShardIterator: a sealed position in a shard (domain/shard-iterator.ts), valid 5 minutes.
 * - AT_/AFTER_SEQUENCE_NUMBER: the number must be one of this shard's (it encodes the shard and
 *   the shard's creation time);
 * - TRIM_HORIZON: the oldest record still within retention;
 * - LATEST: just after the newest record now;
 * - AT_TIMESTAMP: the first record that arrived at or after Timestamp (not in the future).
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

  const type = input.ShardIteratorType;
  const seqText = input.StartingSequenceNumber;
  let fromSeq = 0;
  let minArrivalMs = 0;
  if (type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER') {
    if (seqText === undefined) throw kinesisErrors.iteratorArguments(type, false);
    const p = parseSequenceNumber(seqText);
    if (!p) throw kinesisErrors.invalidStartingSequenceNumber(seqText, shardId, name, accountId);
    if (p.shardIndex !== index) throw kinesisErrors.sequenceNumberOfOtherShard(shardIdOf(p.shardIndex), shardId);
    if (p.shardCreatedSecs !== Math.floor(shard.createdAt / 1000)) throw kinesisErrors.sequenceNumberOfOtherStream(seqText, shardId, name, accountId);
    fromSeq = type === 'AT_SEQUENCE_NUMBER' ? p.seq : p.seq + 1;
  } else if (seqText !== undefined && type !== 'AT_TIMESTAMP') {
    throw kinesisErrors.iteratorArguments(type, true);
  } else if (type === 'LATEST') {
    fromSeq = (await deps.store.shardTip(shard.id)).nextSeq;
  } else if (type === 'AT_TIMESTAMP') {
    if (input.Timestamp === undefined) throw kinesisErrors.timestampRequired();
    minArrivalMs = input.Timestamp.getTime();
    if (minArrivalMs > now) throw kinesisErrors.timestampInFuture(minArrivalMs, now);
  }
  const iterator = sealIterator(deps.sealer(), { streamDbId: stream.id, streamName: name, shardIndex: index, fromSeq, minArrivalMs, issuedAt: now });
  return { ShardIterator: iterator };
};
