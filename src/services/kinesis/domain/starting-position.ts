import { kinesisErrors } from '../errors.js';
import type { KinesisStore, ShardRecord } from '../store.js';
import { shardIdOf } from './names.js';
import { parseSequenceNumber } from './sequence-number.js';

/**
 * Where a reader starts in a shard: GetShardIterator's ShardIteratorType and SubscribeToShard's
 * StartingPosition (the same five types, the same checks and AWS messages [kinesalite]).
 * - AT_/AFTER_SEQUENCE_NUMBER: the number must be one of this shard's (it encodes the shard and
 *   the shard's creation time);
 * - TRIM_HORIZON: the oldest record still within retention;
 * - LATEST: just after the newest record now;
 * - AT_TIMESTAMP: the first record that arrived at or after Timestamp (not in the future).
 */

export type PositionType = 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';

export interface Position {
  readonly fromSeq: number;
  /** Epoch ms; 0 = no lower bound beyond retention. */
  readonly minArrivalMs: number;
}

export async function startingPosition(
  store: KinesisStore,
  shard: ShardRecord,
  where: { type: PositionType; sequenceNumber?: string; timestamp?: Date; streamName: string; accountId: string },
  now: number,
): Promise<Position> {
  const { type, sequenceNumber: seqText, streamName: name, accountId } = where;
  const shardId = shardIdOf(shard.index);
  if (type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER') {
    if (seqText === undefined) throw kinesisErrors.iteratorArguments(type, false);
    const p = parseSequenceNumber(seqText);
    if (!p) throw kinesisErrors.invalidStartingSequenceNumber(seqText, shardId, name, accountId);
    if (p.shardIndex !== shard.index) throw kinesisErrors.sequenceNumberOfOtherShard(shardIdOf(p.shardIndex), shardId);
    if (p.shardCreatedSecs !== Math.floor(shard.createdAt / 1000)) throw kinesisErrors.sequenceNumberOfOtherStream(seqText, shardId, name, accountId);
    return { fromSeq: type === 'AT_SEQUENCE_NUMBER' ? p.seq : p.seq + 1, minArrivalMs: 0 };
  }
  if (seqText !== undefined && type !== 'AT_TIMESTAMP') throw kinesisErrors.iteratorArguments(type, true);
  if (type === 'LATEST') return { fromSeq: (await store.shardTip(shard.id)).nextSeq, minArrivalMs: 0 };
  if (type === 'AT_TIMESTAMP') {
    if (where.timestamp === undefined) throw kinesisErrors.timestampRequired();
    const minArrivalMs = where.timestamp.getTime();
    if (minArrivalMs > now) throw kinesisErrors.timestampInFuture(minArrivalMs, now);
    return { fromSeq: 0, minArrivalMs };
  }
  return { fromSeq: 0, minArrivalMs: 0 };
}
