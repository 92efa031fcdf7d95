import type { ShardRecord, StreamInfo, StreamRecord } from '../store.js';
import type { HashKeyRange } from './hash-keys.js';
import { shardIdOf, streamArn } from './names.js';
import { formatSequenceNumber, startingSequenceNumber } from './sequence-number.js';

/**
 * Stream state as AWS reports it. A stream is CREATING until its `activeAt`, then ACTIVE; a
 * reshard or mode change makes it UPDATING until its `updatingUntil` (time is data: nothing flips
 * it, the clock does). While CREATING, AWS shows no shards and refuses data operations
 * (kinesalite's recorded behaviour); while UPDATING, data keeps flowing and only control-plane
 * changes are refused. A reshard's shard set changes when UPDATING ends (domain/reshard-time.ts):
 * the functions below take the stream as seen at a time (context.ts currentStream).
 */

export type StreamStatus = 'CREATING' | 'UPDATING' | 'ACTIVE';

export function statusOf(stream: StreamInfo, now: number): StreamStatus {
  if (now < stream.activeAt) return 'CREATING';
  return now < stream.updatingUntil ? 'UPDATING' : 'ACTIVE';
}

/** Whether records may be written and read (ACTIVE or UPDATING). */
export function isReadable(status: StreamStatus): boolean {
  return status !== 'CREATING';
}

/** Shards a reader may see: none while CREATING. */
export function visibleShards(stream: StreamRecord, now: number): readonly ShardRecord[] {
  return isReadable(statusOf(stream, now)) ? stream.shards : [];
}

/** The shards a closed shard's records continue in (GetRecords' and SubscribeToShard's ChildShards). */
export function childShards(stream: StreamRecord, parent: ShardRecord): Record<string, unknown>[] {
  return stream.shards
    .filter((s) => s.parentIndex === parent.index || s.adjacentParentIndex === parent.index)
    .map((s) => ({
      ShardId: shardIdOf(s.index),
      ParentShards: [s.parentIndex, s.adjacentParentIndex].filter((i): i is number => i !== null).map(shardIdOf),
      HashKeyRange: { StartingHashKey: s.startingHashKey, EndingHashKey: s.endingHashKey },
    }));
}

export interface OpenShards {
  readonly shards: readonly ShardRecord[];
  /** Their hash key ranges, in the same order (sorted by starting key). */
  readonly ranges: readonly HashKeyRange[];
}

const openShardCache = new WeakMap<StreamRecord, OpenShards>();

/** The open shards sorted by starting hash key, with their ranges as integers (cached per record). */
export function openShards(stream: StreamRecord): OpenShards {
  let hit = openShardCache.get(stream);
  if (!hit) {
    const shards = stream.shards.filter((s) => s.closedAt === null);
    const ranges = shards.map((s) => ({ start: BigInt(s.startingHashKey), end: BigInt(s.endingHashKey) }));
    const order = shards.map((_, i) => i).sort((a, b) => (ranges[a]!.start < ranges[b]!.start ? -1 : 1));
    hit = { shards: order.map((i) => shards[i]!), ranges: order.map((i) => ranges[i]!) };
    openShardCache.set(stream, hit);
  }
  return hit;
}

/** A record's sequence number from its shard and position (domain/sequence-number.ts). */
export function recordSequenceNumber(shard: ShardRecord, seq: number, arrivalMs: number): string {
  return formatSequenceNumber({
    shardCreatedSecs: Math.floor(shard.createdAt / 1000),
    shardIndex: shard.index,
    seq,
    recordSecs: Math.floor(arrivalMs / 1000),
  });
}

/** The `Shard` structure of DescribeStream and ListShards. */
export function shardOutput(shard: ShardRecord): Record<string, unknown> {
  return {
    ShardId: shardIdOf(shard.index),
    ParentShardId: shard.parentIndex === null ? undefined : shardIdOf(shard.parentIndex),
    AdjacentParentShardId: shard.adjacentParentIndex === null ? undefined : shardIdOf(shard.adjacentParentIndex),
    HashKeyRange: { StartingHashKey: shard.startingHashKey, EndingHashKey: shard.endingHashKey },
    SequenceNumberRange: {
      StartingSequenceNumber: startingSequenceNumber(shard.createdAt, shard.index),
      EndingSequenceNumber:
        shard.closedAt === null || shard.endingSeq === null ? undefined : recordSequenceNumber(shard, shard.endingSeq, shard.closedAt),
    },
  };
}

export function arnOf(stream: StreamInfo): string {
  return streamArn(stream.region, stream.accountId, stream.name);
}

/** `EnhancedMonitoring` as AWS always reports it: one entry, the enabled metrics (none by default). */
export function enhancedMonitoring(stream: StreamInfo): { ShardLevelMetrics: readonly string[] }[] {
  return [{ ShardLevelMetrics: stream.settings.shardLevelMetrics ?? [] }];
}
