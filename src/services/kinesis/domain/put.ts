import type { Ids } from '../../../runtime/ids.js';
import { kinesisErrors } from '../errors.js';
import { ShardClosedError, type NewRecord, type ShardRecord, type StreamRecord } from '../store.js';
import { parseExplicitHashKey, partitionHashKey, rangeIndexOf } from './hash-keys.js';
import { openShards } from './streams.js';

/**
 * Turning PutRecord / PutRecords entries into records for the store: which shard each goes to
 * and whether it fits.
 * - Shard: the open shard whose hash key range holds ExplicitHashKey, else MD5(PartitionKey).
 * - Size: data + partition key (UTF-8) must fit the stream's MaxRecordSizeInKiB.
 * - PartitionKey became optional in the 2025 model, for streams whose RecordDistributionStrategy
 *   is AUTO: Kinesis then spreads the records itself (here: a random hash key, no partition key
 *   stored). Streams distributing by the user's partition key still require one.
 */

export interface PutEntry {
  readonly Data: Buffer;
  readonly PartitionKey?: string;
  readonly ExplicitHashKey?: string;
}

export interface PreparedRecord extends NewRecord {
  readonly shard: ShardRecord;
  readonly size: number;
}

/** `path(i)` names the entry in messages: `partitionKey` for PutRecord, `records.3.member.partitionKey` style for PutRecords. */
export function prepareRecord(stream: StreamRecord, entry: PutEntry, ids: Ids, path: (member: string) => string): PreparedRecord {
  let partitionKey = entry.PartitionKey;
  if (partitionKey === undefined && stream.settings.recordDistributionStrategy !== 'AUTO') {
    throw kinesisErrors.partitionKeyRequired(path('partitionKey'));
  }
  let hashKey: bigint;
  if (entry.ExplicitHashKey !== undefined) {
    const k = parseExplicitHashKey(entry.ExplicitHashKey);
    if (k === undefined) throw kinesisErrors.invalidExplicitHashKey(entry.ExplicitHashKey);
    hashKey = k;
  } else if (partitionKey !== undefined) {
    hashKey = partitionHashKey(partitionKey);
  } else {
    const b = ids.bytes(16);
    hashKey = (b.readBigUInt64BE(0) << 64n) | b.readBigUInt64BE(8);
  }
  partitionKey ??= '';
  const size = entry.Data.length + (partitionKey.length === 0 ? 0 : Buffer.byteLength(partitionKey, 'utf8'));
  const max = stream.maxRecordSizeKiB * 1024;
  if (size > max) throw kinesisErrors.recordTooLarge(path('data'), size, max);
  const open = openShards(stream);
  const shard = open.shards[rangeIndexOf(open.ranges, hashKey)]!;
  return { shardId: shard.id, shard, partitionKey, data: entry.Data, size };
}

/**
 * Runs a put (resolve the stream, route, write) again when the store refused it because a routed
 * shard was sealed meanwhile (a reshard took effect between routing and the write transaction):
 * the next attempt sees the sealed stream and routes to the children. A few attempts suffice: a
 * stream is sealed once per reshard, and reshards are at least the UPDATING delay apart.
 */
export async function routed<T>(put: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await put();
    } catch (err) {
      if (!(err instanceof ShardClosedError) || attempt >= 3) throw err;
    }
  }
}
